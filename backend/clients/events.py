"""Live events over Redis pub/sub: every API replica sees what the worker or another replica published."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.client import PubSub


class Subscription:
    """An open subscription to one channel; close it when done."""

    def __init__(self, pubsub: PubSub) -> None:
        self._pubsub = pubsub

    async def next(self, timeout_s: float) -> str | None:
        """The next message, or None when none came within `timeout_s` (callers then re-check state)."""
        message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout_s)
        if message is None:
            return None
        data = message["data"]
        return data.decode() if isinstance(data, bytes) else str(data)

    async def close(self) -> None:
        await self._pubsub.unsubscribe()
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]


class EventBus:
    """Publish a small message on a channel; subscribe to a channel."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def publish(self, channel: str, message: str) -> None:
        await self._redis.publish(channel, message)

    async def subscribe(self, channel: str) -> Subscription:
        """A subscription that is active when this returns (so nothing published after it is missed)."""
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(channel)
        return Subscription(pubsub)
