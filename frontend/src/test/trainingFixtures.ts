/** API answers for the training screens (shapes as the API returns them), and a fake live subscription. */
import { act } from '@testing-library/react';
import { makeOperation, makeResult, type Client, type Exchange, type Operation } from 'urql';
import { filter, makeSubject, map, merge, mergeMap, pipe, share, takeUntil, type Subject } from 'wonka';

const param = (overrides: Record<string, unknown>) => ({
  __typename: 'ParamSpec',
  description: '',
  minimum: null,
  maximum: null,
  choices: [],
  nullable: false,
  ...overrides,
});

/** Two TEXT model types: one with a parameter of each type (and two nullable ones), one with a single parameter. */
export const MODEL_TYPES = [
  {
    __typename: 'ModelTypeSpec',
    type: 'TFIDF_SGD',
    kind: 'TEXT',
    title: 'TF-IDF + SGD classifier',
    description: 'Linear model trained epoch by epoch.',
    curve: 'epoch',
    params: [
      param({ name: 'analyzer', type: 'CHOICE', description: 'Word or character n-grams.', choices: ['word', 'char_wb'] }),
      param({ name: 'epochs', type: 'INT', description: 'Passes over the training set.', minimum: 1, maximum: 500 }),
      param({ name: 'alpha', type: 'FLOAT', description: 'Regularisation strength.', minimum: 1e-9, maximum: 1 }),
      param({ name: 'sublinear_tf', type: 'BOOL', description: 'Use 1 + log(tf).' }),
      param({ name: 'max_features', type: 'INT', description: 'Keep the most frequent terms only.', minimum: 10, maximum: 5e6, nullable: true }),
      param({ name: 'max_depth', type: 'INT', description: 'Deepest tree; null for no limit.', minimum: 1, maximum: 100, nullable: true }),
    ],
  },
  {
    __typename: 'ModelTypeSpec',
    type: 'TFIDF_MULTINOMIAL_NB',
    kind: 'TEXT',
    title: 'TF-IDF + multinomial naive Bayes',
    description: 'Very fast; good with little data.',
    curve: 'fit',
    params: [param({ name: 'alpha', type: 'FLOAT', description: 'Additive smoothing.', minimum: 1e-6, maximum: 100 })],
  },
];

export const MODEL_TYPE_DEFAULTS = [
  {
    __typename: 'ModelTypeSpec',
    type: 'TFIDF_SGD',
    params: [
      { __typename: 'ParamSpec', name: 'analyzer', default: 'word' },
      { __typename: 'ParamSpec', name: 'epochs', default: 15 },
      { __typename: 'ParamSpec', name: 'alpha', default: 0.00001 },
      { __typename: 'ParamSpec', name: 'sublinear_tf', default: true },
      { __typename: 'ParamSpec', name: 'max_features', default: 200000 },
      { __typename: 'ParamSpec', name: 'max_depth', default: null },
    ],
  },
  {
    __typename: 'ModelTypeSpec',
    type: 'TFIDF_MULTINOMIAL_NB',
    params: [{ __typename: 'ParamSpec', name: 'alpha', default: 0.1 }],
  },
];

/** `search(first: 1)` for the training-set count: `total` items, `unlabelled` of them UNLABELED. */
export function trainingSetCount(total: number, unlabelled: number) {
  return {
    search: {
      __typename: 'SearchResults',
      totalCount: total,
      facets: {
        __typename: 'SearchFacets',
        statuses: [
          { __typename: 'FacetCount', value: 'UNLABELED', count: unlabelled },
          { __typename: 'FacetCount', value: 'REVIEWED', count: total - unlabelled },
        ],
      },
    },
  };
}

export function metricEvent(seq: number, step: number, total = 40) {
  return {
    __typename: 'JobEvent',
    cursor: String(seq),
    seq,
    at: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}+00:00`,
    kind: 'METRIC',
    state: null,
    message: null,
    level: null,
    progress: null,
    done: null,
    total: null,
    metric: {
      __typename: 'MetricPoint',
      step,
      total,
      fold: null,
      loss: 1 / step,
      accuracy: 0.5 + step / (2 * total),
      macroF1: 0.4 + step / (2 * total),
    },
  };
}

export function stateEvent(seq: number, state: string, message = state.toLowerCase()) {
  return { ...metricEvent(seq, 1), kind: 'STATE', state, message, metric: null };
}

export function logEvent(seq: number, message: string, level = 'INFO') {
  return { ...metricEvent(seq, 1), kind: 'LOG', level, message, metric: null };
}

export function runFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'TrainingRun',
    id: 'run_1',
    datasetId: 'reviews',
    modelType: 'TFIDF_SGD',
    state: 'RUNNING',
    message: 'running',
    createdBy: 'admin',
    createdAt: '2026-01-01T00:00:00+00:00',
    finishedAt: null,
    durationSeconds: null,
    itemCount: 120,
    validationMethod: 'HOLDOUT',
    metrics: null,
    modelName: 'reviews',
    modelVersion: null,
    params: { analyzer: 'word', epochs: 40, alpha: 0.00001 },
    trainingSet: { statuses: ['REVIEWED'] },
    minAgreement: null,
    attempt: 1,
    startedAt: '2026-01-01T00:00:01+00:00',
    dataHash: 'aab8d5ebb99eb5947ad25a6cf8aa1bc1d9ec44392d3cfdbc2829595d5772fe6e',
    labelRule: 'GOLD_OR_MAJORITY',
    trainingSetId: null,
    trainingSetName: null,
    labelCounts: { pos: 60, neg: 60 },
    trainSize: 96,
    validationSize: 24,
    cancelRequested: false,
    classReport: [],
    confusionMatrix: null,
    labelOutcomes: [],
    mlflowExperimentId: '3',
    mlflowRunId: '2c5781b4060c4abeb7ba74e24461577e',
    events: [stateEvent(1, 'QUEUED', 'queued'), stateEvent(2, 'RUNNING', 'running'), metricEvent(3, 1)],
    ...overrides,
  };
}

/** The same run once it has SUCCEEDED, with its results. */
export function succeededRunFixture(overrides: Record<string, unknown> = {}) {
  return runFixture({
    state: 'SUCCEEDED',
    message: 'model reviews version 4: accuracy 0.917',
    finishedAt: '2026-01-01T00:00:09+00:00',
    durationSeconds: 8.2,
    metrics: { __typename: 'RunMetrics', accuracy: 0.9167, macroF1: 0.9, weightedF1: 0.91, loss: 0.25 },
    modelVersion: '4',
    classReport: [
      { __typename: 'ClassMetrics', label: 'neg', precision: 1, recall: 0.8333, f1: 0.9091, support: 12 },
      { __typename: 'ClassMetrics', label: 'pos', precision: 0.8571, recall: 1, f1: 0.9231, support: 12 },
    ],
    confusionMatrix: { __typename: 'ConfusionMatrix', labels: ['neg', 'pos'], matrix: [[10, 2], [0, 12]] },
    ...overrides,
  });
}

/**
 * An exchange that answers subscriptions with what the test pushes (each subscription its own stream, which the
 * test can end as a dropped connection would), and forwards every other operation.
 */
export function liveSubscriptions() {
  const streams: { operation: Operation; subject: Subject<unknown> }[] = [];
  let client: Client | null = null;
  const exchange: Exchange =
    ({ forward, client: exchangeClient }) =>
    (operations$) => {
      client = exchangeClient;
      const shared = pipe(operations$, share);
      const subscriptions = pipe(
        shared,
        filter((operation) => operation.kind === 'subscription'),
        mergeMap((operation) => {
          const subject = makeSubject<unknown>();
          streams.push({ operation, subject });
          const teardown = pipe(
            shared,
            filter((other) => other.kind === 'teardown' && other.key === operation.key),
          );
          return pipe(
            subject.source,
            takeUntil(teardown),
            map((data) => makeResult(operation, { data } as never)),
          );
        }),
      );
      const others = forward(pipe(shared, filter((operation) => operation.kind !== 'subscription')));
      return merge([subscriptions, others]);
    };
  const current = () => {
    const stream = streams[streams.length - 1];
    if (!stream) throw new Error('no subscription yet');
    return stream;
  };
  return {
    exchange,
    /** The variables of every subscription started, in order. */
    variables: () => streams.map((stream) => stream.operation.variables as Record<string, unknown>),
    /** Sends events on the latest subscription, one result each. */
    push: (...events: unknown[]) =>
      act(() => {
        for (const event of events) current().subject.next({ trainingRun: event });
      }),
    /** Ends the latest subscription, as a connection that drops for good would (urql's subscriptionExchange then
     * tears the operation down, which ends its results). */
    end: () =>
      act(() => {
        const { operation, subject } = current();
        subject.complete();
        client?.reexecuteOperation(makeOperation('teardown', operation, operation.context));
      }),
  };
}

/** A saved training set as `trainingSets` lists it. */
export function trainingSetFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'TrainingSet',
    id: 'ts_alpha',
    datasetId: 'reviews',
    name: 'Alpha',
    filter: { text: 'alpha' },
    labelRule: 'GOLD_OR_MAJORITY',
    minAgreement: null,
    createdBy: 'admin',
    createdAt: '2026-01-01T00:00:00+00:00',
    updatedAt: '2026-01-01T00:00:00+00:00',
    ...overrides,
  };
}

/** The `trainingSets` answer holding `sets`. */
export function trainingSetsFixture(sets: unknown[]) {
  return {
    trainingSets: {
      __typename: 'TrainingSetConnection',
      totalCount: sets.length,
      pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      nodes: sets,
    },
  };
}
