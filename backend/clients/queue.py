"""The arq job queue (Redis): the API enqueues, the worker runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings

from backend.clients.failures import storage


@storage
class JobQueue:
    """Enqueues worker functions by name; the pool is opened on first use."""

    def __init__(self, redis_url: str) -> None:
        self._settings = RedisSettings.from_dsn(redis_url)
        self._pool: ArqRedis | None = None

    async def enqueue(self, function: str, *args: Any, job_id: str, defer_s: float | None = None) -> None:
        """Queue `function(*args)` once (after `defer_s` seconds): arq ignores a second enqueue with the same
        `job_id`."""
        if self._pool is None:
            self._pool = await create_pool(self._settings)
        defer_by = timedelta(seconds=defer_s) if defer_s is not None else None
        await self._pool.enqueue_job(function, *args, _job_id=job_id, _defer_by=defer_by)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
