import { TextField } from '../ui/Field';
import type { ValidationInput, ValidationMethod } from './training.generated';

/** How the run measures its model, as the form edits it (numbers as typed). */
export interface ValidationValues {
  method: ValidationMethod;
  testFraction: string;
  folds: string;
}

/** The API's field names for these inputs (its field errors land on them). */
export const VALIDATION_FIELDS = ['validation', 'validation.method', 'validation.testFraction', 'validation.folds', 'minAgreement'];

type Checked =
  | { validation: ValidationInput; minAgreement: number | null }
  | { problems: Partial<Record<string, string>> };

/**
 * `startTraining(validation:, minAgreement:)`, or the inputs that are not numbers at all (the API checks the
 * ranges; a variable of the wrong type would fail the whole request instead of giving a field error).
 */
export function validationInput(values: ValidationValues, minAgreement: string): Checked {
  const problems: Partial<Record<string, string>> = {};
  const validation: ValidationInput = { method: values.method };
  if (values.method === 'HOLDOUT') {
    const fraction = Number(values.testFraction);
    if (values.testFraction.trim() === '' || !Number.isFinite(fraction)) {
      problems['validation.testFraction'] = 'Enter the share to hold out, e.g. 0.2.';
    } else validation.testFraction = fraction;
  } else {
    const folds = Number(values.folds);
    if (values.folds.trim() === '' || !Number.isInteger(folds)) problems['validation.folds'] = 'Enter a whole number of folds, e.g. 5.';
    else validation.folds = folds;
  }
  let agreement: number | null = null;
  if (minAgreement.trim() !== '') {
    agreement = Number(minAgreement);
    if (!Number.isFinite(agreement)) problems.minAgreement = 'Enter a share between 0 and 1, e.g. 0.66, or leave it empty.';
  }
  return Object.keys(problems).length > 0 ? { problems } : { validation, minAgreement: agreement };
}

export function ValidationFields({
  values,
  onChange,
  minAgreement,
  onMinAgreementChange,
  errors,
  agreementFromSet = false,
}: {
  values: ValidationValues;
  onChange: (values: ValidationValues) => void;
  minAgreement: string;
  onMinAgreementChange: (value: string) => void;
  errors: Partial<Record<string, string>>;
  /** A saved training set brings its own minimum agreement: the field is not shown. */
  agreementFromSet?: boolean;
}) {
  const methodError = errors['validation.method'] ?? errors.validation;
  return (
    <fieldset className="validation-fields">
      <legend>Validation</legend>
      <div className="radio-options" role="radiogroup" aria-label="Validation method">
        <label>
          <input
            type="radio"
            name="validation-method"
            value="HOLDOUT"
            checked={values.method === 'HOLDOUT'}
            onChange={() => onChange({ ...values, method: 'HOLDOUT' })}
          />{' '}
          Hold-out: fit on a part, measure on the rest
        </label>
        <label>
          <input
            type="radio"
            name="validation-method"
            value="CROSS_VALIDATION"
            checked={values.method === 'CROSS_VALIDATION'}
            onChange={() => onChange({ ...values, method: 'CROSS_VALIDATION' })}
          />{' '}
          Cross-validation: k folds, then fit on all items
        </label>
      </div>
      {methodError && <small className="field-error">{methodError}</small>}
      <div className="settings-row">
        {values.method === 'HOLDOUT' ? (
          <TextField
            label="Test fraction"
            type="number"
            step="0.05"
            min={0.05}
            max={0.5}
            value={values.testFraction}
            hint="The share of the items kept to measure the model, 0.05 to 0.5."
            error={errors['validation.testFraction']}
            onChange={(event) => onChange({ ...values, testFraction: event.target.value })}
          />
        ) : (
          <TextField
            label="Folds"
            type="number"
            step="1"
            min={2}
            max={20}
            value={values.folds}
            hint="2 to 20; one metric point per fold."
            error={errors['validation.folds']}
            onChange={(event) => onChange({ ...values, folds: event.target.value })}
          />
        )}
        {!agreementFromSet && (
          <TextField
            label="Minimum agreement"
            type="number"
            step="0.01"
            min={0}
            max={1}
            value={minAgreement}
            placeholder="none"
            hint="Optional, 0 to 1: leave out items whose majority label has a smaller share of their annotators."
            error={errors.minAgreement}
            onChange={(event) => onMinAgreementChange(event.target.value)}
          />
        )}
      </div>
    </fieldset>
  );
}
