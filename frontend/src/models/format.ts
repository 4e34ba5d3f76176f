/** Readings of the model screens: metric names and the drift readings (numbers are formatted by ui/format). */

/** A readable name for an API number key of a metrics snapshot ("macro_f1" → "macro F1"). */
export function metricName(key: string): string {
  const known: Record<string, string> = {
    accuracy: 'accuracy',
    macro_f1: 'macro F1',
    macroF1: 'macro F1',
    weighted_f1: 'weighted F1',
    weightedF1: 'weighted F1',
    loss: 'loss',
  };
  return known[key] ?? key.replace(/_/g, ' ');
}

/** The numeric entries of a JSON object (a metrics snapshot, label counts), in the API's order. */
export function numericEntries(json: unknown): [string, number][] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return [];
  return Object.entries(json as Record<string, unknown>).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
}

export type DriftLevel = 'none' | 'stable' | 'watch' | 'shifted';

/** The usual reading of a PSI: < 0.1 stable, 0.1–0.25 worth watching, > 0.25 shifted. */
export function psiLevel(psi: number | null): DriftLevel {
  if (psi === null) return 'none';
  if (psi < 0.1) return 'stable';
  if (psi <= 0.25) return 'watch';
  return 'shifted';
}

/** PSI in plain words. */
export function psiReading(psi: number | null): string {
  switch (psiLevel(psi)) {
    case 'none':
      return 'No figure: there are no predictions in the window, or the version has no training labels.';
    case 'stable':
      return 'Stable (below 0.1): the predicted labels are spread like the training labels.';
    case 'watch':
      return 'Some shift (0.1 to 0.25): worth watching.';
    case 'shifted':
      return 'Shifted (above 0.25): the predicted labels no longer look like the training labels — check the inputs, or retrain.';
  }
}

/** Jensen–Shannon divergence in bits (0: same spread, 1: nothing in common), in plain words. */
export function jensenShannonReading(value: number | null): string {
  if (value === null) return 'No figure yet.';
  if (value < 0.05) return 'Close to 0: nearly the same spread of labels.';
  if (value < 0.2) return 'Small difference between the two spreads.';
  return 'Large difference (0 is the same spread, 1 nothing in common).';
}
