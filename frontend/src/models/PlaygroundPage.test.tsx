import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { viewerFixture } from '../test/fixtures';
import { modelQueryFixture, predictionFixture } from '../test/modelFixtures';
import { renderApp, type Answer } from '../test/renderApp';
import { parseInputs, placeRowErrors } from './playgroundInputs';

type Seen = Record<string, unknown>[];
const FEATURES = ['alcohol', 'hue'];

function api(predict: (inputs: unknown[]) => unknown, { role = 'ADMIN', kind = 'TEXT' } = {}, seen: Seen = []) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role as 'USER' | 'ADMIN') } };
    if (name === 'Model') return { data: modelQueryFixture() };
    if (name === 'PlaygroundSetup') {
      return {
        data: {
          maxPredictBatch: 1000,
          dataset: { __typename: 'Dataset', id: 'fortunes', kind, featureNames: kind === 'TABULAR' ? FEATURES : [] },
          modelTypes: [],
        },
      };
    }
    if (name === 'Predict') {
      seen.push(variables);
      return { data: { predict: predict(variables.inputs as unknown[]) } };
    }
    throw new Error(`unexpected ${name}`);
  };
}

async function typeInputs(text: string, label: RegExp) {
  const user = userEvent.setup();
  const box = await screen.findByLabelText(label);
  await user.click(box);
  await user.paste(text);
  await user.click(screen.getByRole('button', { name: 'Predict' }));
  return user;
}

describe('Prediction playground', () => {
  it('predicts one text per line (blank lines skipped) and shows label, confidence, probabilities and version', async () => {
    const seen: Seen = [];
    renderApp(
      '/models/fortunes/predict',
      api(
        () =>
          predictionFixture([
            { label: 'computers', confidence: 0.91 },
            { label: 'politics', confidence: 0.55 },
          ]),
        {},
        seen,
      ),
    );
    await typeInputs('A faster processor\n\nVote for me', /Texts, one per line/);
    const table = await screen.findByRole('table', { name: 'Predictions' });
    // tagged as playground traffic: monitoring and the feedback loop leave it out
    expect(seen).toEqual([{ model: 'fortunes', inputs: ['A faster processor', 'Vote for me'], traffic: 'PLAYGROUND' }]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('A faster processor');
    expect(rows[0]).toHaveTextContent('computers');
    expect(rows[0]).toHaveTextContent('91.0 %');
    expect(within(rows[0]!).getByRole('meter', { name: 'Confidence of line 1' })).toHaveAttribute('value', '0.91');
    // The line numbers are those of the text box: the blank line 2 was skipped.
    expect(within(rows[1]!).getAllByRole('cell')[0]).toHaveTextContent('3');
    expect(rows[1]).toHaveTextContent('politics');
    expect(within(rows[1]!).getByText('other')).toBeInTheDocument();
    expect(screen.getByTestId('served-by')).toHaveTextContent('Answered by version 3 on replica api-2 in 4.3 ms for 2 inputs.');
  });

  it("puts the API's field errors inputs.<row> next to that row, and predicts nothing", async () => {
    renderApp(
      '/models/fortunes/predict',
      api(() => ({
        __typename: 'ValidationError',
        message: 'invalid input in inputs.1: nothing was changed',
        fieldErrors: [{ __typename: 'FieldError', field: 'inputs.1', code: 'invalid_input', message: 'give a text, or an object {"text": "…"}' }],
      })),
    );
    await typeInputs('fine\n   \t\nbad one', /Texts, one per line/);
    const table = await screen.findByRole('table', { name: 'Inputs with problems' });
    const bad = within(table).getByRole('row', { name: /bad one/ });
    expect(bad).toHaveTextContent('give a text, or an object {"text": "…"}');
    expect(bad).toHaveAttribute('data-invalid', 'true');
    expect(within(table).getByRole('row', { name: /^1 fine/ })).toHaveTextContent('fine');
    expect(screen.getByRole('alert')).toHaveTextContent('1 row has a problem: nothing was predicted.');
    expect(screen.queryByRole('table', { name: 'Predictions' })).toBeNull();
  });

  it('tabular: JSON objects per line; a line that is not one is flagged without a request; feature errors name the feature', async () => {
    const seen: Seen = [];
    renderApp(
      '/models/fortunes/predict',
      api(
        () => ({
          __typename: 'ValidationError',
          message: 'invalid input in inputs.1.hue: nothing was changed',
          fieldErrors: [
            { __typename: 'FieldError', field: 'inputs.1.hue', code: 'missing', message: 'the model needs this feature' },
            { __typename: 'FieldError', field: 'inputs.1.colour', code: 'unknown', message: 'not a feature of the model' },
          ],
        }),
        { kind: 'TABULAR' },
        seen,
      ),
    );
    expect(await screen.findByText('alcohol')).toBeInTheDocument(); // the feature names, as a hint
    const user = await typeInputs('{"alcohol": 13.2, "hue": 1.0}\nnot json', /one JSON object of features per line/);
    const table = await screen.findByRole('table', { name: 'Inputs with problems' });
    expect(within(table).getByRole('row', { name: /not json/ })).toHaveTextContent('Not a JSON object');
    expect(seen).toHaveLength(0);

    const box = screen.getByLabelText(/one JSON object of features per line/);
    await user.clear(box);
    await user.click(box);
    await user.paste('{"alcohol": 13.2, "hue": 1.0}\n{"alcohol": 12, "colour": 3}');
    await user.click(screen.getByRole('button', { name: 'Predict' }));
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual({
      model: 'fortunes',
      inputs: [
        { alcohol: 13.2, hue: 1.0 },
        { alcohol: 12, colour: 3 },
      ],
      traffic: 'PLAYGROUND',
    });
    const row = await screen.findByRole('row', { name: /colour/ });
    expect(within(row).getByText('hue', { selector: 'code' })).toBeInTheDocument();
    expect(row).toHaveTextContent('hue the model needs this feature');
    expect(row).toHaveTextContent('colour not a feature of the model');
  });

  it('NoProductionVersionError goes to the form message', async () => {
    renderApp(
      '/models/fortunes/predict',
      api(() => ({ __typename: 'NoProductionVersionError', message: "model 'fortunes' has no production version yet" })),
    );
    await typeInputs('hello', /Texts, one per line/);
    expect(await screen.findByRole('alert')).toHaveTextContent("Model 'fortunes' has no production version yet.");
  });

  it('a USER can use the playground', async () => {
    const seen: Seen = [];
    renderApp('/models/fortunes/predict', api(() => predictionFixture([{ label: 'love', confidence: 0.7 }]), { role: 'USER' }, seen));
    await typeInputs('you are my sunshine', /Texts, one per line/);
    expect(await screen.findByRole('table', { name: 'Predictions' })).toHaveTextContent('love');
    expect(screen.getByRole('link', { name: 'Playground' })).toBeInTheDocument();
  });
});

describe('playground inputs', () => {
  it('maps field errors to rows and features; others go to the form', () => {
    const placed = placeRowErrors([
      { field: 'inputs.0.alcohol', message: 'a' },
      { field: 'inputs.0', message: 'b' },
      { field: 'inputs.12.od280/od315_of_diluted_wines', message: 'c' },
      { field: 'inputs', message: 'too many' },
    ]);
    expect(placed.rows.get(0)).toEqual([
      { feature: 'alcohol', message: 'a' },
      { feature: null, message: 'b' },
    ]);
    expect(placed.rows.get(12)).toEqual([{ feature: 'od280/od315_of_diluted_wines', message: 'c' }]);
    expect(placed.form).toEqual(['too many']);
  });

  it('parses text lines as they are, and JSON lines as objects only', () => {
    expect(parseInputs(' a \r\n\nb', 'TEXT').rows.map((r) => [r.line, r.input])).toEqual([
      [1, ' a '],
      [3, 'b'],
    ]);
    const tabular = parseInputs('{"x": 1}\n[1, 2]\n3', 'TABULAR');
    expect(tabular.rows.map((r) => r.input)).toEqual([{ x: 1 }, null, null]);
    expect([...tabular.problems.keys()]).toEqual([1, 2]);
  });
});
