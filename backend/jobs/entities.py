"""One Job type for every long operation, with live progress."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class JobKind(enum.Enum):
    IMPORT = "IMPORT"
    EXPORT = "EXPORT"
    REINDEX = "REINDEX"
    RECONCILE = "RECONCILE"
    TRAINING = "TRAINING"
    BATCH_SCORING = "BATCH_SCORING"


class JobState(enum.Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)


@dataclass(frozen=True, slots=True)
class JobProblem:
    """One reported problem: where (e.g. a line number) and why."""

    line: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class Job:
    id: str
    kind: JobKind
    state: JobState
    created_by: str
    created_at: datetime
    dataset_id: str | None = None
    done: int = 0
    total: int | None = None
    message: str = ""
    problems: tuple[JobProblem, ...] = ()  # the first 100
    problem_count: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    params: dict[str, Any] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)
