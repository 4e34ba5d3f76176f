import { useEffect, useRef, useState } from 'react';

/** The secret of a token just created: shown once, with a copy button. */
export function NewTokenSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copyButton = useRef<HTMLButtonElement>(null);
  useEffect(() => copyButton.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="secret" role="region" aria-labelledby="secret-title">
      <h3 id="secret-title">Your new API token “{name}”</h3>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> Send it as <code>Authorization: Bearer …</code>.
      </p>
      <code className="secret-value" data-testid="new-token-secret">
        {secret}
      </code>
      <div className="actions">
        <button type="button" ref={copyButton} onClick={copy}>
          Copy token
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done, I saved it
        </button>
        <span role="status" className="muted">
          {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copy failed: select the token and copy it.' : ''}
        </span>
      </div>
    </div>
  );
}
