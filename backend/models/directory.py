"""Each replica's copy of every model's routes (named aliases, shadow share), kept fresh like production serving.

A change of aliases or shadow share publishes the model's name on `labelloop:model-routes`; every replica then
reads that model's `model_routes` document again (one read by key). Every 15 s a replica also re-reads the routes
it holds, so a lost message costs at most that. Production `predict` calls read the copy in memory, never MongoDB
(only the first call for a model in a replica reads it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from backend.clients import redis_keys
from backend.clients.events import EventBus
from backend.models.alias_store import AliasRepository, ModelRoutes

log = logging.getLogger("labelloop.routes")
RECHECK_S = 15.0


class RouteDirectory:
    def __init__(self, store: AliasRepository, events: EventBus) -> None:
        self._store = store
        self._events = events
        self._routes: dict[str, ModelRoutes] = {}
        self._watchers: list[asyncio.Task[None]] = []

    async def get(self, model: str) -> ModelRoutes:
        """The routes of `model` this replica holds (read from MongoDB the first time)."""
        routes = self._routes.get(model)
        if routes is None:
            routes = await self.reload(model)
        return routes

    async def reload(self, model: str) -> ModelRoutes:
        routes = await self._store.routes(model)
        self._routes[model] = routes
        return routes

    async def announce(self, model: str) -> None:
        """Tell every replica (this one too) that the routes of `model` changed; this one reloads them now."""
        await self.reload(model)
        await self._events.try_publish(redis_keys.MODEL_ROUTES, model)  # without Redis, the re-check catches up

    async def run(self) -> None:
        """The replica's background task: follow route changes, and re-read what it holds every RECHECK_S."""
        last_check = time.monotonic()
        subscription = None
        while True:
            try:
                if subscription is None:
                    subscription = await self._events.subscribe(redis_keys.MODEL_ROUTES)
                message = await subscription.next_or_none(1.0)
                if subscription.broken:
                    await subscription.close()
                    subscription = None
                if message:
                    await self.reload(message)
                if time.monotonic() - last_check > RECHECK_S:
                    last_check = time.monotonic()
                    for model in list(self._routes):
                        await self.reload(model)
            except asyncio.CancelledError:
                if subscription is not None:
                    with contextlib.suppress(Exception):
                        await subscription.close()
                raise
            except Exception:
                log.warning("route watcher: retrying in 2 s", exc_info=True)
                subscription = None
                await asyncio.sleep(2)
