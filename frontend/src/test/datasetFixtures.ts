/** API answers for the dataset, search and job screens (shapes as the API returns them). */

export function datasetFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Dataset',
    id: 'reviews',
    name: 'Reviews',
    kind: 'TEXT',
    taskType: 'SINGLE_LABEL',
    labels: [
      { __typename: 'Label', name: 'pos', hotkey: '1', color: '#2ca02c' },
      { __typename: 'Label', name: 'neg', hotkey: '2', color: '#d62728' },
    ],
    instructions: 'Is the review positive or negative?',
    settings: { __typename: 'AnnotationSettings', overlapTarget: 1, blind: false, queueOrder: 'RANDOM' },
    featureNames: [],
    archived: false,
    createdAt: '2026-01-01T00:00:00+00:00',
    updatedAt: '2026-01-01T00:00:00+00:00',
    itemCount: 12,
    ...overrides,
  };
}

export function jobFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Job',
    id: 'job_1',
    kind: 'IMPORT',
    state: 'QUEUED',
    datasetId: 'reviews',
    done: 0,
    total: null,
    message: '',
    problems: [],
    problemCount: 0,
    createdBy: 'demo-admin',
    createdAt: '2026-01-01T00:00:00+00:00',
    startedAt: null,
    finishedAt: null,
    result: {},
    ...overrides,
  };
}

const counts = (entries: [string, number][]) =>
  entries.map(([value, count]) => ({ __typename: 'FacetCount', value, count }));

export function hitFixture(externalId: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'SearchHit',
    cursor: `c-${externalId}`,
    itemId: `reviews:${externalId}`,
    externalId,
    text: `review ${externalId}`,
    features: null,
    metadata: [{ __typename: 'MetadataEntry', key: 'source', value: 'web' }],
    status: 'UNLABELED',
    goldLabel: null,
    labels: [],
    highlights: [],
    score: null,
    createdAt: '2026-01-01T00:00:00+00:00',
    ...overrides,
  };
}

export function searchResultsFixture(hits: unknown[], totalCount = hits.length, hasNextPage = false) {
  return {
    __typename: 'SearchResults',
    totalCount,
    pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: hasNextPage ? 'page-1-end' : null },
    nodes: hits,
    facets: {
      __typename: 'SearchFacets',
      statuses: counts([
        ['UNLABELED', 7],
        ['REVIEWED', 5],
      ]),
      labels: counts([['pos', 5]]),
      goldLabels: counts([
        ['pos', 5],
        ['neg', 2],
      ]),
      annotators: [],
      metadata: [
        {
          __typename: 'MetadataFacet',
          key: 'source',
          values: counts([
            ['app', 8],
            ['web', 4],
          ]),
        },
      ],
      metadataRanges: [
        {
          __typename: 'MetadataRangeFacet',
          key: 'score',
          buckets: [
            { __typename: 'RangeBucket', min: 0, max: 0.5, count: 9 },
            { __typename: 'RangeBucket', min: 0.5, max: 1, count: 3 },
          ],
        },
      ],
    },
  };
}

export const NO_JOBS = {
  jobs: { __typename: 'JobConnection', totalCount: 0, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, nodes: [] },
};
export const EMPTY_STATS = {
  search: {
    __typename: 'SearchResults',
    totalCount: 0,
    facets: { __typename: 'SearchFacets', labels: [], goldLabels: [], statuses: [] },
  },
};
