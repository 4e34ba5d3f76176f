import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { DatasetFieldsFragment, SearchHitFieldsFragment } from '../graphql/shared/items.generated';
import { datasetFixture, hitFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { StaticViewerProvider } from '../viewer/ViewerContext';
import { decodeEntities, Highlight } from './Highlight';
import { SearchHitCard } from './SearchHitCard';

function renderHit(overrides: Record<string, unknown>) {
  return render(
    <MemoryRouter>
      <StaticViewerProvider value={viewerFixture('USER')}>
        <ol>
          <SearchHitCard
            hit={hitFixture('r1', overrides) as SearchHitFieldsFragment}
            dataset={datasetFixture() as DatasetFieldsFragment}
          />
        </ol>
      </StaticViewerProvider>
    </MemoryRouter>,
  );
}

describe('highlighted passages', () => {
  it('renders <mark> as marks and everything else as text: a <script> in the item stays text', () => {
    // What the API sends for the text `review 1 <script>alert(1)</script> the battery`, query "script".
    const passage = 'review 1 &lt;<mark>script</mark>&gt;alert(1)&lt;&#x2F;<mark>script</mark>&gt; the battery';
    const { container } = renderHit({ highlights: [passage] });
    expect(container.querySelector('script')).toBeNull();
    const marks = container.querySelectorAll('mark');
    expect([...marks].map((mark) => mark.textContent)).toEqual(['script', 'script']);
    expect(container.querySelector('.passage')).toHaveTextContent('review 1 <script>alert(1)</script> the battery');
  });

  it('never parses other tags, even unescaped ones', () => {
    const { container } = render(<Highlight passage={'<img src=x onerror="alert(1)"><mark>hit</mark><b>bold</b>'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelectorAll('mark')).toHaveLength(1);
    expect(container).toHaveTextContent('<img src=x onerror="alert(1)">hit<b>bold</b>');
  });

  it('shows the text when there is no highlight (no query), as text', () => {
    const { container } = renderHit({ text: 'a <script>alert(2)</script> b', highlights: [] });
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByText('a <script>alert(2)</script> b')).toBeInTheDocument();
  });

  it('decodes the entities Elasticsearch and Python emit', () => {
    expect(decodeEntities('&amp;&lt;&gt;&quot;&#x27;&#39;&#x2F;&nbsp;&bogus;')).toBe('&<>"\'\'/\u00a0&bogus;');
  });
});
