"""Redis through redis.asyncio: pub/sub and caches (arq has its own pool, see clients/queue.py)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError

from backend.clients.round_trips import RedisRoundTrips

T = TypeVar("T")
log = logging.getLogger("labelloop.redis")

CONNECT_TIMEOUT_S = 1.5
RETRIES = 2  # a pooled connection Redis closed (a restart) fails its next command: retried on a new connection


class RedisClient:
    """The application's one Redis connection pool."""

    def __init__(self, url: str) -> None:
        self.redis: Redis = Redis.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT_S,
            socket_timeout=5,
            decode_responses=False,
            retry=Retry(ExponentialBackoff(cap=0.2, base=0.02), RETRIES),
            retry_on_error=[ConnectionError, TimeoutError],
            connection_class=RedisRoundTrips,
        )
        self.address = url.split("@")[-1].removeprefix("redis://")
        self.outage = RedisOutage()

    async def ping(self) -> None:
        """Return when Redis answers PING; raise a redis error otherwise."""
        await self.redis.ping()

    async def close(self) -> None:
        await self.redis.aclose()


# What an outage looks like (refused, reset, timed out); a server that is not Redis (InvalidResponse) is a
# misconfiguration to surface, not an outage to work around.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError, OSError)
OUTAGE_COOLDOWN_S = 2.0  # after a failure, paths that can do without Redis skip it for this long


class RedisOutage:
    """Lets the paths that can work without Redis (annotation, the queue, login limits, activity) skip it while it is
    down, instead of each waiting for a connection to fail: one failed call marks it down for a moment, on this
    replica; the first call after that moment tries again, so everything resumes by itself when Redis is back."""

    def __init__(self, cooldown_s: float = OUTAGE_COOLDOWN_S, clock: Callable[[], float] = time.monotonic) -> None:
        self._cooldown_s = cooldown_s
        self._clock = clock
        self._down_until = 0.0
        self._down = False
        self._failed_at = float("-inf")

    @property
    def skipping(self) -> bool:
        """True while a recent failure says not to try Redis."""
        return self._clock() < self._down_until

    def failed_within(self, seconds: float) -> bool:
        """Whether a call failed in the last `seconds` (what was decided without Redis may still be in play)."""
        return self._clock() - self._failed_at < seconds

    async def attempt(self, call: Callable[[], Awaitable[T]], fallback: T) -> T:
        """`call()`'s result, or `fallback` when Redis is down (now, or a moment ago)."""
        if self.skipping:
            return fallback
        try:
            result = await call()
        except OUTAGE_ERRORS as exc:
            self._failed_at = self._clock()
            self._down_until = self._failed_at + self._cooldown_s
            if not self._down:
                log.warning("Redis is unreachable (%s): working without it until it is back", exc)
            self._down = True
            return fallback
        if self._down:
            log.warning("Redis is reachable again")
            self._down = False
        return result
