/** The playground's text box → `predict` inputs, and the API's field errors → the rows they concern. */

export type InputKind = 'TEXT' | 'TABULAR';

/** One non-blank line of the text box, as sent. */
export interface InputRow {
  /** 1-based line in the text box (blank lines are skipped, so rows and lines can differ). */
  line: number;
  /** The line as typed. */
  source: string;
  /** What `predict` receives: the text, or the parsed object of features. */
  input: unknown;
}

export interface RowProblem {
  /** The feature it concerns (`inputs.<row>.<feature>`), or null for the row as a whole. */
  feature: string | null;
  message: string;
}

export interface ParsedInputs {
  rows: InputRow[];
  /** Lines that cannot be sent (tabular: not a JSON object), by row index. */
  problems: Map<number, RowProblem[]>;
}

/** Text models: one text per line. Tabular models: one JSON object of features per line. */
export function parseInputs(text: string, kind: InputKind): ParsedInputs {
  const rows: InputRow[] = [];
  const problems = new Map<number, RowProblem[]>();
  text.split('\n').forEach((raw, index) => {
    const source = raw.replace(/\r$/, '');
    if (!source.trim()) return;
    const row = rows.length;
    if (kind === 'TEXT') {
      rows.push({ line: index + 1, source, input: source });
      return;
    }
    try {
      const value: unknown = JSON.parse(source);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
      rows.push({ line: index + 1, source, input: value });
    } catch {
      rows.push({ line: index + 1, source, input: null });
      problems.set(row, [{ feature: null, message: 'Not a JSON object: write {"feature": number, …} on one line.' }]);
    }
  });
  return { rows, problems };
}

/**
 * Places `predict`'s field errors: `inputs.<row>` on that row, `inputs.<row>.<feature>` on that row with the
 * feature's name; anything else (`inputs`: empty or too large a batch) is for the form.
 */
export function placeRowErrors(fieldErrors: readonly { field: string; message: string }[]): {
  rows: Map<number, RowProblem[]>;
  form: string[];
} {
  const rows = new Map<number, RowProblem[]>();
  const form: string[] = [];
  for (const problem of fieldErrors) {
    const match = /^inputs\.(\d+)(?:\.(.+))?$/.exec(problem.field);
    if (!match) {
      form.push(problem.message);
      continue;
    }
    const row = Number(match[1]);
    rows.set(row, [...(rows.get(row) ?? []), { feature: match[2] ?? null, message: problem.message }]);
  }
  return { rows, form };
}

/** A JSON line with every feature at 0, to start a tabular input from. */
export function templateRow(featureNames: readonly string[]): string {
  return JSON.stringify(Object.fromEntries(featureNames.map((name) => [name, 0])));
}
