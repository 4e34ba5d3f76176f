"""MongoDB through PyMongo's async API (the successor of Motor)."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient, WriteConcern
from pymongo.asynchronous.database import AsyncDatabase

from backend.clients.round_trips import MongoRoundTrips

# The application's client waits out a busy server; the health probe's own client fails fast, so that a
# stopped database is reported ("connection refused") rather than waited for.
APP_TIMEOUT_MS = 10_000
PROBE_TIMEOUT_MS = 1_500
# The prediction log: written in batches off the request path, and no person's work: acknowledged by the primary.
MACHINE_WRITES = WriteConcern(w=1)


class MongoClient:
    """The application's MongoDB client and database handle, and a small client for health probes."""

    def __init__(self, uri: str, database: str) -> None:
        # Durable before acknowledged (docs/operations.md): a write is answered once it is in the journal of a
        # majority of the replica set (on a standalone server, in its journal). The MongoDB-wire server commits
        # every write before it answers in any case. Machine-made, high-volume collections relax this
        # (MACHINE_WRITES).
        self._client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            uri,
            w="majority",
            journal=True,
            tz_aware=True,
            serverSelectionTimeoutMS=APP_TIMEOUT_MS,
            connectTimeoutMS=APP_TIMEOUT_MS,
            appname="labelloop",
            event_listeners=[MongoRoundTrips()],
        )
        self._probe: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            uri,
            serverSelectionTimeoutMS=PROBE_TIMEOUT_MS,
            connectTimeoutMS=PROBE_TIMEOUT_MS,
            maxPoolSize=2,
            appname="labelloop-health",
        )
        self.db: AsyncDatabase[dict[str, Any]] = self._client[database]
        self.address = uri.split("@")[-1].removeprefix("mongodb://")

    async def ping(self) -> None:
        """Return when the server answers `ping`; raise a PyMongo error otherwise."""
        await self._probe.admin.command("ping")

    async def close(self) -> None:
        await self._probe.close()
        await self._client.close()
