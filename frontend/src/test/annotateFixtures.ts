/** API answers for the annotation workspace, the review queue and the agreement page (shapes as the API returns them). */

const AT = '2026-01-02T03:04:05+00:00';

export function annotationFixture(annotator: string, label: string, note: string | null = null) {
  const labels: string[] = [];
  const spans: SpanFixture[] = [];
  return { __typename: 'Annotation', annotator, label, labels, spans, note, createdAt: AT, updatedAt: AT, suggestionAccepted: null as boolean | null };
}

export interface SpanFixture {
  __typename?: 'Span';
  start: number;
  end: number;
  label: string;
  text: string;
  score: number | null;
}

export function labelEventFixture(actor: string, action: string, label: string | null, comment: string | null = null) {
  return { __typename: 'LabelEvent', at: AT, actor, action, label, comment };
}

export type ItemFixture = ReturnType<typeof workItemFixture>;

export function workItemFixture(externalId: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Item',
    id: `reviews:${externalId}`,
    datasetId: 'reviews',
    externalId,
    text: `review ${externalId}`,
    features: null,
    metadata: [{ __typename: 'MetadataEntry', key: 'source', value: 'web' }],
    status: 'UNLABELED',
    goldLabel: null as string | null,
    goldLabels: [] as string[],
    goldSpans: [] as SpanFixture[],
    agreement: null as number | null,
    suggestion: null as {
      __typename: 'Suggestion';
      label: string;
      confidence: number;
      model?: string;
      version: string;
      at?: string;
      labels?: { __typename?: 'LabelScore'; label: string; score: number }[];
      spans?: SpanFixture[];
    } | null,
    revision: 1,
    createdAt: AT,
    updatedAt: AT,
    annotations: [] as ReturnType<typeof annotationFixture>[],
    history: [] as ReturnType<typeof labelEventFixture>[],
    ...overrides,
  };
}

export function queuedFixture(item: unknown) {
  return { nextItem: { __typename: 'QueuedItem', reservedUntil: '2026-01-02T03:06:05+00:00', item } };
}

export function queueEmptyFixture(message = "no item of 'reviews' needs a label from you in the UNLABELED_FIRST queue") {
  return { nextItem: { __typename: 'QueueEmpty', message } };
}

export function activityFixture(overrides: Record<string, unknown> = {}) {
  return {
    datasetActivity: {
      __typename: 'DatasetActivity',
      datasetId: 'reviews',
      at: AT,
      queueDepth: 9,
      statuses: [
        { __typename: 'StatusCount', status: 'AGREED', count: 2 },
        { __typename: 'StatusCount', status: 'CONFLICT', count: 1 },
        { __typename: 'StatusCount', status: 'IN_PROGRESS', count: 3 },
        { __typename: 'StatusCount', status: 'UNLABELED', count: 6 },
      ],
      labelsLastMinute: 4,
      percentAgreement: 0.75,
      recent: [{ __typename: 'LabelNotice', annotator: 'alice', itemId: 'reviews:r7', label: 'pos', at: AT }],
      ...overrides,
    },
  };
}

export function agreementFixture(overrides: Record<string, unknown> = {}) {
  return {
    agreement: {
      __typename: 'Agreement',
      taskType: 'SINGLE_LABEL',
      itemsLabelled: 6,
      itemsCompared: 4,
      labelKappas: [],
      krippendorffAlphaMasi: null,
      spanF1: null,
      percentAgreement: 0.75,
      fleissKappa: 0.3125,
      cohenKappa: 0.5,
      pairs: [{ __typename: 'AnnotatorPair', first: 'alice', second: 'bob', kappa: 0.5, items: 4, similarity: null }],
      annotators: [
        { __typename: 'AnnotatorStats', annotator: 'alice', labels: 5, perHour: 42.5, agreementWithConsensus: 0.75, agreementWithGold: 1, suggestionsShown: 4, suggestionsAccepted: 3, acceptanceRate: 0.75 },
        { __typename: 'AnnotatorStats', annotator: 'bob', labels: 4, perHour: null, agreementWithConsensus: 0.75, agreementWithGold: null, suggestionsShown: 0, suggestionsAccepted: 0, acceptanceRate: null },
      ],
      ...overrides,
    },
  };
}

export const STATS_FIXTURE = {
  search: {
    __typename: 'SearchResults',
    totalCount: 12,
    facets: {
      __typename: 'SearchFacets',
      labels: [],
      goldLabels: [],
      statuses: [{ __typename: 'FacetCount', value: 'UNLABELED', count: 12 }],
    },
  },
};
