"""Jobs of every kind in MongoDB (by `_id`), mirrored into Elasticsearch for listing and filtering.

A job document holds the fields every kind shares (state, progress, attempt, heartbeat…); a kind with a richer
view (training) keeps it under `payload`, and the fields its lists filter or sort on under `listed`, which the
index copies next to the shared ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, TransportError
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from backend.clients.elasticsearch import ensure_index
from backend.clients.failures import storage
from backend.errors import Unavailable
from backend.jobs.entities import Job, JobKind, JobProblem, JobState

log = logging.getLogger("labelloop.jobs")
JOBS_INDEX = "labelloop-jobs"
MAX_LISTED_PROBLEMS = 100
CAS_ATTEMPTS = 8
CLAIMABLE = (JobState.QUEUED.value, JobState.RUNNING.value)
SHARED_FIELDS: dict[str, Any] = {
    "kind": {"type": "keyword"},
    "state": {"type": "keyword"},
    "dataset_id": {"type": "keyword"},
    "created_by": {"type": "keyword"},
    "created_at": {"type": "date"},
}
LISTED_FIELDS: dict[str, Any] = {  # listed by the kinds that have them (training)
    "model_type": {"type": "keyword"},
    "model_version": {"type": "keyword"},
    "accuracy": {"type": "float"},
    "macro_f1": {"type": "float"},
}


def job_from_doc(doc: dict[str, Any]) -> Job:
    return Job(
        id=doc["_id"],
        kind=JobKind(doc["kind"]),
        state=JobState(doc["state"]),
        created_by=doc["created_by"],
        created_at=doc["created_at"],
        dataset_id=doc.get("dataset_id"),
        done=doc.get("done", 0),
        total=doc.get("total"),
        message=doc.get("message", ""),
        problems=tuple(JobProblem(p.get("line"), p["reason"]) for p in doc.get("problems", [])),
        problem_count=doc.get("problem_count", 0),
        started_at=doc.get("started_at"),
        finished_at=doc.get("finished_at"),
        params=doc.get("params") or {},
        result=doc.get("result") or {},
        attempt=doc.get("attempt", 0),
        heartbeat_at=doc.get("heartbeat_at"),
        cancel_requested=doc.get("cancel_requested", False),
        last_seq=doc.get("event_seq", 0),
    )


def job_to_doc(job: Job) -> dict[str, Any]:
    return {
        "_id": job.id,
        "kind": job.kind.value,
        "state": job.state.value,
        "created_by": job.created_by,
        "created_at": job.created_at,
        "dataset_id": job.dataset_id,
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "problems": [],
        "problem_count": 0,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "params": job.params,
        "result": job.result,
        "attempt": job.attempt,
        "heartbeat_at": job.heartbeat_at,
        "cancel_requested": job.cancel_requested,
        "event_seq": 0,
        "cas": cas_token(job.id, job.state, job.attempt),
    }


def cas_token(job_id: str, state: JobState, attempt: int) -> str:
    """The job's compare-and-set key (unique index `jobs_cas`): it changes with every state change and attempt, so
    a change made on a state or attempt that is no longer current matches nothing, found by key, not by a scan."""
    return f"{job_id}:{state.value}:{attempt}"


def _stored(value: Any) -> Any:
    return value.value if isinstance(value, JobKind | JobState) else value


@storage
class JobRepository:
    """The `jobs` collection (truth, every kind) and the `labelloop-jobs` index (lists)."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]], es: AsyncElasticsearch, replicas: int = 0) -> None:
        self._jobs = db["jobs"]
        self._es = es
        self._replicas = replicas  # copies of the index's shard on other nodes (docs/scaling.md)

    async def ensure_index(self) -> None:
        await ensure_index(self._es, JOBS_INDEX, {**SHARED_FIELDS, **LISTED_FIELDS}, self._replicas)
        # an index made before training runs became jobs lacks their listed fields: adding fields is allowed
        await self._es.indices.put_mapping(index=JOBS_INDEX, properties=LISTED_FIELDS)

    async def insert(
        self, job: Job, payload: dict[str, Any] | None = None, listed: dict[str, Any] | None = None
    ) -> None:
        """Store a new job (with its kind's payload and listed fields) and mirror it."""
        doc = job_to_doc(job)
        if payload is not None:
            doc["payload"] = payload
        if listed is not None:
            doc["listed"] = listed
        await self._jobs.insert_one(doc)
        await self._mirror(doc)

    async def get_doc(self, job_id: str) -> dict[str, Any] | None:
        return await self._jobs.find_one({"_id": job_id})

    async def get(self, job_id: str) -> Job | None:
        doc = await self.get_doc(job_id)
        return job_from_doc(doc) if doc else None

    async def get_many_docs(self, job_ids: Sequence[str]) -> list[dict[str, Any]]:
        by_id = {d["_id"]: d async for d in self._jobs.find({"_id": {"$in": list(job_ids)}})}
        return [by_id[i] for i in job_ids if i in by_id]

    async def get_many(self, job_ids: Sequence[str]) -> list[Job]:
        return [job_from_doc(d) for d in await self.get_many_docs(job_ids)]

    async def update(self, job_id: str, *, problems: list[JobProblem] | None = None, **fields: Any) -> Job | None:
        """Set fields (enums by value; `payload.x` and `listed.x` for a kind's own); append problems (the first
        100 are listed, all are counted). Mirrors the job when its state or a listed field changes."""
        doc = await self.update_doc(job_id, {k: _stored(v) for k, v in fields.items()}, problems)
        return job_from_doc(doc) if doc else None

    async def update_doc(
        self, job_id: str, changes: dict[str, Any], problems: list[JobProblem] | None = None
    ) -> dict[str, Any] | None:
        update: dict[str, Any] = {"$set": changes}
        if problems:
            current = await self._jobs.find_one({"_id": job_id}, {"problem_count": 1})
            room = max(0, MAX_LISTED_PROBLEMS - (current or {}).get("problem_count", 0))
            if room:
                update["$push"] = {
                    "problems": {"$each": [{"line": p.line, "reason": p.reason} for p in problems[:room]]}
                }
            update["$inc"] = {"problem_count": len(problems)}
        doc = await self._jobs.find_one_and_update({"_id": job_id}, update, return_document=ReturnDocument.AFTER)
        if doc is not None and any(k == "state" or k.startswith("listed") for k in changes):
            await self._mirror(doc)
        return doc

    async def next_seq(self, job_id: str) -> int:
        """The next event number of the job (atomically: the API and the worker may both record events)."""
        doc = await self._jobs.find_one_and_update(
            {"_id": job_id}, {"$inc": {"event_seq": 1}}, {"event_seq": 1}, return_document=ReturnDocument.AFTER
        )
        return int(doc["event_seq"]) if doc else 0

    async def claim(self, job_id: str, attempt: int, now: datetime) -> Job | None:
        """RUNNING for `attempt`, unless the job ended or a later attempt owns it (atomically); None then."""
        fields = {"attempt": attempt, "started_at": now, "heartbeat_at": now}
        return await self._compare_and_set(
            job_id,
            lambda doc: doc["state"] in CLAIMABLE and doc.get("attempt", 0) < attempt,
            JobState.RUNNING,
            fields,
        )

    async def cancel_if_queued(self, job_id: str, now: datetime) -> Job | None:
        """CANCELLED if still QUEUED (atomically); None when a worker took it first."""
        fields = {"finished_at": now, "message": "cancelled before it started"}
        return await self._compare_and_set(
            job_id, lambda doc: doc["state"] == JobState.QUEUED.value, JobState.CANCELLED, fields
        )

    async def transition(
        self, job_id: str, state: JobState, fields: dict[str, Any], problems: list[JobProblem] | None = None
    ) -> tuple[Job, bool] | None:
        """Move the job to `state` with `fields` if its state machine allows it from the state it is in when the
        write lands (atomically); (the job, whether it changed), or None when there is no such job."""
        stored = {k: _stored(v) for k, v in fields.items()}
        changed = await self._compare_and_set(
            job_id, lambda doc: JobState(doc["state"]).can_become(state), state, stored
        )
        if changed is not None:
            if problems:
                changed = await self.update(job_id, problems=problems) or changed
            return changed, True
        doc = await self.get_doc(job_id)
        return (job_from_doc(doc), False) if doc is not None else None

    async def _compare_and_set(
        self, job_id: str, allowed: Callable[[dict[str, Any]], bool], state: JobState, fields: dict[str, Any]
    ) -> Job | None:
        """Read by key, check, write by the `cas` key read (a unique index: found by key, not by a scan); again
        when another change landed in between. None when the job is missing or the check refuses."""
        for _ in range(CAS_ATTEMPTS):
            doc = await self.get_doc(job_id)
            if doc is None or not allowed(doc):
                return None
            attempt = int(fields.get("attempt", doc.get("attempt", 0)))
            current = doc.get("cas")
            if current is None:  # stored before jobs had compare-and-set keys: give it one (keyed, once)
                current = cas_token(job_id, JobState(doc["state"]), doc.get("attempt", 0))
                await self._jobs.update_one({"_id": job_id}, {"$set": {"cas": current}})
            update = {**fields, "state": state.value, "cas": cas_token(job_id, state, attempt)}
            written = await self._jobs.find_one_and_update(
                {"cas": current}, {"$set": update}, return_document=ReturnDocument.AFTER
            )
            if written is not None:
                await self._mirror(written)
                return job_from_doc(written)
        raise Unavailable("mongodb", f"job '{job_id}' kept changing under {CAS_ATTEMPTS} attempts to update it")

    async def list_ids(
        self,
        *,
        kind: JobKind | None = None,
        states: Sequence[JobState] = (),
        dataset_id: str | None = None,
        created_by: Sequence[str] = (),
        model_types: Sequence[str] = (),
        first: int = 20,
        offset: int = 0,
    ) -> tuple[list[str], int]:
        """Ids of matching jobs, newest first, and how many match."""
        clauses: list[dict[str, Any]] = []
        if created_by:
            clauses.append({"terms": {"created_by": list(created_by)}})
        if kind:
            clauses.append({"term": {"kind": kind.value}})
        if states:
            clauses.append({"terms": {"state": [s.value for s in states]}})
        if dataset_id:
            clauses.append({"term": {"dataset_id": dataset_id}})
        if model_types:
            clauses.append({"terms": {"model_type": list(model_types)}})
        response = await self._es.search(
            index=JOBS_INDEX,
            query={"bool": {"filter": clauses}},
            sort=[{"created_at": "desc"}],
            size=first,
            from_=offset,
            source=False,
            track_total_hits=True,
        )
        return [h["_id"] for h in response["hits"]["hits"]], int(response["hits"]["total"]["value"])

    async def mirror_all(self) -> int:
        """Copy every job into the index (after a restore: MongoDB is the truth); returns how many."""
        count = 0
        async for doc in self._jobs.find({}):  # a full scan, for a rebuild only
            await self._index_doc(doc)
            count += 1
        return count

    async def _mirror(self, doc: dict[str, Any]) -> None:
        """Copy the listed fields into the index; best effort, since MongoDB has the job anyway.

        A job written while Elasticsearch is down is mirrored at its next state change.
        """
        try:
            await self._index_doc(doc)
        except (ElasticsearchConnectionError, TransportError, ApiError):
            log.warning("job %s not mirrored into the search index (Elasticsearch unreachable)", doc["_id"])

    async def _index_doc(self, doc: dict[str, Any]) -> None:
        await self._es.index(
            index=JOBS_INDEX,
            id=doc["_id"],
            document={
                "kind": doc["kind"],
                "state": doc["state"],
                "dataset_id": doc.get("dataset_id"),
                "created_by": doc["created_by"],
                "created_at": doc["created_at"],
                **(doc.get("listed") or {}),
            },
            refresh=True,  # a tiny index: lists show the change at once
        )
