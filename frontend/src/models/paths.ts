import { comparePath, runPath } from '../training/paths';

/** The models list, one model's pages (`rest`: '', '/predict', '/monitoring'). */
export function modelPath(name: string, rest = ''): string {
  return `/models/${encodeURIComponent(name)}${rest}`;
}

/** The page of a training run (under its dataset: a model is named after its dataset). */
export function trainingRunPath(datasetId: string, runId: string): string {
  return runPath(datasetId, runId);
}

/** The training screens' side-by-side view of runs. */
export function trainingComparePath(runIds: readonly string[]): string {
  return comparePath(runIds);
}
