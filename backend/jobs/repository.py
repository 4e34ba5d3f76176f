"""Jobs in MongoDB (by `_id`), mirrored into Elasticsearch for listing and filtering."""

from __future__ import annotations

import logging
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, TransportError
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from backend.clients.elasticsearch import ensure_index
from backend.jobs.entities import Job, JobKind, JobProblem, JobState

log = logging.getLogger("labelloop.jobs")
JOBS_INDEX = "labelloop-jobs"
MAX_LISTED_PROBLEMS = 100


def _from_doc(doc: dict[str, Any]) -> Job:
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
    )


class JobRepository:
    """The `jobs` collection (truth) and the `labelloop-jobs` index (lists)."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]], es: AsyncElasticsearch) -> None:
        self._jobs = db["jobs"]
        self._es = es

    async def ensure_index(self) -> None:
        await ensure_index(
            self._es,
            JOBS_INDEX,
            {
                "kind": {"type": "keyword"},
                "state": {"type": "keyword"},
                "dataset_id": {"type": "keyword"},
                "created_by": {"type": "keyword"},
                "created_at": {"type": "date"},
            },
        )

    async def insert(self, job: Job) -> None:
        doc: dict[str, Any] = {
            "_id": job.id,
            "kind": job.kind.value,
            "state": job.state.value,
            "created_by": job.created_by,
            "created_at": job.created_at,
            "dataset_id": job.dataset_id,
            "done": 0,
            "total": job.total,
            "message": job.message,
            "problems": [],
            "problem_count": 0,
            "params": job.params,
            "result": {},
        }
        await self._jobs.insert_one(doc)
        await self._mirror(job)

    async def get(self, job_id: str) -> Job | None:
        doc = await self._jobs.find_one({"_id": job_id})
        return _from_doc(doc) if doc else None

    async def update(self, job_id: str, *, problems: list[JobProblem] | None = None, **fields: Any) -> Job | None:
        """Set fields (enums by value); append problems (the first 100 are listed, all are counted)."""
        changes = {k: (v.value if isinstance(v, JobKind | JobState) else v) for k, v in fields.items()}
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
        job = _from_doc(doc) if doc else None
        if job is not None and "state" in fields:
            await self._mirror(job)
        return job

    async def mirror_all(self) -> int:
        """Copy every job into the index (after a restore: MongoDB is the truth); returns how many."""
        count = 0
        async for doc in self._jobs.find({}):  # a full scan, for a rebuild only
            await self._index_job(_from_doc(doc))
            count += 1
        return count

    async def _mirror(self, job: Job) -> None:
        """Copy the listed fields into the index; best effort, since MongoDB has the job anyway.

        A job written while Elasticsearch is down is mirrored at its next state change.
        """
        try:
            await self._index_job(job)
        except (ElasticsearchConnectionError, TransportError, ApiError):
            log.warning("job %s not mirrored into the search index (Elasticsearch unreachable)", job.id)

    async def _index_job(self, job: Job) -> None:
        await self._es.index(
            index=JOBS_INDEX,
            id=job.id,
            document={
                "kind": job.kind.value,
                "state": job.state.value,
                "dataset_id": job.dataset_id,
                "created_by": job.created_by,
                "created_at": job.created_at,
            },
            refresh=True,  # a tiny index: lists show the change at once
        )

    async def list_ids(
        self,
        kind: JobKind | None,
        state: JobState | None,
        dataset_id: str | None,
        first: int,
        offset: int,
        created_by: str | None,
    ) -> tuple[list[str], int]:
        """Ids of matching jobs, newest first, and how many match."""
        clauses: list[dict[str, Any]] = []
        if created_by:
            clauses.append({"term": {"created_by": created_by}})
        if kind:
            clauses.append({"term": {"kind": kind.value}})
        if state:
            clauses.append({"term": {"state": state.value}})
        if dataset_id:
            clauses.append({"term": {"dataset_id": dataset_id}})
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

    async def get_many(self, job_ids: list[str]) -> list[Job]:
        by_id = {d["_id"]: _from_doc(d) async for d in self._jobs.find({"_id": {"$in": job_ids}})}
        return [by_id[i] for i in job_ids if i in by_id]
