"""One task model for every long operation: its kinds, its one state machine, its events."""

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
    PROMOTION = "PROMOTION"


class JobState(enum.Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)

    def can_become(self, other: JobState) -> bool:
        """The one state machine: QUEUED → RUNNING → SUCCEEDED, FAILED or CANCELLED; a queued job can also be
        cancelled or failed before it runs, and a running one can be taken over by its next attempt (RUNNING
        again). An ended job never changes."""
        return other in TRANSITIONS[self]


TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.RUNNING, JobState.FAILED, JobState.CANCELLED}),
    JobState.RUNNING: frozenset({JobState.RUNNING, JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED}),
    JobState.SUCCEEDED: frozenset(),
    JobState.FAILED: frozenset(),
    JobState.CANCELLED: frozenset(),
}


class Recovery(enum.Enum):
    """What the worker does with a job whose worker died (its heartbeat stopped)."""

    REQUEUE = "REQUEUE"  # queue its next attempt: the kind's steps may run again safely
    FAIL = "FAIL"  # end it FAILED with a message that says what to do


class EventKind(enum.Enum):
    STATE = "STATE"  # {state, message}
    PROGRESS = "PROGRESS"  # {done?, total?, fraction?, problem_count?, message?}
    LOG = "LOG"  # {level, message}
    METRIC = "METRIC"  # {step, total, fold?, loss, accuracy, macro_f1} (training)


@dataclass(frozen=True, slots=True)
class JobEvent:
    seq: int  # 1, 2, … per job: the cursor of a subscription is the last seq it saw
    at: datetime
    kind: EventKind
    data: dict[str, Any]


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
    attempt: int = 0  # 1, 2, … once a worker claimed it (0: not run by the worker, e.g. the command line)
    heartbeat_at: datetime | None = None  # written every 2 s by the attempt running it
    cancel_requested: bool = False
    last_seq: int = 0  # the seq of its latest event (0: none yet)
