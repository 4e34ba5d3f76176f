import { datasetPath } from '../datasets/datasetContext';

/** The training form of a dataset. */
export const trainPath = (datasetId: string) => datasetPath(datasetId, '/train');

/** The training runs of a dataset, newest first. */
export const runsPath = (datasetId: string) => datasetPath(datasetId, '/training');

/** One run, live or finished. */
export const runPath = (datasetId: string, runId: string) =>
  datasetPath(datasetId, `/training/${encodeURIComponent(runId)}`);

/** Several runs side by side (`?ids=a,b,c`, in that order). */
export const comparePath = (runIds: readonly string[]) =>
  `/training/compare?ids=${runIds.map(encodeURIComponent).join(',')}`;

/** The MLflow UI's page of a run (ADMINs can open /mlflow/). */
export const mlflowRunUrl = (experimentId: string, runId: string) =>
  `/mlflow/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
