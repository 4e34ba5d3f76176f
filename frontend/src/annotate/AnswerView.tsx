import type { DatasetFieldsFragment, ItemFieldsFragment } from '../graphql/shared/items.generated';
import { LabelChip, NamedLabelChip } from '../datasets/LabelChips';
import { fromSpan } from './spans/offsets';
import { SpanEditor } from './spans/SpanEditor';

type Labels = readonly { name: string; color?: string | null; hotkey?: string | null }[];
interface Stored {
  label: string;
  labels: readonly string[];
  spans: readonly { start: number; end: number; label: string; text: string }[];
}

/**
 * A stored answer (an annotation, the gold answer) by the dataset's task type, never as its key: one label chip, the
 * chips of a set ("none of these" when empty), or the spans — `full`: the text with the spans highlighted; else the
 * marked texts with their labels.
 */
export function AnswerView({
  dataset,
  item,
  stored,
  full = false,
}: {
  dataset: Pick<DatasetFieldsFragment, 'taskType'> & { labels: Labels };
  item: Pick<ItemFieldsFragment, 'text'>;
  stored: Stored;
  full?: boolean;
}) {
  switch (dataset.taskType) {
    case 'SINGLE_LABEL':
      return <NamedLabelChip name={stored.label} labels={dataset.labels} />;
    case 'MULTI_LABEL':
      return stored.labels.length === 0 ? (
        <span className="chip none-chip">none of these</span>
      ) : (
        <span className="chip-set">
          {stored.labels.map((name) => (
            <NamedLabelChip key={name} name={name} labels={dataset.labels} />
          ))}
        </span>
      );
    case 'SPANS': {
      const text = item.text ?? '';
      if (full) return <SpanEditor readOnly text={text} labels={dataset.labels} spans={stored.spans.map((s) => fromSpan(text, s))} />;
      if (stored.spans.length === 0) return <span className="chip none-chip">no spans</span>;
      return (
        <span className="chip-set">
          {stored.spans.map((span) => (
            <span key={`${span.start}-${span.end}`}>
              “{span.text}” <LabelChip label={dataset.labels.find((l) => l.name === span.label) ?? { name: span.label }} />
            </span>
          ))}
        </span>
      );
    }
  }
}
