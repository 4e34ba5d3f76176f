"""What the worker needs to know of each kind of job, by type: its queue function, time limit and recovery.

The handler of each kind (the service method that runs it) is registered in worker/registry.py; submitting a job
names its kind only.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.jobs.entities import JobKind, Recovery

MAX_ATTEMPTS = 3  # a job re-queued after its worker died runs at most this many times


@dataclass(frozen=True, slots=True)
class KindSpec:
    timeout_s: int
    recovery: Recovery
    lost: str  # the message of a job failed because its worker died (Recovery.FAIL, or too many attempts)


KINDS: dict[JobKind, KindSpec] = {
    JobKind.IMPORT: KindSpec(
        3600,
        Recovery.REQUEUE,
        "the worker running the import stopped; import the file again (stored lines are updated, not doubled)",
    ),
    JobKind.EXPORT: KindSpec(3600, Recovery.REQUEUE, "the worker writing the export stopped; export again"),
    JobKind.REINDEX: KindSpec(
        3600,
        Recovery.FAIL,
        "the worker rebuilding the index stopped; the search still uses the previous index: run reindexItems again",
    ),
    JobKind.RECONCILE: KindSpec(1800, Recovery.REQUEUE, "the worker reconciling the index stopped; run it again"),
    JobKind.TRAINING: KindSpec(6 * 3600, Recovery.REQUEUE, "the worker running the training stopped; start it again"),
    JobKind.BATCH_SCORING: KindSpec(3600, Recovery.REQUEUE, "the worker scoring the items stopped; score again"),
    # each step is idempotent (backend/models/promotion.py): the next attempt finishes what the dead one began
    JobKind.PROMOTION: KindSpec(
        1800, Recovery.REQUEUE, "the worker promoting the version stopped; read the history, then promote again"
    ),
}


def task_name(kind: JobKind) -> str:
    """The worker function that runs jobs of this kind (one per kind, built from the registry)."""
    return f"run_{kind.value.lower()}_job"
