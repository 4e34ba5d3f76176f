import { describe, expect, it } from 'vitest';

import { monitoringFixture } from '../test/modelFixtures';
import { labelShares, type Monitoring } from './monitoringData';

const counts = (entries: [string, number][]) => entries.map(([value, count]) => ({ __typename: 'ValueCount' as const, value, count }));

describe('labelShares', () => {
  it("compares a span model's entity labels, not its keys, with the training set", () => {
    // given a span model: 4 predictions, each its own key; 4 found a PER, 2 a LOC; training items 30 PER, 10 LOC
    const monitoring = monitoringFixture({
      labels: counts([
        ['0-3:PER', 1],
        ['0-5:PER 14-18:LOC', 1],
        ['0-4:PER', 1],
        ['0-3:PER 12-16:LOC', 1],
      ]),
      labelRates: [
        { __typename: 'LabelRateFigure', label: 'PER', count: 4, rate: 1, trainingRate: 0.75, psi: null, jensenShannon: null },
        { __typename: 'LabelRateFigure', label: 'LOC', count: 2, rate: 0.5, trainingRate: 0.25, psi: null, jensenShannon: null },
      ],
      trainingLabels: counts([
        ['LOC', 10],
        ['PER', 30],
      ]),
    }) as unknown as Monitoring;

    // when the shares are made
    const shares = labelShares(monitoring);

    // then PER is 4 of 6 predicted entity labels against 30 of 40 training ones, LOC 2 of 6 against 10 of 40
    expect(shares).toEqual([
      { label: 'LOC', predictedCount: 2, trainingCount: 10, predicted: 2 / 6, training: 10 / 40 },
      { label: 'PER', predictedCount: 4, trainingCount: 30, predicted: 4 / 6, training: 30 / 40 },
    ]);
  });
});
