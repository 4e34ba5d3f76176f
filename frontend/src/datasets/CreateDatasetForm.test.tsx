import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { datasetFixture, EMPTY_STATS, NO_JOBS } from '../test/datasetFixtures';
import { connectionFixture, viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

function api(role: 'USER' | 'ADMIN', createDataset: unknown, seen: Record<string, unknown>[] = []) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Datasets') return { data: { datasets: connectionFixture('DatasetConnection', [datasetFixture()]) } };
    if (name === 'CreateDataset') {
      seen.push(variables);
      return { data: { createDataset } };
    }
    if (name === 'Dataset') return { data: { dataset: datasetFixture({ id: 'news', name: 'News' }) } };
    if (name === 'DatasetStats') return { data: EMPTY_STATS };
    if (name === 'Jobs') return { data: NO_JOBS };
    throw new Error(`unexpected ${name}`);
  };
}

async function fillForm() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'New dataset' }));
  const form = screen.getByRole('form', { name: 'Create a dataset' });
  // The dataset's own Name comes first (each label row has a Name too).
  await user.type(within(form).getAllByLabelText('Name')[0]!, 'News');
  await user.click(within(form).getByRole('button', { name: 'Add label' }));
  const names = ['sport', 'politics', 'tech'];
  for (const [i, label] of names.entries()) {
    const row = within(form).getByRole('group', { name: `Label ${i + 1}` });
    await user.type(within(row).getByLabelText('Name'), label);
    await user.type(within(row).getByLabelText('Hotkey'), String(i + 1));
  }
  await user.click(within(form).getByRole('button', { name: 'Create dataset' }));
  return { user, form };
}

describe('Create a dataset', () => {
  it('ValidationError: each field error next to its input, label rows by index', async () => {
    const seen: Record<string, unknown>[] = [];
    renderApp(
      '/datasets',
      api(
        'ADMIN',
        {
          __typename: 'ValidationError',
          message: 'invalid input in name, labels[1].hotkey, settings.overlapTarget: nothing was changed',
          fieldErrors: [
            { field: 'name', code: 'taken', message: "a dataset with id 'news' exists: choose another name" },
            { field: 'labels[1].hotkey', code: 'duplicate', message: "hotkey '2' is used twice" },
            { field: 'settings.overlapTarget', code: 'out_of_range', message: 'ask for 1 to 10 labels per item' },
          ],
        },
        seen,
      ),
    );
    const { form } = await fillForm();
    const secondRow = within(form).getByRole('group', { name: 'Label 2' });
    expect(await within(secondRow).findByLabelText('Hotkey')).toHaveAccessibleDescription("hotkey '2' is used twice");
    expect(within(secondRow).getByLabelText('Hotkey')).toHaveAttribute('aria-invalid', 'true');
    const firstRow = within(form).getByRole('group', { name: 'Label 1' });
    expect(within(firstRow).getByLabelText('Hotkey')).not.toHaveAttribute('aria-invalid');
    expect(within(form).getAllByLabelText('Name')[0]).toHaveAccessibleDescription(
      expect.stringContaining("a dataset with id 'news' exists"),
    );
    expect(within(form).getByLabelText('Overlap target')).toHaveAccessibleDescription(
      expect.stringContaining('ask for 1 to 10 labels per item'),
    );
    expect(seen[0]).toMatchObject({
      input: {
        name: 'News',
        kind: 'TEXT',
        labels: [
          { name: 'sport', hotkey: '1', color: '#1f77b4' },
          { name: 'politics', hotkey: '2', color: '#2ca02c' },
          { name: 'tech', hotkey: '3', color: '#d62728' },
        ],
        instructions: '',
        settings: { overlapTarget: 1, blind: false, queueOrder: 'RANDOM' },
      },
    });
  });

  it('the queue order is random per annotator by default; import order is an option', async () => {
    const seen: Record<string, unknown>[] = [];
    renderApp('/datasets', api('ADMIN', { __typename: 'DatasetSuccess', dataset: datasetFixture({ id: 'news' }) }, seen));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New dataset' }));
    const form = screen.getByRole('form', { name: 'Create a dataset' });
    const order = within(form).getByLabelText('Queue order');
    expect(order).toHaveValue('RANDOM');
    expect(order).toHaveAccessibleDescription(expect.stringContaining('same order on every reload'));
    await user.selectOptions(order, 'Import order (oldest first)');
    await user.type(within(form).getAllByLabelText('Name')[0]!, 'News');
    await user.type(within(within(form).getByRole('group', { name: 'Label 1' })).getByLabelText('Name'), 'sport');
    await user.click(within(form).getByRole('button', { name: 'Create dataset' }));
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({ input: { settings: { overlapTarget: 1, blind: false, queueOrder: 'IMPORT_ORDER' } } });
  });

  it('the task is single label by default; spans are offered for TEXT only; the choice is sent', async () => {
    // given
    const seen: Record<string, unknown>[] = [];
    renderApp('/datasets', api('ADMIN', { __typename: 'DatasetSuccess', dataset: datasetFixture({ id: 'news' }) }, seen));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New dataset' }));
    const form = screen.getByRole('form', { name: 'Create a dataset' });
    const task = within(form).getByLabelText('Task');
    expect(task).toHaveValue('SINGLE_LABEL');
    // when: TABULAR has no spans; back to TEXT, spans chosen
    await user.selectOptions(within(form).getByLabelText('Kind'), 'TABULAR');
    expect(within(task).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['SINGLE_LABEL', 'MULTI_LABEL']);
    await user.selectOptions(within(form).getByLabelText('Kind'), 'TEXT');
    await user.selectOptions(task, 'SPANS');
    await user.type(within(form).getAllByLabelText('Name')[0]!, 'News');
    await user.type(within(within(form).getByRole('group', { name: 'Label 1' })).getByLabelText('Name'), 'LOC');
    await user.click(within(form).getByRole('button', { name: 'Create dataset' }));
    // then
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({ input: { kind: 'TEXT', taskType: 'SPANS' } });
  });

  it('DatasetSuccess: opens the new dataset', async () => {
    const { router } = renderApp(
      '/datasets',
      api('ADMIN', { __typename: 'DatasetSuccess', dataset: datasetFixture({ id: 'news', name: 'News' }) }),
    );
    await fillForm();
    await waitFor(() => expect(router.state.location.pathname).toBe('/datasets/news'));
    expect(await screen.findByRole('heading', { name: 'News', level: 1 })).toBeInTheDocument();
  });

  it('a USER sees the datasets, and "New dataset" disabled with the reason', async () => {
    renderApp('/datasets', api('USER', null));
    expect(await screen.findByRole('link', { name: 'Reviews' })).toBeInTheDocument();
    const button = screen.getByRole('button', { name: 'New dataset' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(expect.stringContaining("Requires the permission 'manage_datasets'"));
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Datasets' })).toBeInTheDocument();
  });
});
