/** The shape shared by every ValidationError (and the other `Error` members) in the API's unions. */
interface ErrorLike {
  message: string;
  fieldErrors?: readonly { field: string; message: string }[];
}

export interface SplitErrors {
  /** Messages for the form's own inputs, by argument name (e.g. `username`, `newPassword`). */
  fields: Partial<Record<string, string>>;
  /** A message for the whole form: a non-field error, or field errors on arguments the form has no input for. */
  form: string | null;
}

/** Puts each field error next to its input, and the rest at the form level. */
export function splitErrors(error: ErrorLike | null | undefined, formFields: readonly string[]): SplitErrors {
  if (!error) return { fields: {}, form: null };
  const fields: Partial<Record<string, string>> = {};
  const others: string[] = [];
  for (const problem of error.fieldErrors ?? []) {
    if (formFields.includes(problem.field)) fields[problem.field] = problem.message;
    else others.push(problem.message);
  }
  const placed = Object.keys(fields).length > 0;
  const form = others.length > 0 ? others.join('; ') : placed ? null : error.message;
  return { fields, form };
}
