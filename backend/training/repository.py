"""Training runs: jobs of kind TRAINING in the one jobs store, their training view kept as the job's payload."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from typing import Any

from backend.clients.failures import storage
from backend.jobs.entities import Job, JobKind, JobState
from backend.jobs.repository import JobRepository, job_from_doc
from backend.training.entities import TrainingRun, Validation, ValidationMethod

# what the job itself holds; everything else of a TrainingRun is its kind's payload
COMMON = frozenset(
    {
        "id",
        "dataset_id",
        "params",
        "state",
        "created_by",
        "created_at",
        "attempt",
        "message",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "cancel_requested",
    }
)
PAYLOAD = frozenset(f.name for f in fields(TrainingRun)) - COMMON


def run_from_doc(doc: dict[str, Any]) -> TrainingRun:
    job = job_from_doc(doc)
    payload = dict(doc.get("payload") or {})
    validation = payload.pop("validation", None) or {}
    return TrainingRun(
        id=job.id,
        dataset_id=job.dataset_id or "",
        params=job.params,
        state=job.state,
        created_by=job.created_by,
        created_at=job.created_at,
        attempt=job.attempt,
        message=job.message,
        started_at=job.started_at,
        heartbeat_at=job.heartbeat_at,
        finished_at=job.finished_at,
        cancel_requested=job.cancel_requested,
        validation=Validation(
            method=ValidationMethod(validation.get("method", "HOLDOUT")),
            test_fraction=validation.get("test_fraction", 0.2),
            folds=validation.get("folds", 5),
            seed=validation.get("seed", 42),
        ),
        **{k: v for k, v in payload.items() if k in PAYLOAD},
    )


def _listed(values: dict[str, Any]) -> dict[str, Any]:
    """The fields the runs list filters or sorts on, as `listed.x` (copied into the jobs index)."""
    out: dict[str, Any] = {}
    for key in ("model_type", "model_version"):
        if key in values:
            out[f"listed.{key}"] = values[key]
    if "metrics" in values:
        out["listed.accuracy"] = values["metrics"].get("accuracy")
        out["listed.macro_f1"] = values["metrics"].get("macro_f1")
    return out


@storage
class TrainingRepository:
    """Training runs in the jobs store (`jobs`, the `labelloop-jobs` index), read and written as TrainingRuns."""

    def __init__(self, jobs: JobRepository) -> None:
        self._jobs = jobs

    async def insert(self, run: TrainingRun) -> None:
        job = Job(
            id=run.id,
            kind=JobKind.TRAINING,
            state=run.state,
            created_by=run.created_by,
            created_at=run.created_at,
            dataset_id=run.dataset_id,
            params=run.params,
        )
        payload = {k: v for k, v in asdict(run).items() if k in PAYLOAD}
        payload["validation"] = run.validation.describe()
        listed = {k.removeprefix("listed."): v for k, v in _listed(payload).items()}
        await self._jobs.insert(job, payload, listed)

    async def get(self, run_id: str) -> TrainingRun | None:
        doc = await self._jobs.get_doc(run_id)
        return run_from_doc(doc) if doc and doc["kind"] == JobKind.TRAINING.value else None

    async def get_many(self, run_ids: Sequence[str]) -> list[TrainingRun]:
        docs = await self._jobs.get_many_docs(run_ids)
        return [run_from_doc(d) for d in docs if d["kind"] == JobKind.TRAINING.value]

    async def update(self, run_id: str, **values: Any) -> TrainingRun | None:
        changes: dict[str, Any] = {}
        for key, value in values.items():
            stored = value.value if isinstance(value, JobState) else value
            changes[key if key in COMMON else f"payload.{key}"] = stored
        changes.update(_listed(values))
        doc = await self._jobs.update_doc(run_id, changes)
        return run_from_doc(doc) if doc else None

    async def list_ids(
        self, dataset_id: str | None, states: Sequence[JobState], model_types: Sequence[str], first: int, offset: int
    ) -> tuple[list[str], int]:
        return await self._jobs.list_ids(
            kind=JobKind.TRAINING,
            states=states,
            dataset_id=dataset_id,
            model_types=model_types,
            first=first,
            offset=offset,
        )
