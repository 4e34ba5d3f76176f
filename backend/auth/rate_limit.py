"""Login attempts per client, counted in Redis so that every API replica shares the count; while Redis is down,
each replica counts on its own (so a client gets at most `limit` attempts per replica and window)."""

from __future__ import annotations

import time
from typing import Any

from redis.asyncio import Redis

from backend.clients import redis_keys
from backend.clients.redis import RedisOutage

LOCAL_CLIENTS_MAX = 10_000  # addresses a replica remembers while Redis is down


class LoginRateLimiter:
    """A fixed window: at most `limit` attempts per `window_s` seconds from one client address."""

    def __init__(self, redis: Redis, outage: RedisOutage, limit: int, window_s: int) -> None:
        self._redis = redis
        self._outage = outage
        self._local: dict[tuple[str, int], int] = {}
        self.limit = limit
        self.window_s = window_s

    async def hit(self, client: str) -> int | None:
        """Count one attempt; return None when allowed, else the seconds until the window ends."""
        now = time.time()
        window = int(now // self.window_s)
        key = redis_keys.login_attempts(client, window)

        async def count_in_redis() -> list[Any]:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, self.window_s + 1)
                return await pipe.execute()

        shared = await self._outage.attempt(count_in_redis, None)
        count = int(shared[0]) if shared is not None else self._count_here(client, window)
        if count <= self.limit:
            return None
        return max(1, int((window + 1) * self.window_s - now))

    def _count_here(self, client: str, window: int) -> int:
        """The fallback: this replica's own count for the window."""
        if len(self._local) >= LOCAL_CLIENTS_MAX:
            self._local = {k: v for k, v in self._local.items() if k[1] == window}
            if len(self._local) >= LOCAL_CLIENTS_MAX:
                self._local.clear()
        count = self._local.get((client, window), 0) + 1
        self._local[(client, window)] = count
        return count
