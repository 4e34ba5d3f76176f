import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { datasetFixture, EMPTY_STATS, jobFixture, NO_JOBS } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

const FINISHED = jobFixture({
  state: 'SUCCEEDED',
  done: 14,
  total: 14,
  message: '12 items stored, 2 lines skipped',
  problems: [
    { __typename: 'JobProblem', line: 6, reason: 'not valid JSON (Expecting value at column 23)' },
    { __typename: 'JobProblem', line: 14, reason: "label 'unknown' is not in dataset 'reviews' labels" },
  ],
  problemCount: 2,
});

function api(role: 'USER' | 'ADMIN', dataset = datasetFixture()) {
  return (name: string): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Dataset') return { data: { dataset } };
    if (name === 'DatasetStats') return { data: EMPTY_STATS };
    if (name === 'Jobs') return { data: NO_JOBS };
    if (name === 'JobProgress') return { data: { jobProgress: FINISHED } };
    throw new Error(`unexpected ${name}`);
  };
}

function jsonResponse(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

describe('Import panel', () => {
  it('uploads the file as a GraphQL multipart request with the Bearer token, then follows the job', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse({ data: { importItems: { __typename: 'JobSuccess', job: jobFixture() } } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderApp('/datasets/reviews', api('ADMIN'));
    const user = userEvent.setup();
    const panel = await screen.findByRole('region', { name: 'Import items' });
    const file = new File(['{"id": "1", "text": "great"}\n'], 'reviews.jsonl', { type: 'application/x-ndjson' });
    await user.upload(within(panel).getByLabelText('File'), file);
    await user.click(within(panel).getByText('Field mapping (optional)'));
    await user.type(within(panel).getByLabelText('Text field'), 'body');
    await user.type(within(panel).getByLabelText('Metadata fields'), 'source, lang');
    await user.click(within(panel).getByRole('button', { name: 'Import' }));

    expect(await within(panel).findByText('SUCCEEDED')).toBeInTheDocument();
    const rows = within(within(panel).getByRole('table')).getAllByRole('row');
    expect(rows.slice(1).map((row) => row.firstElementChild?.textContent)).toEqual(['6', '14']);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.headers).toEqual({ Authorization: 'Bearer test-token' });
    const form = init.body as FormData;
    const operations = JSON.parse(String(form.get('operations')));
    expect(operations.query).toMatch(/mutation ImportItems/);
    expect(operations.variables).toEqual({
      datasetId: 'reviews',
      file: null,
      format: null,
      mapping: { text: 'body', metadata: ['source', 'lang'] },
    });
    expect(JSON.parse(String(form.get('map')))).toEqual({ 0: ['variables.file'] });
    expect((form.get('0') as File).name).toBe('reviews.jsonl');
  });

  it('puts a ValidationError on the format next to the format select; DatasetArchivedError on the form', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(
        jsonResponse({
          data: {
            importItems: {
              __typename: 'ValidationError',
              message: 'invalid input in format: nothing was changed',
              fieldErrors: [{ field: 'format', code: 'unknown', message: "cannot tell the format of 'x.txt'" }],
            },
          },
        }),
      )
      .mockResolvedValueOnce(
        jsonResponse({
          data: { importItems: { __typename: 'DatasetArchivedError', message: "dataset 'reviews' is archived" } },
        }),
      );
    vi.stubGlobal('fetch', fetchMock);
    renderApp('/datasets/reviews', api('ADMIN'));
    const user = userEvent.setup({ applyAccept: false }); // a file the picker would not offer
    const panel = await screen.findByRole('region', { name: 'Import items' });
    await user.upload(within(panel).getByLabelText('File'), new File(['x'], 'x.txt'));
    await user.click(within(panel).getByRole('button', { name: 'Import' }));
    expect(await within(panel).findByLabelText('Format')).toHaveAccessibleDescription("cannot tell the format of 'x.txt'");
    await user.click(within(panel).getByRole('button', { name: 'Import' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent("Dataset 'reviews' is archived.");
  });

  it('a USER sees the import disabled, with the reason', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderApp('/datasets/reviews', api('USER'));
    const panel = await screen.findByRole('region', { name: 'Import items' });
    const button = within(panel).getByRole('button', { name: 'Import' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(expect.stringContaining("Requires the permission 'manage_datasets'"));
    expect(within(panel).getByLabelText('File')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Edit labels and settings' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Export all items' })).toBeNull(); // exports are for ADMINs
    await waitFor(() => expect(fetchMock).not.toHaveBeenCalled());
  });

  it('an archived dataset cannot be imported into or edited, and says so', async () => {
    renderApp('/datasets/reviews', api('ADMIN', datasetFixture({ archived: true })));
    const panel = await screen.findByRole('region', { name: 'Import items' });
    expect(within(panel).getByRole('button', { name: 'Import' })).toHaveAccessibleDescription(
      'The dataset is archived: restore it first.',
    );
    expect(screen.getByRole('button', { name: 'Restore dataset' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Edit labels and settings' })).toHaveAccessibleDescription(
      'The dataset is archived: restore it first.',
    );
  });
});

describe('CoNLL for span datasets', () => {
  it('offers CoNLL in the import and export format lists of a SPANS dataset only', async () => {
    renderApp('/datasets/reviews', api('ADMIN', datasetFixture({ taskType: 'SPANS' })));
    const panel = await screen.findByRole('region', { name: 'Import items' });
    const exportSection = await screen.findByRole('region', { name: 'Export items' });

    expect(within(panel).getByRole('option', { name: 'CoNLL (tokens and BIO tags)' })).toBeInTheDocument();
    expect(within(exportSection).getByRole('option', { name: 'CoNLL (tokens and BIO tags)' })).toBeInTheDocument();
  });

  it('does not offer CoNLL for a single-label dataset', async () => {
    renderApp('/datasets/reviews', api('ADMIN'));
    const panel = await screen.findByRole('region', { name: 'Import items' });
    const exportSection = await screen.findByRole('region', { name: 'Export items' });

    expect(within(panel).queryByRole('option', { name: /CoNLL/ })).toBeNull();
    expect(within(exportSection).getAllByRole('option').map((option) => option.textContent)).toEqual([
      'JSONL (one JSON object per line)',
      'CSV',
    ]);
  });
});
