"""Live events over Redis pub/sub: every API replica sees what the worker or another replica published."""

from __future__ import annotations

import contextlib

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline, PubSub
from redis.exceptions import RedisError

from backend.clients.failures import REDIS
from backend.errors import Unavailable


def _unavailable(exc: BaseException) -> Unavailable:
    return Unavailable(REDIS, f"{type(exc).__name__}: {exc}"[:300])


class Subscription:
    """An open subscription to one channel; close it when done."""

    def __init__(self, pubsub: PubSub) -> None:
        self._pubsub = pubsub
        self.broken = False  # the connection was lost: close this one and subscribe again

    async def next(self, timeout_s: float) -> str | None:
        """The next message, or None when none came within `timeout_s` (callers then re-check state)."""
        message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout_s)
        if message is None:
            return None
        data = message["data"]
        return data.decode() if isinstance(data, bytes) else str(data)

    async def next_or_none(self, timeout_s: float) -> str | None:
        """Like `next`, but a lost connection marks the subscription broken and answers None."""
        try:
            return await self.next(timeout_s)
        except (RedisError, OSError):
            self.broken = True
            return None

    async def close(self) -> None:
        with contextlib.suppress(RedisError, OSError):
            await self._pubsub.unsubscribe()
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]


class EventBus:
    """Publish a small message on a channel; subscribe to a channel."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def publish(self, channel: str, message: str) -> None:
        """Publish; raises `Unavailable` when Redis does not answer."""
        try:
            await self._redis.publish(channel, message)
        except (RedisError, OSError) as exc:
            raise _unavailable(exc) from exc

    async def try_publish(self, channel: str, message: str) -> bool:
        """Publish when Redis answers; False (nothing raised) when it does not, for news a periodic check repeats."""
        try:
            await self._redis.publish(channel, message)
        except (RedisError, OSError):
            return False
        return True

    @staticmethod
    def publish_in(pipeline: Pipeline, channel: str, message: str) -> None:
        """Add the publication to a pipeline the caller executes (with its other commands, in one round trip)."""
        pipeline.publish(channel, message)

    async def subscribe(self, channel: str) -> Subscription:
        """A subscription that is active when this returns (so nothing published after it is missed); raises
        `Unavailable` when Redis does not answer."""
        pubsub = self._redis.pubsub()
        try:
            await pubsub.subscribe(channel)
        except (RedisError, OSError) as exc:
            with contextlib.suppress(RedisError, OSError):
                await pubsub.aclose()  # type: ignore[no-untyped-call]
            raise _unavailable(exc) from exc
        return Subscription(pubsub)
