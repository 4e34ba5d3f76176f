import { useId } from 'react';
import { CheckboxField } from '../datasets/MoreFields';
import { SelectField, TextField } from '../ui/Field';
import { paramField, rangeOf, stepOf, type ParamSpec, type ParamValue, type ParamValues } from './params';

function hintOf(spec: ParamSpec, initial: ParamValue | undefined): string {
  const range = rangeOf(spec);
  const parts = [spec.description];
  if (range) parts.push(`${range}.`);
  if (initial === '') parts.push('Empty: the API’s default.');
  else if (initial === null) parts.push('Default: no limit.');
  return parts.join(' ');
}

/**
 * The inputs of a model type's parameters, generated from its ParamSpec list: INT / FLOAT → number inputs with
 * their bounds, BOOL → checkbox, CHOICE → select, nullable → a "No limit" checkbox beside the input (null).
 * Each input shows the API's field error `params.<name>`.
 */
export function ParamFields({
  specs,
  values,
  initial,
  errors,
  onChange,
}: {
  specs: readonly ParamSpec[];
  values: ParamValues;
  /** The starting values (defaults), restored when "No limit" is unticked. */
  initial: ParamValues;
  errors: Partial<Record<string, string>>;
  onChange: (values: ParamValues) => void;
}) {
  const set = (name: string, value: ParamValue) => onChange({ ...values, [name]: value });
  return (
    <div className="param-fields">
      {specs.map((spec) => (
        <ParamField
          key={spec.name}
          spec={spec}
          value={values[spec.name] === undefined ? '' : values[spec.name]}
          initial={initial[spec.name]}
          error={errors[paramField(spec.name)]}
          onChange={(value) => set(spec.name, value)}
        />
      ))}
    </div>
  );
}

function ParamField({
  spec,
  value,
  initial,
  error,
  onChange,
}: {
  spec: ParamSpec;
  value: ParamValue;
  initial: ParamValue | undefined;
  error: string | undefined;
  onChange: (value: ParamValue) => void;
}) {
  const hint = hintOf(spec, initial);
  switch (spec.type) {
    case 'BOOL':
      return (
        <div className="param-field" data-param={spec.name}>
          <CheckboxField
            label={spec.name}
            checked={value === 'true'}
            error={error}
            onChange={(event) => onChange(event.target.checked ? 'true' : 'false')}
          />
          <small className="hint">{hint}</small>
        </div>
      );
    case 'CHOICE':
      return (
        <div className="param-field" data-param={spec.name}>
          <SelectField label={spec.name} value={value ?? ''} hint={hint} error={error} onChange={(event) => onChange(event.target.value)}>
            {value === '' && <option value="">(API default)</option>}
            {spec.choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </SelectField>
        </div>
      );
    case 'INT':
    case 'FLOAT':
      return <NumberParam spec={spec} value={value} initial={initial} hint={hint} error={error} onChange={onChange} />;
  }
}

function NumberParam({
  spec,
  value,
  initial,
  hint,
  error,
  onChange,
}: {
  spec: ParamSpec;
  value: ParamValue;
  initial: ParamValue | undefined;
  hint: string;
  error: string | undefined;
  onChange: (value: ParamValue) => void;
}) {
  const noLimitId = useId();
  const noLimit = value === null;
  return (
    <div className="param-field" data-param={spec.name}>
      <TextField
        label={spec.name}
        type="number"
        inputMode={spec.type === 'INT' ? 'numeric' : 'decimal'}
        step={stepOf(spec)}
        {...(spec.minimum !== null ? { min: spec.minimum } : {})}
        {...(spec.maximum !== null ? { max: spec.maximum } : {})}
        value={noLimit ? '' : value}
        placeholder={noLimit ? 'no limit' : value === '' ? 'default' : undefined}
        disabled={noLimit}
        hint={hint}
        error={error}
        onChange={(event) => onChange(event.target.value)}
      />
      {spec.nullable && (
        <span className="no-limit">
          <input
            id={noLimitId}
            type="checkbox"
            checked={noLimit}
            onChange={(event) => onChange(event.target.checked ? null : initial ?? '')}
          />{' '}
          <label htmlFor={noLimitId}>No limit ({spec.name})</label>
        </span>
      )}
    </div>
  );
}
