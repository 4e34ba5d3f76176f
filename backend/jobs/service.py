"""Creating jobs, recording their progress, and following them live."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

from backend.clients.events import EventBus
from backend.clients.queue import JobQueue
from backend.clock import utc_now
from backend.jobs.entities import Job, JobKind, JobProblem, JobState
from backend.jobs.errors import JobNotFound
from backend.jobs.repository import JobRepository


def job_channel(job_id: str) -> str:
    return f"labelloop:job:{job_id}"


class JobService:
    """Every long operation is a Job: queued by the API, run by the worker, followed by anyone allowed."""

    def __init__(
        self, jobs: JobRepository, queue: JobQueue, events: EventBus, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._jobs = jobs
        self._queue = queue
        self._events = events
        self._clock = clock

    async def submit(
        self, kind: JobKind, function: str, created_by: str, dataset_id: str | None, params: dict[str, Any]
    ) -> Job:
        """Record a QUEUED job and enqueue `function(job_id)` for the worker."""
        job = await self.create(kind, created_by, dataset_id, params)
        await self._queue.enqueue(function, job.id, job_id=job.id)
        return job

    async def create(self, kind: JobKind, created_by: str, dataset_id: str | None, params: dict[str, Any]) -> Job:
        """Record a QUEUED job that the caller runs itself (the command line does)."""
        job = Job(
            id=f"job_{uuid.uuid4().hex[:16]}",
            kind=kind,
            state=JobState.QUEUED,
            created_by=created_by,
            created_at=self._clock(),
            dataset_id=dataset_id,
            params=params,
        )
        await self._jobs.insert(job)
        return job

    async def get(self, job_id: str) -> Job:
        job = await self._jobs.get(job_id)
        if job is None:
            raise JobNotFound(job_id)
        return job

    async def list_jobs(
        self,
        kind: JobKind | None,
        state: JobState | None,
        dataset_id: str | None,
        first: int,
        offset: int,
        created_by: str | None = None,
    ) -> tuple[list[Job], int]:
        """Jobs newest first, and how many match (from the jobs index)."""
        ids, total = await self._jobs.list_ids(kind, state, dataset_id, first, offset, created_by)
        return await self._jobs.get_many(ids), total

    async def start(self, job_id: str, total: int | None, message: str = "") -> Job:
        return await self._change(
            job_id, state=JobState.RUNNING, started_at=self._clock(), total=total, message=message
        )

    async def progress(
        self, job_id: str, done: int, problems: list[JobProblem] | None = None, message: str = ""
    ) -> Job:
        fields: dict[str, Any] = {"done": done}
        if message:
            fields["message"] = message
        return await self._change(job_id, problems=problems, **fields)

    async def succeed(self, job_id: str, message: str, result: dict[str, Any] | None = None) -> Job:
        return await self._change(
            job_id, state=JobState.SUCCEEDED, finished_at=self._clock(), message=message, result=result or {}
        )

    async def fail(self, job_id: str, message: str) -> Job:
        return await self._change(job_id, state=JobState.FAILED, finished_at=self._clock(), message=message)

    async def _change(self, job_id: str, problems: list[JobProblem] | None = None, **fields: Any) -> Job:
        job = await self._jobs.update(job_id, problems=problems, **fields)
        if job is None:
            raise JobNotFound(job_id)
        await self._events.publish(job_channel(job_id), job.state.value)
        return job

    async def follow(self, job_id: str) -> AsyncIterator[Job]:
        """The job now, then each change, until it finishes."""
        subscription = await self._events.subscribe(job_channel(job_id))
        try:
            job = await self.get(job_id)  # read after subscribing: no change can fall in between
            yield job
            last = (job.state, job.done, job.problem_count, job.message)
            while not job.state.finished:
                await subscription.next(timeout_s=5.0)  # on a timeout, re-read anyway
                job = await self.get(job_id)
                current = (job.state, job.done, job.problem_count, job.message)
                if current != last:
                    last = current
                    yield job
        finally:
            await subscription.close()
