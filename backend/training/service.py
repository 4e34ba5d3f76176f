"""Starting, cancelling, reading and following training runs (the API side; the worker runs them: runner.py)."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime
from typing import Any

from backend.auth.entities import Principal
from backend.clock import utc_now
from backend.datasets.service import DatasetService
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.items.entities import ItemFilter
from backend.items.filters import item_filter_from_params
from backend.items.store import ItemStore
from backend.jobs.entities import JobEvent, JobKind, JobState
from backend.jobs.service import JobService
from backend.pages import Page
from backend.training.catalog import CATALOG, ModelType, models_for, validate_params
from backend.training.entities import TrainingRun, Validation
from backend.training.repository import TrainingRepository
from backend.training.sets import LabelRule, TrainingSet, TrainingSetNotFound
from backend.training.sets_frozen import FrozenItem, FrozenSetStore
from backend.training.sets_service import TrainingSetService

log = logging.getLogger("labelloop.training")


class TrainingRunNotFound(DomainError):
    def __init__(self, run_id: str) -> None:
        super().__init__(f"no training run has id '{run_id}': list them with `trainingRuns`")


class EmptyTrainingSet(DomainError):
    def __init__(self, dataset_id: str) -> None:
        super().__init__(
            f"no labelled item of dataset '{dataset_id}' matches the training-set filter: label items first, or "
            "widen the filter (search with the same filter shows what it matches); no training was started"
        )


class RunAlreadyFinished(DomainError):
    def __init__(self, run: TrainingRun) -> None:
        super().__init__(f"training run '{run.id}' already ended ({run.state.value}): there is nothing to cancel")


def _validation_problems(validation: Validation, min_agreement: float | None) -> list[FieldProblem]:
    problems = []
    if not 0.05 <= validation.test_fraction <= 0.5:
        problems.append(
            FieldProblem("validation.testFraction", "out_of_range", "hold out between 0.05 and 0.5 of the items")
        )
    if not 2 <= validation.folds <= 20:
        problems.append(FieldProblem("validation.folds", "out_of_range", "use between 2 and 20 folds"))
    if min_agreement is not None and not 0.0 <= min_agreement <= 1.0:
        problems.append(
            FieldProblem("minAgreement", "out_of_range", "give the agreement as a fraction between 0 and 1")
        )
    return problems


def _set_conflicts(item_filter: ItemFilter | None, min_agreement: float | None) -> list[FieldProblem]:
    """A saved set brings its own filter and minimum agreement: giving them too is ambiguous."""
    problems = []
    if item_filter is not None:
        problems.append(
            FieldProblem(
                "trainingSet",
                "conflict",
                "give either trainingSetId (a saved set) or trainingSet (a filter), not both: the saved set has its "
                "own filter",
            )
        )
    if min_agreement is not None:
        problems.append(
            FieldProblem(
                "minAgreement",
                "conflict",
                "a saved set has its own minimum agreement: leave minAgreement out, or edit the set",
            )
        )
    return problems


# What a run finds out (reset when a run is repeated); every other field of a TrainingRun is its configuration.
RESULT_FIELDS = (
    "attempt",
    "message",
    "started_at",
    "heartbeat_at",
    "finished_at",
    "cancel_requested",
    "item_count",
    "item_hash",
    "label_counts",
    "train_size",
    "validation_size",
    "metrics",
    "per_class",
    "confusion_labels",
    "confusion_matrix",
    "label_outcomes",
    "mlflow_experiment_id",
    "mlflow_run_id",
    "model_version",
    "duration_s",
)
FRESH = TrainingRun(
    id="",
    dataset_id="",
    model_type="",
    params={},
    training_filter={},
    validation=Validation(),
    min_agreement=None,
    state=JobState.QUEUED,
    created_by="",
    created_at=utc_now(),
)


class TrainingService:
    def __init__(
        self,
        runs: TrainingRepository,
        datasets: DatasetService,
        items: ItemStore,
        jobs: JobService,
        sets: TrainingSetService,
        frozen: FrozenSetStore,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._sets = sets
        self._frozen = frozen
        self._runs = runs
        self._datasets = datasets
        self._items = items
        self._jobs = jobs
        self._clock = clock

    async def start(
        self,
        principal: Principal,
        dataset_id: str,
        model_type: str,
        params: dict[str, Any] | None,
        item_filter: ItemFilter | None,
        validation: Validation,
        min_agreement: float | None,
        training_set_id: str | None = None,
    ) -> TrainingRun:
        """Check everything, record a QUEUED run and queue it: on the items of the filter (every item without one),
        or of the saved set `training_set_id` (its filter, label rule and minimum agreement). Raises
        ValidationFailed, TrainingSetNotFound or EmptyTrainingSet."""
        dataset = await self._datasets.get(dataset_id)
        problems: list[FieldProblem] = []
        saved: TrainingSet | None = None
        if training_set_id is not None:
            saved, set_problems = await self._saved_set(dataset.id, training_set_id, item_filter, min_agreement)
            problems += set_problems
            if saved is not None:
                item_filter, min_agreement = item_filter_from_params(saved.item_filter), saved.min_agreement
        item_filter = item_filter or ItemFilter()
        spec = CATALOG.get(ModelType(model_type)) if model_type in ModelType.__members__ else None
        resolved: dict[str, Any] = {}
        if spec is None:
            known = ", ".join(t.value for t in ModelType)
            problems.append(FieldProblem("modelType", "unknown_model", f"'{model_type}' is not a model type: {known}"))
        elif spec.kind is not dataset.kind:
            usable = ", ".join(t.value for t, s in CATALOG.items() if s.kind is dataset.kind)
            problems.append(
                FieldProblem(
                    "modelType",
                    "wrong_kind",
                    f"{model_type} trains on {spec.kind.value} datasets; '{dataset.id}' is {dataset.kind.value}: "
                    f"use one of {usable}",
                )
            )
        elif dataset.task_type not in spec.task_types:
            usable = ", ".join(s.type.value for s in models_for(dataset.kind, dataset.task_type)) or "none yet"
            problems.append(
                FieldProblem(
                    "modelType",
                    "wrong_task_type",
                    f"{model_type} does not train {dataset.task_type.value} datasets like '{dataset.id}': "
                    f"use one of {usable}",
                )
            )
        else:
            resolved, param_problems = validate_params(spec, params)
            problems += param_problems
        problems += _validation_problems(validation, min_agreement)
        if problems:
            raise ValidationFailed(problems)
        await self._items.refresh()  # labels given a moment ago (a notebook labels, then trains) are counted and used
        if await self._items.count_labelled(dataset.id, item_filter) == 0:
            raise EmptyTrainingSet(dataset.id)
        run = TrainingRun(
            id=f"run_{uuid.uuid4().hex[:16]}",
            dataset_id=dataset.id,
            model_type=model_type,
            params=resolved,
            training_filter=item_filter.describe(),
            validation=validation,
            min_agreement=min_agreement,
            state=JobState.QUEUED,
            created_by=principal.user.username,
            created_at=self._clock(),
            model_name=dataset.id,
            label_rule=(saved.label_rule if saved else LabelRule.GOLD_OR_MAJORITY).value,
            training_set_id=saved.id if saved else None,
            training_set=saved.definition() if saved else None,
        )
        await self._runs.insert(run)
        await self._jobs.record_state(run.id, JobState.QUEUED, "queued")
        await self._jobs.enqueue(await self._jobs.get(run.id), 1)
        return run

    async def _saved_set(
        self, dataset_id: str, set_id: str, item_filter: ItemFilter | None, min_agreement: float | None
    ) -> tuple[TrainingSet | None, list[FieldProblem]]:
        """The saved set a training starts from, or the problems of asking for it (raises TrainingSetNotFound)."""
        conflicts = _set_conflicts(item_filter, min_agreement)
        if conflicts:
            return None, conflicts
        saved = await self._sets.get(set_id)
        if saved.dataset_id != dataset_id:
            problem = FieldProblem(
                "trainingSetId",
                "wrong_dataset",
                f"training set '{saved.id}' belongs to dataset '{saved.dataset_id}', not '{dataset_id}': list this "
                f'dataset\'s sets with `trainingSets(datasetId: "{dataset_id}")`',
            )
            return None, [problem]
        return saved, []

    @staticmethod
    def new_run_id() -> str:
        return f"run_{uuid.uuid4().hex[:16]}"

    async def repeat(self, previous: TrainingRun, created_by: str, run_id: str | None = None) -> TrainingRun:
        """Queue a new run (id `run_id`, or a new one) with `previous`'s configuration (dataset, model type, params,
        filter, validation, minimum agreement, and any other field a run carries that is not a result, e.g. its
        training set), recorded as created by `created_by` (an automation)."""
        results = {name: getattr(FRESH, name) for name in RESULT_FIELDS}
        results |= await self._set_now(previous)
        run = dataclasses.replace(
            previous,
            **results,
            id=run_id or self.new_run_id(),
            state=JobState.QUEUED,
            created_by=created_by,
            created_at=self._clock(),
        )
        await self._runs.insert(run)
        await self._jobs.record_state(run.id, JobState.QUEUED, "queued")
        await self._jobs.enqueue(await self._jobs.get(run.id), 1)
        return run

    async def _set_now(self, previous: TrainingRun) -> dict[str, Any]:
        """The saved set of a repeated run as it is now (it may have been edited since), as run fields; none when
        the run did not start from a set, or the set was deleted (the run's own copy is repeated then)."""
        if previous.training_set_id is None:
            return {}
        try:
            saved = await self._sets.get(previous.training_set_id)
        except TrainingSetNotFound:
            return {}
        return {
            "training_filter": saved.item_filter,
            "min_agreement": saved.min_agreement,
            "label_rule": saved.label_rule.value,
            "training_set": saved.definition(),
        }

    async def cancel(self, run_id: str) -> TrainingRun:
        """Ask the worker to stop the run; a run still waiting in the queue ends at once. Raises
        TrainingRunNotFound or RunAlreadyFinished."""
        run = await self.get(run_id)
        if run.state.finished:
            raise RunAlreadyFinished(run)
        await self._jobs.cancel(run_id)
        return await self.get(run_id)  # the worker sees the request at its next metric point or heartbeat (2 s)

    async def get(self, run_id: str) -> TrainingRun:
        run = await self._runs.get(run_id)
        if run is None:
            raise TrainingRunNotFound(run_id)
        return run

    async def frozen_items(self, run_id: str, first: int = 100, after: str | None = None) -> Page[FrozenItem]:
        """A page of the items the run trained on (id order), as frozen at its start: empty until its snapshot.
        Raises TrainingRunNotFound, or ValidationFailed for a bad page argument."""
        run = await self.get(run_id)
        return await self._frozen.page(run.id, run.item_count or 0, first, after)

    async def get_many(self, run_ids: Sequence[str]) -> list[TrainingRun]:
        return await self._runs.get_many(run_ids)

    async def list_runs(
        self,
        dataset_id: str | None,
        states: Sequence[JobState],
        model_types: Sequence[str],
        first: int = 20,
        after: str | None = None,
    ) -> Page[TrainingRun]:
        """A page of runs newest first (the jobs index, kind TRAINING); raises ValidationFailed for a bad page."""
        ids, total, offset = await self._jobs.list_ids(
            first, after, kind=JobKind.TRAINING, states=states, dataset_id=dataset_id, model_types=model_types
        )
        return self._jobs.page(await self._runs.get_many(ids), total, offset, first)

    async def events(self, run_id: str, after: int = 0) -> list[JobEvent]:
        return await self._jobs.events(run_id, after)

    async def follow(self, run_id: str, after: int) -> AsyncIterator[JobEvent]:
        """Every event after the cursor `after`, stored ones first, then live ones, until the run ends (see
        JobService.follow_events); raises TrainingRunNotFound."""
        await self.get(run_id)
        async for event in self._jobs.follow_events(run_id, after):
            yield event
