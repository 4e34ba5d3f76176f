"""Serving the production version of each model from memory, in every API replica.

A replica loads a model's production version on first use (or at start, for every model that has one) and keeps
it. A promotion or rollback publishes `labelloop:models`; every replica then loads the new version in the
background and swaps it in with one assignment, so requests in flight finish on the version they started with and
none fails. Every 15 s a replica also compares what it serves with the registry (a lost message costs at most that).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from backend.batching import Coalescer
from backend.clients import redis_keys
from backend.clients.events import EventBus
from backend.clients.mlflow import MlflowTracking
from backend.clock import utc_now
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.models import serving_multilabel
from backend.models.entities import (
    PRODUCTION,
    ChampionRow,
    PredictionBatch,
    PredictionRow,
    PredictionSource,
)
from backend.models.pending import PendingPredictions
from backend.models.serving_spans import is_span_model, span_rows

log = logging.getLogger("labelloop.serving")
MODELS_CHANNEL = redis_keys.MODELS
RECHECK_S = 15.0
INLINE_ROWS = 64  # a call with more rows is computed on its own, in a thread; smaller calls share one (SHARED_CALLS)
SHARED_CALLS = 64  # at most this many concurrent predict calls (of at most INLINE_ROWS rows each) share a batch


class ModelNotFound(DomainError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no registered model is called '{name}': models are named after their dataset")


class NoProductionVersion(DomainError):
    def __init__(self, name: str) -> None:
        super().__init__(f"model '{name}' has no production version yet: promote one with `promoteModelVersion` first")


@dataclass(frozen=True, slots=True)
class LoadedModel:
    name: str
    version: str
    model: Any
    classes: tuple[str, ...]
    inputs: tuple[str, ...]  # the signature's columns: ("text",) for text models, else the features in order
    # small predict calls made at the same moment share one predict_proba (see `shared_predict`)
    shared: Coalescer[np.ndarray, np.ndarray] | None = field(default=None, compare=False)

    @property
    def text(self) -> bool:
        return self.inputs == ("text",)

    @property
    def multilabel(self) -> bool:
        return serving_multilabel.is_multilabel(self.model)


def _problem(index: int, column: str | None, message: str) -> FieldProblem:
    path = f"inputs.{index}" + (f".{column}" if column else "")
    return FieldProblem(path, "invalid_input", message)


def to_matrix(loaded: LoadedModel, inputs: Sequence[Any]) -> np.ndarray:
    """The model's input for `inputs` (texts, or objects of features); raises ValidationFailed naming each bad
    value as inputs.<row>[.<feature>]."""
    problems: list[FieldProblem] = []
    if loaded.text:
        texts: list[str] = []
        for index, value in enumerate(inputs):
            if isinstance(value, dict):
                value = value.get("text")
            if not isinstance(value, str):
                problems.append(_problem(index, None, 'give a text, or an object {"text": "…"}'))
                texts.append("")
            else:
                texts.append(value)
        if problems:
            raise ValidationFailed(problems[:50])
        return np.asarray(texts, dtype=object).reshape(-1, 1)
    rows = np.empty((len(inputs), len(loaded.inputs)))
    expected = ", ".join(loaded.inputs)
    for index, value in enumerate(inputs):
        if not isinstance(value, dict):
            problems.append(_problem(index, None, f"give an object of the features {expected}"))
            continue
        unknown = sorted(set(value) - set(loaded.inputs))
        if unknown:
            problems.append(_problem(index, unknown[0], f"'{unknown[0]}' is not a feature of the model: {expected}"))
        for column, name in enumerate(loaded.inputs):
            number = value.get(name)
            if number is None:
                problems.append(_problem(index, name, f"'{name}' is missing"))
            elif isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
                problems.append(_problem(index, name, f"'{name}' must be a finite number"))
            else:
                rows[index, column] = float(number)
    if problems:
        raise ValidationFailed(problems[:50])
    return rows


def prediction_ids(count: int) -> list[str]:
    """`count` ids of 32 hex digits, in time order: nanoseconds, 32 random bits for the call, the row's number.

    The prediction log only ever grows; in time order each chunk lands at the end of the `_id` index. Random ids
    land all over it, and cost the MongoDB-wire server about ten times more work per insert (measured).
    """
    prefix = f"{time.time_ns():016x}{secrets.randbits(32):08x}"
    return [f"{prefix}{row:08x}" for row in range(count)]


class ModelServer:
    def __init__(
        self,
        tracking: MlflowTracking,
        events: EventBus,
        replica: str,
        record: Callable[[PendingPredictions], None],
        max_batch: int,
        clock: Callable[[], datetime] = utc_now,
        production: Callable[[str], Awaitable[str | None]] | None = None,
    ) -> None:
        self._tracking = tracking
        self._production = production
        self._events = events
        self._replica = replica
        self._record = record
        self._max_batch = max_batch
        self._clock = clock
        self._loaded: dict[str, LoadedModel] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    @property
    def replica(self) -> str:
        return self._replica

    def serving(self) -> dict[str, str]:
        """Model name → the version this replica serves."""
        return {name: loaded.version for name, loaded in self._loaded.items()}

    def loaded(self, name: str) -> LoadedModel | None:
        """The production version of `name` this replica has in memory, or None."""
        return self._loaded.get(name)

    # --- loading ------------------------------------------------------------------------------------------------

    async def current(self, name: str) -> LoadedModel:
        loaded = self._loaded.get(name)
        if loaded is not None:
            return loaded
        async with self._locks.setdefault(name, asyncio.Lock()):
            loaded = self._loaded.get(name)
            if loaded is not None:
                return loaded
            version = await self.production_version(name)
            if version is None:
                if not await asyncio.to_thread(self._tracking.model_versions, name):
                    raise ModelNotFound(name)
                raise NoProductionVersion(name)
            return await self._load(name, version)

    async def _load(self, name: str, version: str) -> LoadedModel:
        loaded = await load_version(self._tracking, name, version)
        self._loaded[name] = loaded  # the swap: one assignment
        log.info("serving %s version %s", name, version)
        return loaded

    async def refresh(self, name: str, version: str | None = None) -> None:
        """Serve `version` (default: the registry's production version) if it is not served already."""
        if version is None:
            version = await self.production_version(name)
        current = self._loaded.get(name)
        if version is None or (current is not None and current.version == version):
            return
        async with self._locks.setdefault(name, asyncio.Lock()):
            current = self._loaded.get(name)
            if current is None or current.version != version:
                await self._load(name, version)

    async def production_version(self, name: str) -> str | None:
        """The version to serve: MongoDB's promotion record (the truth), else MLflow's alias (a model never promoted
        through Labelloop)."""
        if self._production is not None:
            recorded = await self._production(name)
            if recorded is not None:
                return recorded
        return await asyncio.to_thread(self._tracking.alias_version, name, PRODUCTION)

    async def announce(self, name: str, version: str) -> None:
        """Tell every replica (this one too) to serve `version` of `name`."""
        # without Redis, the periodic re-check catches up
        await self._events.try_publish(MODELS_CHANNEL, json.dumps({"name": name, "version": version}))

    async def run(self) -> None:
        """The replica's background task: preload production versions, then follow promotions."""
        with contextlib.suppress(Exception):
            await self._preload()
        last_check = time.monotonic()
        subscription = None
        while True:
            try:
                if subscription is None:
                    subscription = await self._events.subscribe(MODELS_CHANNEL)
                message = await subscription.next_or_none(1.0)
                if subscription.broken:
                    await subscription.close()
                    subscription = None
                if message:
                    change = json.loads(message)
                    asyncio.create_task(self._refresh_quietly(change["name"], change["version"]))  # noqa: RUF006
                if time.monotonic() - last_check > RECHECK_S:
                    last_check = time.monotonic()
                    for name in list(self._loaded):
                        await self._refresh_quietly(name, None)
            except asyncio.CancelledError:
                if subscription is not None:
                    await subscription.close()
                raise
            except Exception:
                log.warning("model watcher: retrying in 2 s", exc_info=True)
                subscription = None
                await asyncio.sleep(2)

    async def _refresh_quietly(self, name: str, version: str | None) -> None:
        try:
            await self.refresh(name, version)
        except Exception:
            log.warning("could not load %s version %s; still serving the previous one", name, version, exc_info=True)

    async def _preload(self) -> None:
        for model in await asyncio.to_thread(self._tracking.registered_models):
            if PRODUCTION in (getattr(model, "aliases", None) or {}):
                await self._refresh_quietly(model.name, None)

    # --- predicting ---------------------------------------------------------------------------------------------

    async def predict(
        self,
        name: str,
        inputs: Sequence[Any],
        source: PredictionSource = PredictionSource.PRODUCTION,
        loaded: LoadedModel | None = None,
        champions: Sequence[ChampionRow] | None = None,
    ) -> PredictionBatch:
        """Predict with `loaded` (default: the production version) and log each row as `source`; a shadow call
        gives `champions`, the production prediction of each row, kept with it."""
        if not inputs:
            raise ValidationFailed([FieldProblem("inputs", "empty", "give at least one input")])
        if len(inputs) > self._max_batch:
            raise ValidationFailed(
                [FieldProblem("inputs", "too_many", f"send at most {self._max_batch} inputs per call; split the batch")]
            )
        started = time.perf_counter()
        loaded = loaded or await self.current(name)
        matrix = to_matrix(loaded, inputs)
        if is_span_model(loaded.model):
            rows = await span_rows(loaded.model, matrix)
        else:
            probabilities = await self._probabilities(loaded, matrix)
            if loaded.multilabel:
                rows = serving_multilabel.rows_of(loaded.model, probabilities)
            else:
                rows = rows_of(loaded.classes, probabilities)
        latency = (time.perf_counter() - started) * 1000
        ids = prediction_ids(len(rows))
        # the records (a digest of each input…) are made when the log writes them, off the request path
        self._record(
            PendingPredictions(
                ids=ids,
                rows=rows,
                inputs=inputs,
                model=name,
                version=loaded.version,
                replica=self._replica,
                at=self._clock(),
                latency_ms=latency / len(rows),
                text=loaded.text,
                source=source,
                champions=champions,
            )
        )
        return PredictionBatch(name, loaded.version, self._replica, tuple(rows), latency, tuple(ids))

    async def _probabilities(self, loaded: LoadedModel, matrix: np.ndarray) -> np.ndarray:
        if len(matrix) > INLINE_ROWS:
            probabilities = await asyncio.to_thread(loaded.model.predict_proba, matrix)
        elif loaded.shared is not None:
            probabilities = await loaded.shared.submit(matrix)
        else:
            probabilities = loaded.model.predict_proba(matrix)
        return np.asarray(probabilities)


async def load_version(tracking: MlflowTracking, name: str, version: str) -> LoadedModel:
    """`version` of `name` from the registry, ready to predict."""
    model, inputs = await asyncio.to_thread(tracking.load_model, name, version)
    classes = tuple(str(c) for c in model.classes_)
    shared = Coalescer(shared_predict(model), SHARED_CALLS)
    return LoadedModel(name, version, model, classes, tuple(inputs), shared)


def shared_predict(model: Any) -> Callable[[list[np.ndarray]], Awaitable[list[np.ndarray]]]:
    """One predict_proba for the matrices of several calls, split back per call.

    A model's fixed cost per call (input checks, each step of its pipeline) is most of the time of a single-row
    prediction: rows predicted together cost little more than one.
    """

    async def predict_together(matrices: list[np.ndarray]) -> list[np.ndarray]:
        stacked = matrices[0] if len(matrices) == 1 else np.concatenate(matrices)
        probabilities = await asyncio.to_thread(model.predict_proba, stacked)
        ends = np.cumsum([len(m) for m in matrices])[:-1]
        return np.split(np.asarray(probabilities), ends)

    return predict_together


def rows_of(classes: Sequence[str], probabilities: np.ndarray) -> list[PredictionRow]:
    best = probabilities.argmax(axis=1).tolist()
    return [
        PredictionRow(label=classes[b], confidence=row[b], probabilities=tuple(zip(classes, row, strict=True)))
        for b, row in zip(best, probabilities.tolist(), strict=True)
    ]


def uncertainty_of(probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(margin uncertainty = 1 - (top - second), entropy in nats) per row."""
    ordered = np.sort(probabilities, axis=1)
    second = ordered[:, -2] if ordered.shape[1] > 1 else np.zeros(len(ordered))
    margin = 1.0 - (ordered[:, -1] - second)
    clipped = np.clip(probabilities, 1e-12, 1.0)
    entropy = -(clipped * np.log(clipped)).sum(axis=1)
    return margin, entropy
