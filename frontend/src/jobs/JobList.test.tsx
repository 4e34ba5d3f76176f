import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Client, makeResult, Provider, type Exchange, type Operation } from 'urql';
import { describe, expect, it } from 'vitest';
import { filter, fromValue, mergeMap, pipe } from 'wonka';
import { JobList } from './JobList';

function summary(id: string, state: string, cancelRequested = false) {
  return {
    __typename: 'Job',
    id,
    kind: 'IMPORT',
    state,
    done: 2000,
    total: 8000,
    message: id === 'job_auto' ? 'model reviews version 2' : state === 'RUNNING' ? 'importing big.jsonl' : 'cancelled after 2000 of 8000',
    problemCount: 0,
    createdBy: id === 'job_auto' ? 'automation' : 'demo-admin',
    createdAt: '2026-01-01T00:00:00+00:00',
    finishedAt: null,
    cancelRequested,
  };
}

/** An API whose job list has one running and one ended job, and that answers cancelJob. */
function api(seen: Operation[]) {
  let cancelled = false;
  const exchange: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind !== 'teardown'),
      mergeMap((operation) => {
        seen.push(operation);
        if (operation.kind === 'mutation') {
          cancelled = true;
          const job = summary('job_run', 'RUNNING', true);
          return fromValue(makeResult(operation, { data: { cancelJob: { __typename: 'CancelJobSuccess', job } } } as never));
        }
        const nodes = [summary('job_run', 'RUNNING', cancelled), summary('job_old', 'CANCELLED'), summary('job_auto', 'SUCCEEDED')];
        return fromValue(makeResult(operation, { data: { jobs: { __typename: 'JobConnection', totalCount: 3, nodes } } } as never));
      }),
    );
  return new Client({ url: '/graphql', exchanges: [exchange] });
}

describe('JobList: the latest jobs, with Cancel on the running ones', () => {
  it('cancels a running job through cancelJob; an ended job has no Cancel button', async () => {
    const seen: Operation[] = [];
    render(
      <Provider value={api(seen)}>
        <JobList datasetId="reviews" version={0} />
      </Provider>,
    );
    const running = await screen.findByRole('row', { name: /importing big\.jsonl/i });
    expect(within(screen.getByRole('row', { name: /cancelled after 2000 of 8000/i })).queryByRole('button')).toBeNull();

    fireEvent.click(within(running).getByRole('button', { name: 'Cancel the import job job_run' }));

    await waitFor(() => expect(seen.filter((op) => op.kind === 'mutation')).toHaveLength(1));
    expect(seen.find((op) => op.kind === 'mutation')?.variables).toEqual({ id: 'job_run' });
    await waitFor(() => expect(within(screen.getByRole('row', { name: /importing big\.jsonl/i })).getByRole('button')).toHaveTextContent('Cancelling…'));
    expect(within(screen.getByRole('row', { name: /importing big\.jsonl/i })).getByRole('button')).toBeDisabled();
  });

  it('says which jobs an automation started', async () => {
    render(
      <Provider value={api([])}>
        <JobList datasetId="reviews" version={0} />
      </Provider>,
    );
    expect(await screen.findByRole('row', { name: /model reviews version 2/i })).toHaveTextContent('automation');
    expect(screen.getByRole('row', { name: /importing big\.jsonl/i })).toHaveTextContent('demo-admin');
  });
});
