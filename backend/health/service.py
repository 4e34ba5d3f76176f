"""Checks every dependency of an API replica, concurrently and within a time budget."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from backend.health.entities import Dependency, DependencyHealth, HealthReport
from backend.health.reasons import explain


@dataclass(frozen=True, slots=True)
class Probe:
    """How to check one dependency: a coroutine that raises when it is down, and where it lives."""

    check: Callable[[], Awaitable[None]]
    address: str


class HealthService:
    """Answers `health` and `/readyz`."""

    def __init__(self, replica: str, probes: Mapping[Dependency, Probe], timeout_s: float) -> None:
        self._replica = replica
        self._probes = probes
        self._timeout_s = timeout_s

    async def check(self) -> HealthReport:
        """Return every dependency's state; never raises."""
        results = await asyncio.gather(*(self._check_one(dep, probe) for dep, probe in self._probes.items()))
        return HealthReport(replica=self._replica, checked_at=datetime.now(UTC), dependencies=tuple(results))

    async def _check_one(self, dependency: Dependency, probe: Probe) -> DependencyHealth:
        started = time.perf_counter()
        reason: str | None = None
        # A second try: the first may fail on a pooled connection the service closed when it stopped,
        # while the second says what is true now (e.g. "connection refused").
        for _ in range(2):
            remaining = self._timeout_s - (time.perf_counter() - started)
            try:
                await asyncio.wait_for(probe.check(), timeout=max(remaining, 0.1))
                reason = None
                break
            except TimeoutError:
                reason = f"no answer from {probe.address} within {self._timeout_s:g}s"
                break
            except Exception as exc:
                reason = explain(exc, probe.address)
        latency_ms = (time.perf_counter() - started) * 1000
        return DependencyHealth(dependency=dependency, up=reason is None, latency_ms=latency_ms, reason=reason)
