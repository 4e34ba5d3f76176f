"""Versions other than production, loaded on demand in a replica: for ADMIN calls naming a version or an alias,
and for the challenger that shadows production traffic. A few are kept (the least recently used goes first)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from backend.clients.mlflow import MlflowTracking
from backend.models.serving import LoadedModel, ModelServer, load_version

KEPT = 4


class VersionCache:
    def __init__(self, tracking: MlflowTracking, server: ModelServer, kept: int = KEPT) -> None:
        self._tracking = tracking
        self._server = server
        self._kept = kept
        self._loaded: OrderedDict[tuple[str, str], LoadedModel] = OrderedDict()
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    def cached(self, name: str, version: str) -> LoadedModel | None:
        """`version` of `name` if this replica has it in memory (the production one included), else None."""
        production = self._server.loaded(name)
        if production is not None and production.version == version:
            return production
        return self._loaded.get((name, version))

    async def get(self, name: str, version: str) -> LoadedModel:
        """`version` of `name`, loaded from the registry the first time (the version must exist)."""
        found = self.cached(name, version)
        if found is not None:
            if (name, version) in self._loaded:
                self._loaded.move_to_end((name, version))
            return found
        key = (name, version)
        async with self._locks.setdefault(key, asyncio.Lock()):
            found = self._loaded.get(key)
            if found is None:
                found = await load_version(self._tracking, name, version)
                self._loaded[key] = found
                while len(self._loaded) > self._kept:
                    self._loaded.popitem(last=False)
            return found
