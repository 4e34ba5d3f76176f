"""Starting, cancelling, reading and following training runs (the API side; the worker runs them: runner.py)."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime
from typing import Any

from redis.exceptions import RedisError

from backend.auth.entities import Principal
from backend.clients.events import EventBus, Subscription
from backend.clients.queue import JobQueue
from backend.clock import utc_now
from backend.datasets.service import DatasetService
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.items.entities import ItemFilter
from backend.items.index import ItemIndex
from backend.training.catalog import CATALOG, ModelType, validate_params
from backend.training.entities import EventKind, RunEvent, RunState, TrainingRun, Validation
from backend.training.repository import TrainingRepository

log = logging.getLogger("labelloop.training")
FOLLOW_POLL_S = 1.0  # without a Redis message, look at MongoDB this often anyway


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


def run_channel(run_id: str) -> str:
    return f"labelloop:training:{run_id}"


def encode_event(event: RunEvent) -> str:
    return json.dumps({"seq": event.seq, "at": event.at.isoformat(), "kind": event.kind.value, "data": event.data})


def decode_event(message: str) -> RunEvent:
    raw = json.loads(message)
    return RunEvent(seq=raw["seq"], at=datetime.fromisoformat(raw["at"]), kind=EventKind(raw["kind"]), data=raw["data"])


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


class TrainingService:
    def __init__(
        self,
        runs: TrainingRepository,
        datasets: DatasetService,
        index: ItemIndex,
        queue: JobQueue,
        events: EventBus,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._runs = runs
        self._datasets = datasets
        self._index = index
        self._queue = queue
        self._events = events
        self._clock = clock

    async def start(
        self,
        principal: Principal,
        dataset_id: str,
        model_type: str,
        params: dict[str, Any] | None,
        item_filter: ItemFilter,
        validation: Validation,
        min_agreement: float | None,
    ) -> TrainingRun:
        """Check everything, record a QUEUED run and queue it; raises ValidationFailed or EmptyTrainingSet."""
        dataset = await self._datasets.get(dataset_id)
        problems: list[FieldProblem] = []
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
        else:
            resolved, param_problems = validate_params(spec, params)
            problems += param_problems
        problems += _validation_problems(validation, min_agreement)
        if problems:
            raise ValidationFailed(problems)
        if await self._index.count_labelled(dataset.id, item_filter) == 0:
            raise EmptyTrainingSet(dataset.id)
        run = TrainingRun(
            id=f"run_{uuid.uuid4().hex[:16]}",
            dataset_id=dataset.id,
            model_type=model_type,
            params=resolved,
            training_filter=item_filter.describe(),
            validation=validation,
            min_agreement=min_agreement,
            state=RunState.QUEUED,
            created_by=principal.user.username,
            created_at=self._clock(),
            model_name=dataset.id,
        )
        await self._runs.insert(run)
        await self._record(run.id, 1, EventKind.STATE, {"state": RunState.QUEUED.value, "message": "queued"})
        await self._queue.enqueue("train_model", run.id, 1, job_id=f"{run.id}#1")
        return run

    async def cancel(self, run_id: str) -> TrainingRun:
        """Ask the worker to stop the run; a run still waiting in the queue ends at once."""
        run = await self.get(run_id)
        if run.state.finished:
            raise RunAlreadyFinished(run)
        run = await self._runs.update(run_id, cancel_requested=True) or run
        if run.state is RunState.QUEUED:
            cancelled = await self._runs.cancel_if_queued(run_id, self._clock())
            if cancelled is not None:
                seq = await self._runs.last_seq(run_id) + 1
                await self._record(run_id, seq, EventKind.STATE, {"state": "CANCELLED", "message": "cancelled"})
                return cancelled
        return await self.get(run_id)  # the worker sees the request at its next heartbeat (2 s)

    async def _record(self, run_id: str, seq: int, kind: EventKind, data: dict[str, Any]) -> None:
        event = RunEvent(seq=seq, at=self._clock(), kind=kind, data=data)
        await self._runs.append_event(run_id, event)
        await self._events.publish(run_channel(run_id), encode_event(event))

    async def get(self, run_id: str) -> TrainingRun:
        run = await self._runs.get(run_id)
        if run is None:
            raise TrainingRunNotFound(run_id)
        return run

    async def get_many(self, run_ids: Sequence[str]) -> list[TrainingRun]:
        return await self._runs.get_many(run_ids)

    async def list_runs(
        self, dataset_id: str | None, states: Sequence[RunState], model_types: Sequence[str], first: int, offset: int
    ) -> tuple[list[TrainingRun], int]:
        ids, total = await self._runs.list_ids(dataset_id, states, model_types, first, offset)
        return await self._runs.get_many(ids), total

    async def events(self, run_id: str, after: int = 0) -> list[RunEvent]:
        return await self._runs.events_after(run_id, after)

    async def follow(self, run_id: str, after: int) -> AsyncIterator[RunEvent]:
        """Every event after the cursor `after`, stored ones first, then live ones, each once and in order,
        until the run ends. Redis only wakes us up: MongoDB is the log, so a lost message or a Redis restart
        costs at most a poll interval, never an event."""
        run = await self.get(run_id)
        subscription = await self._subscribe(run_id)
        last = after
        try:
            while True:
                events = await self._runs.events_after(run_id, last)
                for event in events:
                    yield event
                    last = event.seq
                    if event.kind is EventKind.STATE and RunState(event.data["state"]).finished:
                        return
                if not events and run.state.finished:
                    return  # the cursor is past the end
                while True:
                    if subscription is None:
                        subscription = await self._subscribe(run_id, quiet=True)
                    message = await self._wait(subscription)
                    if message is None:
                        if subscription is not None and subscription.broken:
                            await subscription.close()
                            subscription = None
                        run = await self.get(run_id)
                        break
                    event = decode_event(message)
                    if event.seq != last + 1:
                        break  # a gap (or a duplicate): read the log
                    yield event
                    last = event.seq
                    if event.kind is EventKind.STATE and RunState(event.data["state"]).finished:
                        return
        finally:
            if subscription is not None:
                await subscription.close()

    async def _subscribe(self, run_id: str, quiet: bool = False) -> Subscription | None:
        try:
            return await self._events.subscribe(run_channel(run_id))
        except (RedisError, OSError):
            if not quiet:
                log.warning("Redis unreachable: following run %s by polling MongoDB", run_id)
            return None

    @staticmethod
    async def _wait(subscription: Subscription | None) -> str | None:
        if subscription is None:
            await asyncio.sleep(FOLLOW_POLL_S)
            return None
        return await subscription.next_or_none(FOLLOW_POLL_S)
