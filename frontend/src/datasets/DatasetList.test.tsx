import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';
import { PAGE_SIZE } from './DatasetList';

function api(seen: Record<string, unknown>[]) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
    if (name === 'Datasets') {
      seen.push(variables);
      const nodes = variables.after
        ? [datasetFixture({ id: 'zoo', name: 'Zoo' })]
        : [datasetFixture({ id: 'art', name: 'Art' }), datasetFixture({ id: 'news', name: 'News' })];
      return {
        data: {
          datasets: {
            __typename: 'DatasetConnection',
            totalCount: 3,
            pageInfo: { __typename: 'PageInfo', hasNextPage: !variables.after, endCursor: variables.after ? 'c3' : 'c2' },
            nodes,
          },
        },
      };
    }
    throw new Error(`unexpected ${name}`);
  };
}

describe('Dataset list', () => {
  it('pages with the cursor of the last page and counts every dataset', async () => {
    // given a first page of 2 of 3 datasets
    const seen: Record<string, unknown>[] = [];
    renderApp('/datasets', api(seen));
    const user = userEvent.setup();
    expect(await screen.findByText('News')).toBeInTheDocument();
    expect(screen.getByText('2 of 3 datasets')).toBeInTheDocument();
    // when the next page is asked for
    await user.click(screen.getByRole('button', { name: 'Next page →' }));
    // then it is read after the first page's end cursor, and it is the last
    expect(await screen.findByText('Zoo')).toBeInTheDocument();
    expect(seen.at(-1)).toEqual({ includeArchived: false, first: PAGE_SIZE, after: 'c2' });
    expect(screen.getByRole('button', { name: 'Next page →' })).toBeDisabled();
    expect(screen.getByRole('button', { name: '← Previous page' })).toBeEnabled();
  });
});
