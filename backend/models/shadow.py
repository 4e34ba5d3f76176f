"""Shadow traffic: a share of a model's production `predict` calls is also scored by its challenger alias.

The challenger scores in a background task after the production answer is made: the caller waits for production
only, gets production's answer only, and the challenger's rows are logged as SHADOW predictions, each keeping its
production pair (prediction id, version, label, confidence) for the comparison (backend/models/comparison.py).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from backend.clients.mlflow import MlflowTracking
from backend.errors import FieldProblem, ValidationFailed
from backend.models.alias_store import AliasRepository
from backend.models.aliases import AliasNotSet, check_alias
from backend.models.directory import RouteDirectory
from backend.models.entities import ChampionRow, PredictionBatch, PredictionSource
from backend.models.serving import ModelNotFound, ModelServer
from backend.models.versions_cache import VersionCache

log = logging.getLogger("labelloop.shadow")
MAX_PENDING = 32  # shadow calls in flight per replica; beyond, a call is not shadowed (counted in `skipped`)


@dataclass(frozen=True, slots=True)
class ShadowTraffic:
    model: str
    alias: str | None  # None: off
    percent: int
    version: str | None  # the version the alias points to now (None: unset, so nothing is shadowed)


class ShadowService:
    """A model's shadow setting: read back as set, refused for an alias the model does not have."""

    def __init__(self, tracking: MlflowTracking, store: AliasRepository, directory: RouteDirectory) -> None:
        self._tracking = tracking
        self._store = store
        self._directory = directory

    async def get(self, model: str) -> ShadowTraffic:
        routes = await self._store.routes(model)
        alias = routes.shadow_alias
        return ShadowTraffic(model, alias, routes.shadow_percent, routes.aliases.get(alias) if alias else None)

    async def set(self, model: str, alias: str | None, percent: int) -> ShadowTraffic:
        """Shadow `percent` (0 to 100) of the production calls of `model` with `alias` (None: off). Raises
        ValidationFailed, ProductionAliasReserved, ModelNotFound, AliasNotSet."""
        if not 0 <= percent <= 100:
            raise ValidationFailed(
                [FieldProblem("percent", "out_of_range", f"give a share of 0 to 100 percent; got {percent}")]
            )
        if alias is not None:
            alias = check_alias(alias)
        if not await asyncio.to_thread(self._tracking.model_versions, model):
            raise ModelNotFound(model)
        if alias is not None and alias not in (await self._store.routes(model)).aliases:
            raise AliasNotSet(model, alias)
        await self._store.set_shadow(model, alias, percent if alias is not None else 0)
        await self._directory.announce(model)
        return await self.get(model)


class ShadowScorer:
    """Offers production calls to the challenger, off the response path."""

    def __init__(self, server: ModelServer, directory: RouteDirectory, versions: VersionCache) -> None:
        self._server = server
        self._directory = directory
        self._versions = versions
        self._pending: set[asyncio.Task[None]] = set()
        self.skipped = 0

    async def offer(self, name: str, inputs: Sequence[Any], batch: PredictionBatch) -> None:
        """Start the challenger's scoring of this call when the model's share picks it (never waits for it)."""
        try:
            routes = await self._directory.get(name)
        except Exception:  # MongoDB unreachable on a replica's first call for the model: production answers anyway
            log.warning("shadow routes of %s unreadable; this call is not shadowed", name, exc_info=True)
            return
        version = routes.challenger_version
        if version is None or version == batch.version:
            return
        if routes.shadow_percent < 100 and random.random() * 100 >= routes.shadow_percent:  # noqa: S311 - sampling
            return
        if len(self._pending) >= MAX_PENDING:
            self.skipped += 1
            return
        task = asyncio.create_task(self._score(name, version, list(inputs), batch), name=f"shadow-{name}")
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> None:
        """Wait for the shadow calls in flight (for shutdown and tests)."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    async def _score(self, name: str, version: str, inputs: list[Any], batch: PredictionBatch) -> None:
        try:
            challenger = await self._versions.get(name, version)
            champions = [
                ChampionRow(prediction_id, batch.version, row.label, row.confidence)
                for prediction_id, row in zip(batch.ids, batch.rows, strict=True)
            ]
            await self._server.predict(name, inputs, PredictionSource.SHADOW, challenger, champions)
        except Exception:  # the caller has its answer already; a challenger that cannot score is only logged
            log.warning("shadow scoring of %s version %s failed", name, version, exc_info=True)
