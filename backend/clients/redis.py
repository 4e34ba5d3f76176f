"""Redis through redis.asyncio: pub/sub and caches (arq has its own pool, see clients/queue.py)."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError

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
        )
        self.address = url.split("@")[-1].removeprefix("redis://")

    async def ping(self) -> None:
        """Return when Redis answers PING; raise a redis error otherwise."""
        await self.redis.ping()

    async def close(self) -> None:
        await self.redis.aclose()
