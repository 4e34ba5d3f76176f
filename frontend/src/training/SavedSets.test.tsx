import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';
import {
  MODEL_TYPE_DEFAULTS,
  MODEL_TYPES,
  runFixture,
  stateEvent,
  trainingSetCount,
  trainingSetFixture,
  trainingSetsFixture,
} from '../test/trainingFixtures';

type Seen = { name: string; variables: Record<string, unknown> }[];

const ALPHA = trainingSetFixture({ filter: { text: 'alpha', annotators: ['ann'] } });
const GOLD = trainingSetFixture({ id: 'ts_gold', name: 'Gold only', filter: {}, labelRule: 'GOLD_ONLY' });

function api(seen: Seen, { role = 'ADMIN' as 'ADMIN' | 'USER', save = null as unknown } = {}) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    switch (name) {
      case 'Viewer':
        return { data: { viewer: viewerFixture(role) } };
      case 'Dataset':
        return { data: { dataset: datasetFixture() } };
      case 'ModelTypes':
        return { data: { modelTypes: MODEL_TYPES } };
      case 'ModelTypeDefaults':
        return { data: { modelTypes: MODEL_TYPE_DEFAULTS } };
      case 'TrainingSetCount':
        return { data: trainingSetCount(12, 5) };
      case 'TrainingSets':
        return { data: trainingSetsFixture([ALPHA, GOLD]) };
      case 'CreateTrainingSet':
        return { data: { createTrainingSet: save } };
      case 'UpdateTrainingSet':
        return { data: { updateTrainingSet: save } };
      case 'DeleteTrainingSet':
        return { data: { deleteTrainingSet: { __typename: 'DeleteTrainingSetSuccess', id: variables.id } } };
      case 'StartTraining':
        return {
          data: {
            startTraining: { __typename: 'TrainingRunSuccess', run: { __typename: 'TrainingRun', id: 'run_9', datasetId: 'reviews', state: 'QUEUED' } },
          },
        };
      case 'TrainingRun':
        return { data: { trainingRun: runFixture({ id: 'run_9', state: 'QUEUED', events: [stateEvent(1, 'QUEUED')] }) } };
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
}

const sent = (seen: Seen, name: string) => seen.filter((call) => call.name === name).map((c) => c.variables);
const savedSets = async () => within(await screen.findByRole('list', { name: 'Saved training sets' }));

describe('Saved training sets', () => {
  it('lists the dataset’s sets with their filter and label rule', async () => {
    const seen: Seen = [];
    renderApp('/datasets/reviews/train', api(seen));
    const list = await savedSets();
    expect(list.getAllByRole('listitem').map((item) => item.querySelector('strong')?.textContent)).toEqual(['Alpha', 'Gold only']);
    expect(list.getAllByRole('listitem')[0]).toHaveTextContent('“alpha”, 1 more condition · Gold, else the majority');
    expect(list.getAllByRole('listitem')[1]).toHaveTextContent('every labelled item · Gold labels only');
    expect(sent(seen, 'TrainingSets')[0]).toMatchObject({ datasetId: 'reviews' });
  });

  it('an ADMIN creates a set, and a duplicate name comes back next to the name', async () => {
    const seen: Seen = [];
    const duplicate = {
      __typename: 'ValidationError',
      message: 'invalid input',
      fieldErrors: [{ __typename: 'FieldError', field: 'name', code: 'duplicate', message: "dataset 'reviews' already has a training set named 'Alpha'" }],
    };
    renderApp('/datasets/reviews/train', api(seen, { save: duplicate }));
    const user = userEvent.setup();
    await savedSets();
    await user.click(screen.getByRole('button', { name: 'New training set' }));
    const form = within(screen.getByRole('form', { name: 'New training set' }));
    await user.type(form.getByLabelText('Name'), 'Alpha');
    await user.type(form.getByLabelText('Full-text query'), 'great');
    await user.selectOptions(form.getByLabelText('Label rule'), 'GOLD_ONLY');
    expect(form.queryByLabelText('Minimum agreement')).not.toBeInTheDocument(); // only GOLD_OR_MAJORITY takes one
    await user.click(form.getByRole('button', { name: 'Save training set' }));

    await waitFor(() => expect(sent(seen, 'CreateTrainingSet')).toHaveLength(1));
    expect(sent(seen, 'CreateTrainingSet')[0]).toEqual({
      datasetId: 'reviews',
      input: { name: 'Alpha', filter: { text: 'great' }, labelRule: 'GOLD_ONLY', minAgreement: null },
    });
    expect(await form.findByText("dataset 'reviews' already has a training set named 'Alpha'")).toBeInTheDocument();
    expect(form.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
  });

  it('an ADMIN edits a set: the form starts from it, and conditions it does not show are kept', async () => {
    const seen: Seen = [];
    renderApp('/datasets/reviews/train', api(seen, { save: { __typename: 'TrainingSetSuccess', trainingSet: ALPHA } }));
    const user = userEvent.setup();
    await user.click((await savedSets()).getByRole('button', { name: 'Edit Alpha' }));
    const form = within(screen.getByRole('form', { name: 'Edit Alpha' }));
    expect(form.getByLabelText('Full-text query')).toHaveValue('alpha');
    await user.clear(form.getByLabelText('Name'));
    await user.type(form.getByLabelText('Name'), 'Alpha v2');
    await user.type(form.getByLabelText('Minimum agreement'), '0.75');
    await user.click(form.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(sent(seen, 'UpdateTrainingSet')).toHaveLength(1));
    expect(sent(seen, 'UpdateTrainingSet')[0]).toEqual({
      id: 'ts_alpha',
      input: { name: 'Alpha v2', filter: { annotators: ['ann'], text: 'alpha' }, labelRule: 'GOLD_OR_MAJORITY', minAgreement: 0.75 },
    });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit Alpha' })).not.toBeInTheDocument());
  });

  it('an ADMIN deletes a set after confirming', async () => {
    const seen: Seen = [];
    renderApp('/datasets/reviews/train', api(seen));
    const user = userEvent.setup();
    const list = await savedSets();
    await user.click(list.getByRole('button', { name: 'Delete Gold only' }));
    expect(sent(seen, 'DeleteTrainingSet')).toEqual([]);
    await user.click(list.getByRole('button', { name: 'Delete “Gold only”' }));
    await waitFor(() => expect(sent(seen, 'DeleteTrainingSet')).toEqual([{ id: 'ts_gold' }]));
  });

  it('starts a training from a set: its id is sent instead of a filter and a minimum agreement', async () => {
    const seen: Seen = [];
    renderApp('/datasets/reviews/train', api(seen));
    const user = userEvent.setup();
    await user.click((await savedSets()).getByRole('button', { name: 'Train from Alpha' }));
    const form = within(screen.getByRole('form', { name: 'Train a model' }));
    await waitFor(() => expect(form.getByLabelText('epochs')).toHaveValue(15));
    expect(form.getByLabelText('Training data')).toHaveValue('ts_alpha');
    expect(form.queryByLabelText('Full-text query')).not.toBeInTheDocument();
    expect(form.queryByLabelText('Minimum agreement')).not.toBeInTheDocument();
    await user.click(form.getByRole('button', { name: 'Start training' }));

    await waitFor(() => expect(sent(seen, 'StartTraining')).toHaveLength(1));
    expect(sent(seen, 'StartTraining')[0]).toMatchObject({ trainingSetId: 'ts_alpha', trainingSet: null, minAgreement: null });
  });

  it('a USER sees the sets but cannot create, edit or delete one', async () => {
    const seen: Seen = [];
    renderApp('/datasets/reviews/train', api(seen, { role: 'USER' }));
    const list = await savedSets();
    expect(screen.getByRole('button', { name: 'New training set' })).toBeDisabled();
    expect(list.getByRole('button', { name: 'Edit Alpha' })).toBeDisabled();
    expect(list.getByRole('button', { name: 'Delete Alpha' })).toBeDisabled();
    await userEvent.setup().click(list.getByRole('button', { name: 'Edit Alpha' }));
    expect(screen.queryByRole('form', { name: 'Edit Alpha' })).not.toBeInTheDocument();
  });
});
