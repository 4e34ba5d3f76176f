interface LabelKey {
  name: string;
  hotkey?: string | null;
}

/** The workspace keys, always in view (a label without a hotkey can still be clicked). */
export function KeyHelp({
  labels,
  submit,
  undo = true,
  note = 'note',
}: {
  labels: readonly LabelKey[];
  submit: string;
  undo?: boolean;
  note?: string;
}) {
  const keyed = labels.filter((label) => label.hotkey);
  const keys: [string, string][] = [
    ...(keyed.length > 0 ? ([[keyed.map((l) => l.hotkey).join(' '), `choose ${keyed.map((l) => l.name).join(' / ')}`]] as [string, string][]) : []),
    ['Enter', submit],
    ['S', 'skip this item'],
    ...(undo ? ([['U', 'undo your last label and show that item again']] as [string, string][]) : []),
    ['← →', 'previous / next item of this session'],
    ['/', `write in the ${note}; Esc leaves it`],
  ];
  return (
    <details className="key-help" open>
      <summary>Keys</summary>
      <dl>
        {keys.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
