import { connectionFixture } from './fixtures';
/** API answers for the model screens (shapes as the API returns them). */

export function runFixture(id: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'TrainingRun',
    id,
    datasetId: 'fortunes',
    modelType: 'TFIDF_MULTINOMIAL_NB',
    validationMethod: 'HOLDOUT',
    itemCount: 721,
    labelCounts: { computers: 263, politics: 176, sports: 37 },
    params: { alpha: 0.1, ngram_max: 4 },
    createdBy: 'admin',
    metrics: { __typename: 'RunMetrics', accuracy: 0.5694, macroF1: 0.318, weightedF1: 0.5, loss: 1.2 },
    ...overrides,
  };
}

export function versionFixture(version: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'ModelVersion',
    name: 'fortunes',
    version,
    createdAt: '2026-11-26T23:21:00+00:00',
    aliases: [],
    isProduction: false,
    runId: `run_${version}`,
    run: runFixture(`run_${version}`),
    evaluation: null,
    ...overrides,
  };
}

/** fortunes with versions 3 (production), 2 and 1, newest first. */
export function modelFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'RegisteredModel',
    name: 'fortunes',
    productionVersion: '3',
    latestVersion: '3',
    versionCount: 3,
    updatedAt: '2026-11-26T23:45:00+00:00',
    rollbackVersion: '2',
    feedbackLoop: { __typename: 'FeedbackLoop', datasetId: null, threshold: 0.6 },
    versions: [
      versionFixture('3', {
        isProduction: true,
        aliases: ['production'],
        run: runFixture('run_3', {
          modelType: 'TFIDF_SGD',
          params: { alpha: 0.00001, ngram_max: 2 },
          metrics: { __typename: 'RunMetrics', accuracy: 0.6319, macroF1: 0.5607, weightedF1: 0.6065, loss: 1.086 },
        }),
      }),
      versionFixture('2', {
        run: runFixture('run_2', {
          itemCount: 700,
          metrics: { __typename: 'RunMetrics', accuracy: 0.6, macroF1: 0.5, weightedF1: 0.55, loss: 1.1 },
        }),
      }),
      versionFixture('1'),
    ],
    ...overrides,
  };
}

export function modelQueryFixture(model = modelFixture()) {
  const versions = connectionFixture('ModelVersionConnection', model.versions as unknown[]);
  return {
    registeredModels: connectionFixture('RegisteredModelConnection', [{ ...model, versions }]),
    servedModels: connectionFixture('ServedModelConnection', [
      { __typename: 'ServedModel', replica: 'api-1', model: model.name, version: '3' },
    ]),
  };
}

export function eventFixture(n: number, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'PromotionEvent',
    id: `fortunes:00000${n}`,
    model: 'fortunes',
    action: 'PROMOTE',
    version: '3',
    previousVersion: '2',
    actor: 'admin',
    reason: 'better macro-F1',
    at: '2026-11-26T23:45:56+00:00',
    runId: 'run_3',
    metrics: { accuracy: 0.6319, macro_f1: 0.5607 },
    ...overrides,
  };
}

export const HISTORY = [
  eventFixture(2),
  eventFixture(1, { version: '2', previousVersion: null, reason: 'first one', runId: 'run_2', metrics: { accuracy: 0.6 } }),
];

export function predictionFixture(rows: { label: string; confidence: number }[], overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Prediction',
    model: 'fortunes',
    version: '3',
    replica: 'api-2',
    latencyMs: 4.25,
    rows: rows.map(({ label, confidence }) => ({
      __typename: 'PredictionRow',
      label,
      confidence,
      probabilities: [
        { __typename: 'LabelProbability', label, probability: confidence },
        { __typename: 'LabelProbability', label: 'other', probability: 1 - confidence },
      ],
    })),
    ...overrides,
  };
}

const counts = (entries: [string, number][]) => entries.map(([value, count]) => ({ __typename: 'ValueCount', value, count }));

export function monitoringFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'ModelMonitoring',
    model: 'fortunes',
    version: null,
    since: '2026-11-26T22:47:50+00:00',
    total: 80,
    perMinute: [
      { __typename: 'TimeCount', at: '2026-11-26T23:42:00+00:00', count: 60 },
      { __typename: 'TimeCount', at: '2026-11-26T23:43:00+00:00', count: 20 },
    ],
    latencyP50Ms: 3.4,
    latencyP95Ms: 7.2,
    latencyP99Ms: 9.9,
    confidenceHistogram: counts([
      ['0.5', 3],
      ['0.8', 3],
      ['0.9', 2],
    ]),
    labels: counts([
      ['computers', 5],
      ['politics', 3],
    ]),
    trainingLabels: counts([
      ['computers', 263],
      ['politics', 176],
      ['sports', 37],
    ]),
    labelRates: [],
    psi: 0.31,
    jensenShannon: 0.12,
    versions: counts([
      ['2', 60],
      ['3', 20],
    ]),
    sources: ['PRODUCTION'],
    bySource: counts([['PRODUCTION', 80]]),
    minimumSample: 50,
    enoughData: true,
    ...overrides,
  };
}

/** A model's shadow traffic setting (off unless overridden). */
export function shadowFixture(overrides: Record<string, unknown> = {}) {
  return { __typename: 'ShadowTraffic', model: 'fortunes', alias: null, percent: 0, version: null, ...overrides };
}

/** Champion vs challenger figures: 10 pairs, 8 agreeing (none unless overridden with `paired`). */
export function comparisonFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'ChallengerComparison',
    model: 'fortunes',
    since: '2026-11-26T23:00:00+00:00',
    paired: 0,
    agreements: 0,
    agreementRate: null,
    championMeanConfidence: null,
    challengerMeanConfidence: null,
    labels: [],
    versions: [],
    ...overrides,
  };
}

/** Version `version`'s figures on evaluation set 1 of fortunes. */
export function evaluationFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'VersionEvaluation',
    datasetId: 'fortunes',
    generation: 1,
    itemCount: 144,
    accuracy: 0.6528,
    macroF1: 0.5812,
    recall: [
      { __typename: 'LabelRecall', label: 'computers', recall: 0.81 },
      { __typename: 'LabelRecall', label: 'politics', recall: 0.62 },
      { __typename: 'LabelRecall', label: 'sports', recall: 0.25 },
    ],
    evaluatedAt: '2026-11-26T23:40:00+00:00',
    ...overrides,
  };
}

/** Evaluation set 2 of fortunes (it replaced set 1). */
export function evaluationSetFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'EvaluationSet',
    datasetId: 'fortunes',
    generation: 2,
    size: 144,
    labelCounts: [
      { __typename: 'LabelCount', label: 'computers', count: 80 },
      { __typename: 'LabelCount', label: 'politics', count: 52 },
      { __typename: 'LabelCount', label: 'sports', count: 12 },
    ],
    seed: 7,
    frozenAt: '2026-11-26T22:00:00+00:00',
    frozenBy: 'admin',
    replaced: [
      {
        __typename: 'ReplacedEvaluationSet',
        generation: 1,
        size: 100,
        frozenAt: '2026-11-25T10:00:00+00:00',
        frozenBy: 'alice',
        replacedAt: '2026-11-26T22:00:00+00:00',
        replacedBy: 'admin',
      },
    ],
    ...overrides,
  };
}
