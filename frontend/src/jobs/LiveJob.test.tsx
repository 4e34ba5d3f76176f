import { act, render, screen, waitFor, within } from '@testing-library/react';
import { Client, makeResult, Provider, type Exchange, type Operation } from 'urql';
import { describe, expect, it, vi } from 'vitest';
import { filter, fromValue, makeSubject, map, mergeMap, never, pipe } from 'wonka';
import { jobFixture } from '../test/datasetFixtures';
import type { JobFieldsFragment } from './jobs.generated';
import { LiveJob, POLL_MS } from './LiveJob';

/** A client whose subscriptions receive whatever the test pushes into `push`. */
function liveClient() {
  const subject = makeSubject<unknown>();
  const operations: Operation[] = [];
  const exchange: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind === 'subscription'),
      mergeMap((operation) => {
        operations.push(operation);
        return pipe(
          subject.source,
          map((data) => makeResult(operation, { data } as never)),
        );
      }),
    );
  const client = new Client({ url: '/graphql', exchanges: [exchange] });
  return { client, operations, push: (job: unknown) => act(() => subject.next({ jobProgress: job })) };
}

describe('LiveJob: an import followed with jobProgress', () => {
  it('shows the progress, then the problems with their lines when it has SUCCEEDED', async () => {
    const { client, operations, push } = liveClient();
    const onFinished = vi.fn();
    render(
      <Provider value={client}>
        <LiveJob job={jobFixture() as JobFieldsFragment} onFinished={onFinished} />
      </Provider>,
    );
    expect(screen.getByText('QUEUED')).toBeInTheDocument();
    expect(operations[0]?.variables).toEqual({ id: 'job_1' });

    push(jobFixture({ state: 'RUNNING', done: 5, total: 14, message: 'importing reviews.jsonl' }));
    const bar = screen.getByRole('progressbar', { name: 'Import progress' });
    expect(bar).toHaveAttribute('value', '5');
    expect(bar).toHaveAttribute('max', '14');
    expect(screen.getByText('RUNNING')).toBeInTheDocument();
    expect(screen.getByText(/5 of 14 lines/)).toHaveTextContent('Importing reviews.jsonl');
    expect(screen.queryByRole('table')).not.toBeInTheDocument(); // problems only at the end
    expect(onFinished).not.toHaveBeenCalled();

    const problems = [
      { __typename: 'JobProblem', line: 6, reason: 'not valid JSON (Expecting value at column 23)' },
      { __typename: 'JobProblem', line: 14, reason: "label 'unknown' is not in dataset 'reviews' labels" },
    ];
    push(
      jobFixture({
        state: 'SUCCEEDED',
        done: 14,
        total: 14,
        message: '12 items stored, 3 lines skipped',
        problems,
        problemCount: 3,
      }),
    );
    expect(screen.getByText('SUCCEEDED')).toBeInTheDocument();
    expect(bar).toHaveAttribute('value', '14');
    const table = screen.getByRole('table', { name: /3 problems/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]!.textContent)).toEqual(['6', '14']);
    expect(rows[0]).toHaveTextContent('Not valid JSON (Expecting value at column 23)');
    expect(screen.getByText('1 more not listed.')).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished.mock.calls[0]![0]).toMatchObject({ state: 'SUCCEEDED', problemCount: 3 });
  });

  it('does not subscribe to a job that has already ended', () => {
    const { client, operations } = liveClient();
    render(
      <Provider value={client}>
        <LiveJob job={jobFixture({ state: 'FAILED', message: 'the file is empty' }) as JobFieldsFragment} />
      </Provider>,
    );
    expect(screen.getByText('FAILED')).toBeInTheDocument();
    expect(operations).toHaveLength(0);
  });

  it('polls the job when the subscription sends nothing (e.g. the WebSocket is refused)', { timeout: 20_000 }, async () => {
    const polls: Operation[] = [];
    const exchange: Exchange = () => (operations$) =>
      pipe(
        operations$,
        filter((operation) => operation.kind !== 'teardown'),
        mergeMap((operation) => {
          if (operation.kind === 'subscription') return never; // no event, ever
          polls.push(operation);
          const job = jobFixture({ state: 'SUCCEEDED', done: 14, total: 14, message: '14 items stored' });
          return fromValue(makeResult(operation, { data: { job } } as never));
        }),
      );
    const onFinished = vi.fn();
    render(
      <Provider value={new Client({ url: '/graphql', exchanges: [exchange] })}>
        <LiveJob job={jobFixture() as JobFieldsFragment} onFinished={onFinished} />
      </Provider>,
    );
    expect(screen.getByText('QUEUED')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('SUCCEEDED')).toBeInTheDocument(), { timeout: POLL_MS * 6 }); // generous: a busy machine delays timers
    expect(polls[0]?.variables).toEqual({ id: 'job_1' });
    expect(onFinished).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS + 200));
    expect(polls).toHaveLength(1); // it stops once the job has ended
  });
});
