import type { QueueOrder } from '../graphql/schema.generated';
import { SelectField, TextField } from '../ui/Field';
import type { SplitErrors } from '../ui/fieldErrors';
import { CheckboxField, TextAreaField } from './MoreFields';

/** The fields a dataset's form shares: instructions, overlap target, blind mode, queue order (errors by API field name). */
export interface SettingsValues {
  instructions: string;
  overlapTarget: string;
  blind: boolean;
  queueOrder: QueueOrder;
}

export const SETTINGS_FIELDS = ['instructions', 'settings', 'settings.overlapTarget', 'settings.blind', 'settings.queueOrder'];

const QUEUE_ORDERS: readonly { value: QueueOrder; label: string }[] = [
  { value: 'RANDOM', label: 'Random, per annotator' },
  { value: 'IMPORT_ORDER', label: 'Import order (oldest first)' },
];

export function settingsInput(values: SettingsValues) {
  const overlap = Number(values.overlapTarget);
  return {
    instructions: values.instructions,
    settings: { overlapTarget: Number.isInteger(overlap) ? overlap : 0, blind: values.blind, queueOrder: values.queueOrder },
  };
}

export function SettingsFields({
  values,
  onChange,
  errors,
}: {
  values: SettingsValues;
  onChange: (values: SettingsValues) => void;
  errors: SplitErrors['fields'];
}) {
  return (
    <>
      <TextAreaField
        label="Instructions for annotators"
        rows={4}
        value={values.instructions}
        hint="Markdown. Shown in the annotation workspace."
        error={errors.instructions}
        onChange={(event) => onChange({ ...values, instructions: event.target.value })}
      />
      <div className="settings-row">
        <TextField
          label="Overlap target"
          type="number"
          min={1}
          max={10}
          value={values.overlapTarget}
          hint="Independent labels wanted per item, 1 to 10 (1 = no overlap)."
          error={errors['settings.overlapTarget'] ?? errors.settings}
          onChange={(event) => onChange({ ...values, overlapTarget: event.target.value })}
        />
        <CheckboxField
          label="Blind: annotators see only their own labels"
          checked={values.blind}
          error={errors['settings.blind']}
          onChange={(event) => onChange({ ...values, blind: event.target.checked })}
        />
        <SelectField
          label="Queue order"
          value={values.queueOrder}
          hint="Random: each annotator gets the items in a shuffled order of their own, the same order on every reload."
          error={errors['settings.queueOrder']}
          onChange={(event) => onChange({ ...values, queueOrder: event.target.value as QueueOrder })}
        >
          {QUEUE_ORDERS.map((order) => (
            <option key={order.value} value={order.value}>
              {order.label}
            </option>
          ))}
        </SelectField>
      </div>
    </>
  );
}
