import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { workItemFixture } from '../test/annotateFixtures';
import { ItemContent } from './ItemContent';
import type { WorkItem } from './workSession';

describe('ItemContent', () => {
  it("shows the model's suggestion when the API gives one", () => {
    const item = workItemFixture('r1', {
      suggestion: { __typename: 'Suggestion', label: 'positive', confidence: 0.87, version: '3' },
    }) as WorkItem;
    render(<ItemContent item={item} />);
    expect(screen.getByLabelText('Model suggestion')).toHaveTextContent('Model suggests positive (87.0 %, version 3)');
  });

  it('shows no suggestion without one (not scored yet, or hidden in a blind dataset)', () => {
    render(<ItemContent item={workItemFixture('r2', { suggestion: null }) as WorkItem} />);
    expect(screen.queryByLabelText('Model suggestion')).toBeNull();
  });
});
