import type { ParamSpecFieldsFragment } from './training.generated';
import { formatCount } from '../ui/format';

export type ParamSpec = ParamSpecFieldsFragment;

/**
 * What one parameter's input holds: the text of a number input or the chosen CHOICE (`''`: not given, the API's
 * default applies), `'true'`/`'false'` for BOOL, or null for "no limit" (nullable parameters only).
 */
export type ParamValue = string | null;
export type ParamValues = Record<string, ParamValue>;

/** The defaults of each model type's parameters: type → name → default (from `ModelTypeDefaults`). */
export type Defaults = Record<string, Record<string, unknown>>;

/** The field name of a parameter in the API's field errors: `params.<name>`. */
export const paramField = (name: string) => `params.${name}`;

/** A default as its input's value: numbers as typed, booleans as 'true'/'false', null as "no limit". */
function valueOf(spec: ParamSpec, value: unknown): ParamValue {
  if (value === null) return spec.nullable ? null : '';
  if (value === undefined) return ''; // unknown default: the field stays empty and the API fills it in
  if (spec.type === 'BOOL') return value ? 'true' : 'false';
  return String(value);
}

/** The form's starting values: each parameter's default, or empty where the default is not known. */
export function initialValues(specs: readonly ParamSpec[], defaults: Record<string, unknown> | undefined): ParamValues {
  const values: ParamValues = {};
  for (const spec of specs) values[spec.name] = valueOf(spec, defaults ? defaults[spec.name] : undefined);
  return values;
}

/**
 * `startTraining(params:)` from the inputs: numbers as numbers (text that is not one is sent as it is, so that
 * the API's field error says what is wrong), BOOL as a boolean, "no limit" as null; empty inputs are left out.
 */
export function paramsInput(specs: readonly ParamSpec[], values: ParamValues): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = values[spec.name];
    if (value === undefined || value === '') continue;
    if (value === null) {
      params[spec.name] = null;
      continue;
    }
    switch (spec.type) {
      case 'INT':
      case 'FLOAT': {
        const number = Number(value.trim());
        params[spec.name] = value.trim() !== '' && Number.isFinite(number) ? number : value;
        break;
      }
      case 'BOOL':
        params[spec.name] = value === 'true';
        break;
      case 'CHOICE':
        params[spec.name] = value;
        break;
    }
  }
  return params;
}

/** The `step` of a number input: whole numbers for INT, anything for FLOAT. */
export function stepOf(spec: ParamSpec): string {
  return spec.type === 'INT' ? '1' : 'any';
}


/** "1 to 500", "at least 10", or null: the range the API accepts, for the help text. */
export function rangeOf(spec: ParamSpec): string | null {
  const { minimum, maximum } = spec;
  const format = (n: number) =>
    Number.isInteger(n) ? formatCount(n) : n !== 0 && Math.abs(n) < 1e-3 ? n.toExponential() : String(n);
  if (minimum !== null && maximum !== null) return `${format(minimum)} to ${format(maximum)}`;
  if (minimum !== null) return `at least ${format(minimum)}`;
  if (maximum !== null) return `at most ${format(maximum)}`;
  return null;
}
