import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { connectionFixture, viewerFixture } from '../test/fixtures';
import { comparisonFixture, modelQueryFixture, monitoringFixture, shadowFixture } from '../test/modelFixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Seen = { name: string; variables: Record<string, unknown> }[];

const PAIRS = comparisonFixture({
  paired: 10,
  agreements: 8,
  agreementRate: 0.8,
  championMeanConfidence: 0.75,
  challengerMeanConfidence: 0.625,
  labels: [
    { __typename: 'LabelAgreement', label: 'wisdom', paired: 6, agreements: 6, rate: 1 },
    { __typename: 'LabelAgreement', label: 'humor', paired: 4, agreements: 2, rate: 0.5 },
  ],
  versions: [{ __typename: 'VersionPair', championVersion: '3', challengerVersion: '2', paired: 10 }],
});

function api(role: 'USER' | 'ADMIN', seen: Seen = [], saved?: unknown, shadows = [shadowFixture()]) {
  let saves = 0;
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Model') return { data: modelQueryFixture() };
    if (name === 'ModelMonitoring') return { data: { modelMonitoring: monitoringFixture() } };
    if (name === 'FeedbackTargets') return { data: { datasets: connectionFixture('DatasetConnection', []) } };
    if (name === 'JobProgress') return { data: { jobProgress: null } };
    if (name === 'ShadowTraffic') return { data: { shadowTraffic: shadows[Math.min(saves, shadows.length - 1)] } };
    if (name === 'ChallengerComparison') return { data: { challengerComparison: PAIRS } };
    if (name === 'SetShadowTraffic') {
      saves += 1;
      return { data: { setShadowTraffic: saved } };
    }
    throw new Error(`unexpected ${name}`);
  };
}

describe('Challenger panel', () => {
  it('shows champion vs challenger: pairs, agreement, mean confidence of each and agreement per label', async () => {
    renderApp('/models/fortunes/monitoring', api('USER'));
    const figures = await screen.findByTestId('comparison');
    expect(figures).toHaveTextContent('Paired predictions10');
    expect(figures).toHaveTextContent('Agreement80.0 % (8 of 10)');
    expect(figures).toHaveTextContent('Champion mean confidence75.0 %');
    expect(figures).toHaveTextContent('Challenger mean confidence62.5 %');
    expect(figures).toHaveTextContent('v3 vs v2 (10)');
    const table = screen.getByRole('table', { name: 'Agreement per label' });
    const rows = within(table).getAllByRole('row').slice(1).map((row) => row.textContent);
    expect(rows).toEqual(['wisdom6100.0 %', 'humor450.0 %']);
    expect(screen.getByTestId('shadow-state')).toHaveTextContent('Off: no production call is shadowed.');
    expect(screen.getByLabelText('Share of production calls (%)')).toBeDisabled();
  });

  it('an ADMIN sets the shadow share, and the setting is read again', async () => {
    const seen: Seen = [];
    const on = shadowFixture({ alias: 'challenger', percent: 25, version: '2' });
    const saved = { __typename: 'ShadowTrafficSuccess', shadow: on };
    renderApp('/models/fortunes/monitoring', api('ADMIN', seen, saved, [shadowFixture(), on]));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Shadow traffic' });
    const share = within(form).getByLabelText('Share of production calls (%)');
    await user.clear(share);
    await user.type(share, '25');
    await user.click(within(form).getByRole('button', { name: 'Save shadow traffic' }));
    await waitFor(() =>
      expect(screen.getByTestId('shadow-state')).toHaveTextContent(
        'On: 25 % of production calls are also scored by challenger, version 2.',
      ),
    );
    expect(seen.find((c) => c.name === 'SetShadowTraffic')?.variables).toEqual({
      model: 'fortunes',
      alias: 'challenger',
      percent: 25,
    });
  });

  it('refuses a share above 100 without a request, and shows the API’s error on the alias', async () => {
    const seen: Seen = [];
    const refused = { __typename: 'AliasNotSetError', message: "model 'fortunes' has no alias 'rival'" };
    renderApp('/models/fortunes/monitoring', api('ADMIN', seen, refused));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Shadow traffic' });
    const share = within(form).getByLabelText('Share of production calls (%)');
    await user.clear(share);
    await user.type(share, '150');
    await user.click(within(form).getByRole('button', { name: 'Save shadow traffic' }));
    expect(await within(form).findByText('Give a whole share between 0 and 100, e.g. 10.')).toBeInTheDocument();
    expect(seen.some((c) => c.name === 'SetShadowTraffic')).toBe(false);
    await user.clear(share);
    await user.type(share, '10');
    await user.clear(within(form).getByLabelText('Challenger alias'));
    await user.type(within(form).getByLabelText('Challenger alias'), 'rival');
    await user.click(within(form).getByRole('button', { name: 'Save shadow traffic' }));
    expect(await within(form).findByText(/has no alias 'rival'/)).toBeInTheDocument();
  });
});
