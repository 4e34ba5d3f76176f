import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Instructions } from './Instructions';

describe('Instructions', () => {
  it('renders the Markdown: emphasis, lists and links', async () => {
    render(<Instructions text={'Pick the **topic**.\n\n- *sports*: games\n- news\n\nSee [the guide](https://example.org/guide).'} />);
    expect((await screen.findByText('topic')).tagName).toBe('STRONG');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['sports: games', 'news']);
    expect(screen.getByRole('link', { name: 'the guide' })).toHaveAttribute('href', 'https://example.org/guide');
  });

  it('never renders HTML or scripts live: no <script>, no event handler, no javascript: link', async () => {
    const { container } = render(
      <Instructions
        text={'<script>window.pwned = 1</script>\n\n<img src="x" onerror="window.pwned = 1">\n\n[click](javascript:window.pwned=1) and <a href="javascript:alert(1)">raw</a>'}
      />,
    );
    await waitFor(() => expect(container.querySelector('.instructions-source')).toBeNull()); // rendered, not the fallback
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href') ?? '')).toEqual(links.map(() => expect.not.stringMatching(/^javascript:/i)));
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    // the raw HTML shows as text, so the author sees what they wrote
    expect(container).toHaveTextContent('<script>window.pwned = 1</script>');
  });
});
