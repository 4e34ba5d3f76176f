import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';
import {
  liveSubscriptions,
  MODEL_TYPE_DEFAULTS,
  MODEL_TYPES,
  runFixture,
  stateEvent,
  trainingSetCount,
  trainingSetsFixture,
} from '../test/trainingFixtures';

const TRAIN_MODEL_REASON = "Requires the permission 'train_model', which role ADMIN has and your role USER does not.";

interface Api {
  role?: 'ADMIN' | 'USER';
  startTraining?: unknown;
  defaults?: Answer;
  seen?: { name: string; variables: Record<string, unknown> }[];
}

function api({ role = 'ADMIN', startTraining = null, defaults, seen = [] }: Api = {}) {
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
        return defaults ?? { data: { modelTypes: MODEL_TYPE_DEFAULTS } };
      case 'TrainingSetCount':
        return { data: trainingSetCount(12, 5) };
      case 'TrainingSets':
        return { data: trainingSetsFixture([]) };
      case 'StartTraining':
        return { data: { startTraining } };
      case 'TrainingRun':
        return { data: { trainingRun: runFixture({ id: 'run_9', state: 'QUEUED', events: [stateEvent(1, 'QUEUED')] }) } };
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
}

async function openForm() {
  const form = await screen.findByRole('form', { name: 'Train a model' });
  await waitFor(() => expect(within(form).getByLabelText('epochs')).toHaveValue(15)); // the defaults have come
  return form;
}

const sent = (seen: NonNullable<Api['seen']>, name: string) => seen.filter((call) => call.name === name).map((c) => c.variables);

describe('Training form', () => {
  it('is generated from the model type’s ParamSpec list: input types, bounds, defaults, help, no limit', async () => {
    const seen: NonNullable<Api['seen']> = [];
    renderApp('/datasets/reviews/train', api({ seen }));
    const form = await openForm();
    expect(sent(seen, 'ModelTypes')[0]).toEqual({ kind: 'TEXT', taskType: 'SINGLE_LABEL' }); // the dataset's kind and task type

    const type = within(form).getByLabelText('Model type');
    expect(type).toHaveValue('TFIDF_SGD');
    expect(within(type).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'TF-IDF + SGD classifier (TFIDF_SGD)',
      'TF-IDF + multinomial naive Bayes (TFIDF_MULTINOMIAL_NB)',
    ]);

    const epochs = within(form).getByLabelText('epochs');
    expect(epochs).toHaveAttribute('type', 'number');
    expect(epochs).toHaveAttribute('min', '1');
    expect(epochs).toHaveAttribute('max', '500');
    expect(epochs).toHaveAttribute('step', '1');
    expect(epochs).toHaveAccessibleDescription('Passes over the training set. 1 to 500.');

    const alpha = within(form).getByLabelText('alpha');
    expect(alpha).toHaveValue(0.00001);
    expect(alpha).toHaveAttribute('step', 'any');

    expect(within(form).getByLabelText('sublinear_tf')).toBeChecked();
    expect(within(form).getByLabelText('sublinear_tf')).toHaveAttribute('type', 'checkbox');

    const analyzer = within(form).getByLabelText('analyzer');
    expect(analyzer.tagName).toBe('SELECT');
    expect(analyzer).toHaveValue('word');
    expect(within(analyzer).getAllByRole('option').map((o) => o.textContent)).toEqual(['word', 'char_wb']);

    // Nullable: a number with a "No limit" box; a null default starts with the box ticked and the input empty.
    expect(within(form).getByLabelText('max_features')).toHaveValue(200000);
    expect(within(form).getByLabelText('No limit (max_features)')).not.toBeChecked();
    expect(within(form).getByLabelText('No limit (max_depth)')).toBeChecked();
    expect(within(form).getByLabelText('max_depth')).toBeDisabled();
    expect(within(form).getByLabelText('max_depth')).toHaveValue(null);

    // Another model type: its own parameters and defaults.
    const user = userEvent.setup();
    await user.selectOptions(type, 'TFIDF_MULTINOMIAL_NB');
    expect(within(form).getByLabelText('alpha')).toHaveValue(0.1);
    expect(within(form).queryByLabelText('epochs')).not.toBeInTheDocument();
    expect(within(form).getByLabelText('Model type')).toHaveAccessibleDescription(
      'Very fast; good with little data. One metric point per fit.',
    );
  });

  it('sends the parameters as typed, and puts each field error next to its input', async () => {
    const seen: NonNullable<Api['seen']> = [];
    renderApp(
      '/datasets/reviews/train',
      api({
        seen,
        startTraining: {
          __typename: 'ValidationError',
          message: 'invalid input: nothing was started',
          fieldErrors: [
            { __typename: 'FieldError', field: 'params.epochs', code: 'invalid_param', message: "'epochs' must be at most 500" },
            { __typename: 'FieldError', field: 'validation.testFraction', code: 'out_of_range', message: 'hold out between 0.05 and 0.5 of the items' },
            { __typename: 'FieldError', field: 'minAgreement', code: 'out_of_range', message: 'give the agreement as a fraction between 0 and 1' },
            { __typename: 'FieldError', field: 'params.ngram_x', code: 'unknown_param', message: "TFIDF_SGD has no parameter 'ngram_x'" },
          ],
        },
      }),
    );
    const form = await openForm();
    const user = userEvent.setup();
    await user.clear(within(form).getByLabelText('epochs'));
    await user.type(within(form).getByLabelText('epochs'), '900');
    await user.click(within(form).getByLabelText('sublinear_tf'));
    await user.selectOptions(within(form).getByLabelText('analyzer'), 'char_wb');
    await user.click(within(form).getByLabelText('No limit (max_features)'));
    await user.clear(within(form).getByLabelText('Test fraction'));
    await user.type(within(form).getByLabelText('Test fraction'), '0.9');
    await user.type(within(form).getByLabelText('Minimum agreement'), '1.5');
    await user.click(within(form).getByRole('button', { name: 'Start training' }));

    const epochs = within(form).getByLabelText('epochs');
    await waitFor(() => expect(epochs).toHaveAttribute('aria-invalid', 'true'));
    expect(epochs).toHaveAccessibleDescription(expect.stringContaining("'epochs' must be at most 500"));
    expect(within(form).getByLabelText('Test fraction')).toHaveAccessibleDescription(
      expect.stringContaining('hold out between 0.05 and 0.5 of the items'),
    );
    expect(within(form).getByLabelText('Minimum agreement')).toHaveAccessibleDescription(
      expect.stringContaining('give the agreement as a fraction between 0 and 1'),
    );
    expect(within(form).getByLabelText('alpha')).not.toHaveAttribute('aria-invalid');
    // A field the form has no input for: the form's message line.
    expect(within(form).getByRole('alert')).toHaveTextContent("TFIDF_SGD has no parameter 'ngram_x'");

    expect(sent(seen, 'StartTraining')).toEqual([
      {
        datasetId: 'reviews',
        modelType: 'TFIDF_SGD',
        params: {
          analyzer: 'char_wb',
          epochs: 900,
          alpha: 0.00001,
          sublinear_tf: false,
          max_features: null,
          max_depth: null,
        },
        trainingSet: null,
        validation: { method: 'HOLDOUT', testFraction: 0.9 },
        minAgreement: 1.5,
        trainingSetId: null,
      },
    ]);
  });

  it('EmptyTrainingSetError: says that no labelled item matches, beside the training-set filter it was sent', async () => {
    const seen: NonNullable<Api['seen']> = [];
    renderApp(
      '/datasets/reviews/train',
      api({
        seen,
        startTraining: {
          __typename: 'EmptyTrainingSetError',
          message:
            "no labelled item of dataset 'reviews' matches the training-set filter: widen the filter (search with the same filter shows what it matches); no training was started",
        },
      }),
    );
    const form = await openForm();
    const user = userEvent.setup();
    await user.click(within(form).getByLabelText(/Cross-validation/));
    await user.clear(within(form).getByLabelText('Folds'));
    await user.type(within(form).getByLabelText('Folds'), '3');
    const set = within(form).getByRole('group', { name: 'Training set' });
    await user.type(within(set).getByLabelText('Full-text query'), 'battery');
    await user.click(within(set).getByLabelText('REVIEWED'));
    await user.click(within(set).getByLabelText('neg'));
    await user.selectOptions(within(set).getByLabelText('Gold label'), 'yes');
    await user.click(within(form).getByRole('button', { name: 'Start training' }));

    const alert = await within(set).findByRole('alert');
    expect(alert).toHaveTextContent(/^No labelled item matches this training set: No labelled item of dataset 'reviews'/);
    expect(set).toHaveAccessibleDescription(expect.stringContaining('No labelled item matches this training set'));
    expect(sent(seen, 'StartTraining')[0]).toMatchObject({
      trainingSet: { text: 'battery', statuses: ['REVIEWED'], labels: ['neg'], hasGoldLabel: true },
      validation: { method: 'CROSS_VALIDATION', folds: 3 },
      minAgreement: null,
    });
    // The count is read for the same filter.
    await waitFor(() =>
      expect(sent(seen, 'TrainingSetCount').at(-1)).toEqual({
        datasetId: 'reviews',
        filter: { text: 'battery', statuses: ['REVIEWED'], labels: ['neg'], hasGoldLabel: true },
      }),
    );
  });

  it('shows how many items the training set matches, and how many of them have a label', async () => {
    renderApp('/datasets/reviews/train', api());
    await openForm();
    expect(await screen.findByTestId('training-set-count')).toHaveTextContent(
      '12 items match · 7 with a label (trained on, unless their top labels tie)',
    );
  });

  it('TrainingRunSuccess: opens the run page', async () => {
    const live = liveSubscriptions();
    const { router } = renderApp(
      '/datasets/reviews/train',
      api({
        startTraining: {
          __typename: 'TrainingRunSuccess',
          run: { __typename: 'TrainingRun', id: 'run_9', datasetId: 'reviews', state: 'QUEUED' },
        },
      }),
      { exchanges: [live.exchange] },
    );
    const form = await openForm();
    await userEvent.setup().click(within(form).getByRole('button', { name: 'Start training' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/datasets/reviews/training/run_9'));
    expect(await screen.findByTestId('run-state')).toHaveTextContent('QUEUED');
    expect(live.variables()).toEqual([{ id: 'run_9', after: '1' }]);
  });

  it('a USER sees the form with every control disabled and Start training disabled with the reason', async () => {
    const seen: NonNullable<Api['seen']> = [];
    renderApp('/datasets/reviews/train', api({ role: 'USER', seen }));
    const form = await openForm();
    const start = within(form).getByRole('button', { name: 'Start training' });
    expect(start).toBeDisabled();
    expect(start).toHaveAccessibleDescription(TRAIN_MODEL_REASON);
    expect(start).toHaveAttribute('title', TRAIN_MODEL_REASON);
    for (const label of ['Model type', 'epochs', 'analyzer', 'sublinear_tf', 'Test fraction', 'Full-text query']) {
      expect(within(form).getByLabelText(label)).toBeDisabled();
    }
    await userEvent.setup().click(start);
    expect(sent(seen, 'StartTraining')).toEqual([]);
    // The dataset's Training tab is there for a USER (view_models), and the form is reachable from it.
    expect(within(screen.getByRole('navigation', { name: 'Dataset' })).getByRole('link', { name: 'Training' })).toHaveAttribute(
      'href',
      '/datasets/reviews/training',
    );
  });

  it('without the defaults (the API could not send them), the fields start empty and are left to the API', async () => {
    const seen: NonNullable<Api['seen']> = [];
    renderApp(
      '/datasets/reviews/train',
      api({ seen, defaults: { errors: [{ message: 'Cannot return null for non-nullable field ParamSpec.default.' }] } }),
    );
    const form = await screen.findByRole('form', { name: 'Train a model' });
    expect(await screen.findByRole('note')).toHaveTextContent('The API did not send the parameters’ defaults');
    expect(within(form).getByLabelText('epochs')).toHaveValue(null);
    expect(within(form).getByLabelText('analyzer')).toHaveValue('');
    await userEvent.setup().type(within(form).getByLabelText('epochs'), '30');
    await userEvent.setup().click(within(form).getByRole('button', { name: 'Start training' }));
    await waitFor(() => expect(sent(seen, 'StartTraining')).toHaveLength(1));
    expect(sent(seen, 'StartTraining')[0]!.params).toEqual({ epochs: 30 }); // only what was typed
  });
});
