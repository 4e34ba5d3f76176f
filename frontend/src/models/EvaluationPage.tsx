import { useTitle } from '../app/useTitle';
import { EvaluationSetPanel } from './EvaluationSetPanel';
import { useModelContext } from './modelContext';
import { PromotionGateForm } from './PromotionGateForm';

/**
 * The Evaluation tab of a model: its dataset's evaluation set (the dataset of its newest version's run; a model is
 * named after its dataset otherwise) and the promotion gate judged on it.
 */
export function EvaluationPage() {
  const { model } = useModelContext();
  useTitle(`Evaluation · ${model.name}`);
  const datasetId = model.versions.find((v) => v.run)?.run?.datasetId ?? model.name;
  return (
    <>
      <EvaluationSetPanel datasetId={datasetId} />
      <PromotionGateForm model={model.name} />
    </>
  );
}
