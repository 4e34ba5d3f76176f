"""What a health check reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Dependency(enum.Enum):
    """A service the API needs."""

    MONGO = "mongo"
    ELASTICSEARCH = "elasticsearch"
    REDIS = "redis"
    MLFLOW = "mlflow"


@dataclass(frozen=True, slots=True)
class DependencyHealth:
    """One dependency's state as one replica saw it."""

    dependency: Dependency
    up: bool
    latency_ms: float
    reason: str | None  # why it is down, readable by a person; None when up


@dataclass(frozen=True, slots=True)
class HealthReport:
    """Every dependency's state, and which API replica checked."""

    replica: str
    checked_at: datetime
    dependencies: tuple[DependencyHealth, ...]

    @property
    def ready(self) -> bool:
        return all(d.up for d in self.dependencies)
