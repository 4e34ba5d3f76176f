"""MongoDB through PyMongo's async API (the successor of Motor)."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

# Server selection fails fast so that a stopped database is reported, not waited for.
SERVER_SELECTION_TIMEOUT_MS = 1500


class MongoClient:
    """The application's one MongoDB client and database handle."""

    def __init__(self, uri: str, database: str) -> None:
        self._client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            uri,
            tz_aware=True,
            serverSelectionTimeoutMS=SERVER_SELECTION_TIMEOUT_MS,
            connectTimeoutMS=SERVER_SELECTION_TIMEOUT_MS,
            appname="labelloop",
        )
        self.db: AsyncDatabase[dict[str, Any]] = self._client[database]
        self.address = uri.split("@")[-1].removeprefix("mongodb://")

    async def ping(self) -> None:
        """Return when the server answers `ping`; raise a PyMongo error otherwise."""
        await self._client.admin.command("ping")

    async def close(self) -> None:
        await self._client.close()
