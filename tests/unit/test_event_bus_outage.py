"""EventBus speaks the failure vocabulary: Redis not answering is `Unavailable`, never a driver error."""

from __future__ import annotations

import socket

import pytest
from redis.asyncio import Redis

from backend.clients.events import EventBus
from backend.errors import Unavailable


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once the probe is closed


async def test_publishing_with_redis_away_raises_unavailable_redis() -> None:
    # given a bus on a Redis that refuses connections
    bus = EventBus(Redis(port=_closed_port(), socket_connect_timeout=1))
    # when a message is published
    with pytest.raises(Unavailable) as raised:
        await bus.publish("labelloop:test", "hello")
    # then the outage is named as Redis
    assert raised.value.dependency == "redis"


async def test_subscribing_with_redis_away_raises_unavailable_redis() -> None:
    # given a bus on a Redis that refuses connections
    bus = EventBus(Redis(port=_closed_port(), socket_connect_timeout=1))
    # when a channel is subscribed to
    with pytest.raises(Unavailable) as raised:
        await bus.subscribe("labelloop:test")
    # then the outage is named as Redis
    assert raised.value.dependency == "redis"


async def test_try_publish_with_redis_away_answers_false() -> None:
    # given a bus on a Redis that refuses connections
    bus = EventBus(Redis(port=_closed_port(), socket_connect_timeout=1))
    # when a message is published when possible
    published = await bus.try_publish("labelloop:test", "hello")
    # then nothing is raised and it says it was not published
    assert published is False
