"""The feedback loop's settings: which dataset a model's doubtful production predictions go to, read back as set,
and refused for a dataset whose labels (or kind) are not the model's."""

from __future__ import annotations

from dataclasses import dataclass

from backend.datasets.entities import Dataset
from backend.datasets.errors import DatasetNotFound
from backend.datasets.service import DatasetService
from backend.errors import FieldProblem, ValidationFailed
from backend.models.repository import ModelRepository
from backend.models.service import ModelService
from backend.models.serving import ModelNotFound

DEFAULT_THRESHOLD = 0.6


@dataclass(frozen=True, slots=True)
class FeedbackLoop:
    model: str
    dataset_id: str | None  # None: off
    threshold: float


class FeedbackLoopService:
    def __init__(self, settings: ModelRepository, models: ModelService, datasets: DatasetService) -> None:
        self._settings = settings
        self._models = models
        self._datasets = datasets

    async def get(self, model: str) -> FeedbackLoop:
        """The loop as set (off, at the default threshold, when it never was)."""
        dataset_id, threshold = await self._settings.feedback_settings(model)
        return FeedbackLoop(model, dataset_id, DEFAULT_THRESHOLD if threshold is None else threshold)

    async def set(self, model: str, dataset_id: str | None, threshold: float) -> FeedbackLoop:
        """Turn the loop on (towards `dataset_id`) or off (None). Raises ValidationFailed for a threshold out of
        (0, 1] or a dataset that lacks labels the model predicts, DatasetNotFound, ModelNotFound."""
        if not 0.0 < threshold <= 1.0:
            raise ValidationFailed([FieldProblem("threshold", "out_of_range", "give a confidence between 0 and 1")])
        if dataset_id is not None:
            self._check_fits(model, await self._datasets.get(dataset_id), *await self._model_labels(model))
        await self._settings.set_feedback_target(model, dataset_id, threshold)
        return FeedbackLoop(model, dataset_id, threshold)

    async def _model_labels(self, model: str) -> tuple[list[str], Dataset | None]:
        """The labels the model predicts (its production version's training set, else its dataset's), and the
        dataset it is named after, if any."""
        try:
            own: Dataset | None = await self._datasets.get(model)
        except DatasetNotFound:
            own = None
        reference = await self._models.production_version(model)
        if reference is not None:
            version = await self._models.version(model, reference)
            run = await self._models.training_run(version.run_id if version else None)
            if run is not None and run.label_counts:
                return sorted(run.label_counts), own
        if own is not None:
            return sorted(own.label_names), own
        raise ModelNotFound(model)

    @staticmethod
    def _check_fits(model: str, target: Dataset, labels: list[str], own: Dataset | None) -> None:
        if own is not None and own.kind is not target.kind:
            raise ValidationFailed(
                [
                    FieldProblem(
                        "datasetId",
                        "kind_differs",
                        f"dataset '{target.id}' is {target.kind.value} but model '{model}' takes {own.kind.value} "
                        f"inputs: choose a {own.kind.value} dataset",
                    )
                ]
            )
        missing = sorted(set(labels) - set(target.label_names))
        if missing:
            raise ValidationFailed(
                [
                    FieldProblem(
                        "datasetId",
                        "labels_differ",
                        f"dataset '{target.id}' lacks the labels {missing} that model '{model}' predicts (it has "
                        f"{sorted(target.label_names)}): add them to the dataset's labels, or choose a dataset with "
                        f"the labels {labels}",
                    )
                ]
            )
