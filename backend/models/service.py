"""The model registry as users see it (MLflow + our training runs), promotion with history and rollback,
monitoring, and batch scoring of a dataset's unlabelled items."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from backend.auth.entities import Principal
from backend.clients.mlflow import MlflowTracking
from backend.clock import utc_now
from backend.datasets.service import DatasetService
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.items.entities import ItemFilter, ItemStatus, Suggestion
from backend.items.store import ItemStore
from backend.jobs.entities import Job, JobKind
from backend.jobs.service import JobService
from backend.models import serving_multilabel
from backend.models.entities import (
    PRODUCTION,
    ModelVersion,
    PredictionSource,
    PromotionEvent,
    RegisteredModel,
)
from backend.models.predictions import Monitoring, monitoring_from, window
from backend.models.repository import ModelRepository
from backend.models.serving import ModelServer, to_matrix, uncertainty_of
from backend.models.serving_spans import is_span_model, span_suggestions
from backend.pages import Page, check_page_size, offset_after, offset_cursor, page_of
from backend.training.catalog import ModelType
from backend.training.entities import TrainingRun
from backend.training.runner import RUN_ID_TAG
from backend.training.service import TrainingService
from backend.wording import counted

log = logging.getLogger("labelloop.models")
REASON_MAX = 2000
SCORE_BATCH = 500


class ModelVersionNotFound(DomainError):
    def __init__(self, name: str, version: str) -> None:
        super().__init__(f"model '{name}' has no version '{version}': list them with `registeredModels`")


class NoPreviousVersion(DomainError):
    def __init__(self, name: str) -> None:
        super().__init__(f"model '{name}' has no earlier production version to roll back to: promote a version instead")


def _version(raw: Any, production: str | None) -> ModelVersion:
    """Our view of an MLflow model version (searches leave aliases out: `production` is passed in)."""
    tags = dict(raw.tags or {})
    aliases = set(getattr(raw, "aliases", None) or ())
    if production is not None and str(raw.version) == production:
        aliases.add(PRODUCTION)
    return ModelVersion(
        name=raw.name,
        version=str(raw.version),
        created_at=datetime.fromtimestamp(raw.creation_timestamp / 1000, tz=UTC),
        run_id=tags.get(RUN_ID_TAG),
        mlflow_run_id=raw.run_id,
        source=raw.source,
        aliases=tuple(sorted(aliases)),
        tags=tags,
    )


def reason_of(reason: str) -> str:
    """The reason trimmed; raises ValidationFailed when it is blank or too long."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed([FieldProblem("reason", "required", "say why (it is kept in the history)")])
    if len(reason) > REASON_MAX:
        raise ValidationFailed([FieldProblem("reason", "too_long", f"keep the reason under {REASON_MAX} characters")])
    return reason


class ModelService:
    def __init__(
        self,
        tracking: MlflowTracking,
        models: ModelRepository,
        runs: TrainingService,
        server: ModelServer,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._tracking = tracking
        self._models = models
        self._runs = runs
        self._server = server
        self._clock = clock

    async def training_run(self, run_id: str | None) -> TrainingRun | None:
        """The training run that made a version (its lineage), or None when there is none (any more)."""
        found = await self._runs.get_many([run_id]) if run_id else []
        return found[0] if found else None

    async def registered_models(self, first: int, after: str | None) -> Page[RegisteredModel]:
        """A page of the registered models, by name; raises ValidationFailed for a bad `first` or `after`."""
        every = sorted(await asyncio.to_thread(self._tracking.registered_models), key=lambda raw: str(raw.name))
        page = page_of(every, first, after)
        nodes = []
        recorded = await self._models.production_versions([str(raw.name) for raw in page.nodes])
        for raw in page.nodes:  # only this page's models cost a call for their versions
            latest = max((int(v.version) for v in raw.latest_versions or []), default=None)
            aliases = getattr(raw, "aliases", None) or {}
            versions = await asyncio.to_thread(self._tracking.model_versions, raw.name)
            nodes.append(
                RegisteredModel(
                    name=raw.name,
                    production_version=recorded.get(raw.name)
                    or (str(aliases[PRODUCTION]) if PRODUCTION in aliases else None),
                    latest_version=str(latest) if latest is not None else None,
                    version_count=len(versions),
                    updated_at=datetime.fromtimestamp(raw.last_updated_timestamp / 1000, tz=UTC)
                    if raw.last_updated_timestamp
                    else None,
                )
            )
        return Page(nodes, page.end_cursor, page.has_next_page, page.total_count)

    async def versions(self, name: str, first: int, after: str | None) -> Page[ModelVersion]:
        """A page of the versions of `name`, newest first; raises ValidationFailed for a bad `first` or `after`."""
        page = page_of(await asyncio.to_thread(self._tracking.model_versions, name), first, after)
        production = await self.production_version(name) if page.nodes else None
        return page.map(lambda v: _version(v, production))

    async def version(self, name: str, version: str) -> ModelVersion | None:
        raw = await asyncio.to_thread(self._tracking.model_version, name, version)
        return _version(raw, None) if raw is not None else None

    async def production_version(self, name: str) -> str | None:
        """MongoDB's record (the truth); MLflow's alias only for a model never promoted through Labelloop."""
        recorded = await self._models.production_version(name)
        if recorded is not None:
            return recorded
        return await asyncio.to_thread(self._tracking.alias_version, name, PRODUCTION)

    async def history(self, name: str, first: int, after: str | None) -> Page[PromotionEvent]:
        """A page of the promotion events of `name`, newest first; raises ValidationFailed for a bad argument."""
        check_page_size(first)
        start = offset_after(after)
        events, total = await self._models.history(name, start, first)
        end = min(start + first, total)
        return Page(events, offset_cursor(end - 1) if events else None, end < total, total)

    async def monitoring(
        self, name: str, version: str | None, minutes: int, sources: Sequence[PredictionSource]
    ) -> Monitoring:
        """Figures of the predictions from `sources` in the last `minutes`; no drift score below MINIMUM_SAMPLE."""
        sources = sorted(set(sources), key=list(PredictionSource).index)
        since = window(minutes, self._clock)
        raw = await self._models.aggregate(name, version, since, sources)
        reference = version or await self.production_version(name)
        training: dict[str, int] = {}
        training_items: int | None = None  # given for a multi-label or span model: per-label rates and their drift
        if reference:
            target = await self.version(name, reference)
            run = await self.training_run(target.run_id if target else None)
            training = dict(run.label_counts) if run else {}
            per_label = run is not None and (bool(run.label_outcomes) or run.model_type == ModelType.SPAN_TAGGER.value)
            training_items = run.item_count if run and per_label else None
        return monitoring_from(name, version, since, raw, training, sources, training_items)

    async def rollback_version(self, name: str) -> str | None:
        """The version a rollback of `name` would put back in production; None when there is none."""
        stack = await self._models.production_stack(name)
        return stack[-2] if len(stack) >= 2 else None


class ScoringService:
    """Batch scoring: the production model of a dataset scores its unlabelled items; each gets a suggestion
    and an uncertainty (indexed), for the workspace and the UNCERTAINTY queue."""

    def __init__(
        self,
        datasets: DatasetService,
        items: ItemStore,
        jobs: JobService,
        server: ModelServer,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._datasets = datasets
        self._items = items
        self._jobs = jobs
        self._server = server
        self._clock = clock

    async def submit(self, principal: Principal, dataset_id: str, model: str | None) -> Job:
        dataset = await self._datasets.get(dataset_id)
        name = model or dataset.id
        await self._server.current(name)  # fails now (no model / no production version) rather than in the job
        params = {"model": name}
        return await self._jobs.submit(JobKind.BATCH_SCORING, principal.user.username, dataset.id, params)

    async def follow(self, actor: str, dataset_id: str, model: str) -> Job:
        """Queue the scoring that follows a promotion (the promotion job checked the model already)."""
        return await self._jobs.submit(JobKind.BATCH_SCORING, actor, dataset_id, {"model": model})

    async def run(self, job_id: str) -> Job:
        job = await self._jobs.get(job_id)
        dataset_id = job.dataset_id or ""
        name = str(job.params["model"])
        try:
            await self._server.refresh(name)  # the production version now, not the one this process saw first
            loaded = await self._server.current(name)
            wanted = ItemFilter(statuses=(ItemStatus.UNLABELED,))
            total = await self._items.count(dataset_id, wanted)
            await self._jobs.start(job_id, total=total, message=f"scoring with {name} version {loaded.version}")
            ids: list[str] = []
            async for page in self._items.ids(dataset_id, wanted):
                ids.extend(page)
            done = 0
            for start in range(0, len(ids), SCORE_BATCH):
                items = [i for i in await self._items.get_many(ids[start : start + SCORE_BATCH]) if not i.annotations]
                if items:
                    await self._score(loaded, items)
                done += len(items)
                await self._jobs.progress(job_id, done)
                await self._jobs.checkpoint(job_id)  # a cancel stops here: the batches scored so far stay
            return await self._jobs.succeed(
                job_id,
                f"{counted(done, 'item')} scored by {name} version {loaded.version}",
                {"scored": done},
            )
        except Exception as exc:
            await self._jobs.fail(job_id, f"batch scoring stopped: {exc}")
            raise

    async def _score(self, loaded: Any, items: list[Any]) -> None:
        inputs = [{"text": i.text or ""} if loaded.text else (i.features or {}) for i in items]
        if is_span_model(loaded.model):
            matrix = to_matrix(loaded, inputs)
            await self._items.suggest(
                await span_suggestions(loaded.model, matrix, items, loaded.name, loaded.version, self._clock())
            )
            return
        probabilities = np.asarray(await asyncio.to_thread(loaded.model.predict_proba, to_matrix(loaded, inputs)))
        if loaded.multilabel:
            await self._items.suggest(serving_multilabel.suggestions_of(loaded, items, probabilities, self._clock()))
            return
        margin, entropy = uncertainty_of(probabilities)
        best = probabilities.argmax(axis=1)
        now = self._clock()
        suggestions = [
            (
                item,
                Suggestion(
                    label=loaded.classes[int(best[row])],
                    confidence=float(probabilities[row, best[row]]),
                    uncertainty=float(margin[row]),
                    entropy=float(entropy[row]),
                    model=loaded.name,
                    version=loaded.version,
                    at=now,
                ),
            )
            for row, item in enumerate(items)
        ]
        await self._items.suggest(suggestions)
