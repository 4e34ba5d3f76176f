"""Login attempts per client, counted in Redis so that every API replica shares the count."""

from __future__ import annotations

import time

from redis.asyncio import Redis


class LoginRateLimiter:
    """A fixed window: at most `limit` attempts per `window_s` seconds from one client address."""

    def __init__(self, redis: Redis, limit: int, window_s: int) -> None:
        self._redis = redis
        self.limit = limit
        self.window_s = window_s

    async def hit(self, client: str) -> int | None:
        """Count one attempt; return None when allowed, else the seconds until the window ends."""
        now = time.time()
        window = int(now // self.window_s)
        key = f"labelloop:login-attempts:{client}:{window}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, self.window_s + 1)
            count, _ = await pipe.execute()
        if int(count) <= self.limit:
            return None
        return max(1, int((window + 1) * self.window_s - now))
