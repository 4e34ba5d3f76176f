import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { datasetPath } from '../datasets/datasetContext';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { STATUS_ORDER } from '../search/itemStatus';
import { SelectField, TextField } from '../ui/Field';
import { formatCount, sentence } from '../ui/format';
import { TrainingSetCountDocument } from './training.generated';
import { toggle, trainingSetInput, type TrainingSetState } from './trainingSet';

export const COUNT_DEBOUNCE_MS = 300;

/** `value`, once it has stayed the same for `ms` (compared as JSON). */
function useSettled<T>(value: T, ms: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(key) as T), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return settled;
}

/**
 * Which items to train on: the search's filter, in part (full-text query, statuses, labels, gold label), with
 * the number of items it matches (and of those, how many have a label) from `search`.
 */
export function TrainingSetEditor({
  dataset,
  value,
  onChange,
  errors,
  emptyError,
}: {
  dataset: DatasetFieldsFragment;
  value: TrainingSetState;
  onChange: (value: TrainingSetState) => void;
  errors: Partial<Record<string, string>>;
  /** The EmptyTrainingSetError of the last attempt, if any. */
  emptyError: string | null;
}) {
  return (
    <fieldset className="training-set" aria-describedby={emptyError ? 'training-set-empty' : undefined}>
      <legend>Training set</legend>
      <p className="hint">
        The items to train on, with the same filter as the search. Only items with a label count: their gold label when
        reviewed, else their majority label.
      </p>
      <TextField
        label="Full-text query"
        type="search"
        value={value.text}
        autoComplete="off"
        placeholder='Words (all required), "a phrase", -excluded'
        error={errors['trainingSet.text'] ?? errors.trainingSet}
        onChange={(event) => onChange({ ...value, text: event.target.value })}
      />
      <CheckboxGroup
        legend="Statuses"
        hint="Any of these (none chosen: every status)."
        options={STATUS_ORDER.map((status) => ({ value: status, label: status.replace('_', ' ') }))}
        chosen={value.statuses}
        error={errors['trainingSet.statuses']}
        onToggle={(status) => onChange({ ...value, statuses: toggle(value.statuses, status) })}
      />
      <CheckboxGroup
        legend="Labels"
        hint="Labelled so by anyone, or as gold (none chosen: any)."
        options={dataset.labels.map((label) => ({ value: label.name, label: label.name }))}
        chosen={value.labels}
        error={errors['trainingSet.labels']}
        onToggle={(label) => onChange({ ...value, labels: toggle(value.labels, label) })}
      />
      <SelectField
        label="Gold label"
        value={value.gold}
        error={errors['trainingSet.hasGoldLabel']}
        onChange={(event) => onChange({ ...value, gold: event.target.value as TrainingSetState['gold'] })}
      >
        <option value="">Any item</option>
        <option value="yes">Only items with a gold label</option>
        <option value="no">Only items without a gold label</option>
      </SelectField>
      <TrainingSetCount dataset={dataset} value={value} />
      {emptyError && (
        <p id="training-set-empty" className="form-error" role="alert">
          No labelled item matches this training set: {sentence(emptyError)}
        </p>
      )}
    </fieldset>
  );
}

function CheckboxGroup<T extends string>({
  legend,
  hint,
  options,
  chosen,
  error,
  onToggle,
}: {
  legend: string;
  hint: string;
  options: readonly { value: T; label: string }[];
  chosen: readonly T[];
  error: string | undefined;
  onToggle: (value: T) => void;
}) {
  return (
    <fieldset className="checkbox-group" aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-options">
        {options.map((option) => (
          <label key={option.value}>
            <input type="checkbox" checked={chosen.includes(option.value)} onChange={() => onToggle(option.value)} />{' '}
            {option.label}
          </label>
        ))}
      </div>
      <small className="hint">{hint}</small>
      {error && <small className="field-error">{error}</small>}
    </fieldset>
  );
}

/** "N items match · M with a label", read COUNT_DEBOUNCE_MS after the last change of the filter. */
function TrainingSetCount({ dataset, value }: { dataset: DatasetFieldsFragment; value: TrainingSetState }) {
  const filter = useSettled(useMemo(() => trainingSetInput(value), [value]), COUNT_DEBOUNCE_MS);
  const [{ data, fetching }] = useQuery({
    query: TrainingSetCountDocument,
    variables: { datasetId: dataset.id, filter },
    requestPolicy: 'cache-and-network',
  });
  const result = data?.search;
  const searchLink = (
    <Link to={datasetPath(dataset.id, '/search')} className="muted">
      Open the search
    </Link>
  );
  if (!result) {
    return (
      <p className="training-set-count" role="status">
        {fetching ? 'Counting the matching items…' : ''}
      </p>
    );
  }
  if (result.__typename !== 'SearchResults') {
    return (
      <p className="training-set-count field-error" role="status">
        {sentence(result.message)}
      </p>
    );
  }
  const unlabelled = result.facets.statuses.find((entry) => entry.value === 'UNLABELED')?.count ?? 0;
  const labelled = Math.max(0, result.totalCount - unlabelled);
  return (
    <p className="training-set-count" role="status" aria-busy={fetching} data-testid="training-set-count">
      <strong>
        {formatCount(result.totalCount)} {result.totalCount === 1 ? 'item matches' : 'items match'}
      </strong>{' '}
      · <strong data-labelled={labelled}>{formatCount(labelled)}</strong> with a label (trained on, unless their top
      labels tie) · {searchLink}
    </p>
  );
}
