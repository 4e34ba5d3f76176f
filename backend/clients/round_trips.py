"""Round trips to MongoDB and Redis, counted by command on /metrics (`labelloop_round_trips_total`).

What a request costs in waits on other services: bench/annotate.py --round-trips reads the counters of one replica
around a number of `annotateItem` calls and lists the round trips of one call. A Redis pipeline or script is one
round trip; so is each MongoDB command (a cursor's getMore is its own).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from prometheus_client import Counter
from pymongo import monitoring
from redis.asyncio.connection import Connection

ROUND_TRIPS = Counter(
    "labelloop_round_trips_total", "Commands sent to MongoDB and Redis, one per round trip", ["service", "command"]
)


class MongoRoundTrips(monitoring.CommandListener):
    """Counts every command this process sends to MongoDB."""

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        ROUND_TRIPS.labels("mongo", event.command_name).inc()

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def _redis_command(packed: bytes | str | Iterable[bytes]) -> str:
    """The name of the (first) command in a RESP request; "PIPELINE" when it holds several."""
    data = packed if isinstance(packed, bytes | str) else b"".join(packed)
    raw = data.encode() if isinstance(data, str) else data
    parts = raw.split(b"\r\n", 3)
    if len(parts) < 3:
        return "unknown"
    name = parts[2].decode(errors="replace").upper()
    return "PIPELINE" if raw.count(b"\r\n*") > 0 else name


class RedisRoundTrips(Connection):
    """A Redis connection that counts each request it sends."""

    async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        ROUND_TRIPS.labels("redis", _redis_command(command)).inc()
        await super().send_packed_command(command, check_health)
