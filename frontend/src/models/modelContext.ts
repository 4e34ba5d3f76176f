import { useOutletContext } from 'react-router';
import type { ModelQuery } from './models.generated';

type RegisteredModelNode = ModelQuery['registeredModels']['nodes'][number];
export type ModelVersion = RegisteredModelNode['versions']['nodes'][number];
/** A registered model with its versions (the newest 200, newest first) as a plain list. */
export type RegisteredModel = Omit<RegisteredModelNode, 'versions'> & { versions: ModelVersion[] };
export type ServedModel = ModelQuery['servedModels']['nodes'][number];

/** What ModelLayout gives the pages of one model (versions, playground, monitoring). */
export interface ModelContextValue {
  model: RegisteredModel;
  /** What the replica that answered serves of this model (null: nothing, e.g. no production version). */
  served: ServedModel | null;
  /** Bumped by `refresh()`: what depends on the model's versions reloads when it changes. */
  version: number;
  /** Reload the model (after a promotion or rollback). */
  refresh: () => void;
}

export function useModelContext(): ModelContextValue {
  return useOutletContext<ModelContextValue>();
}
