"""Creating jobs of every kind, recording their progress as events, cancelling them, and following them live."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime
from typing import Any

from backend.auth.entities import Principal
from backend.clients import redis_keys
from backend.clients.events import Subscription
from backend.clients.queue import JobQueue
from backend.clock import utc_now
from backend.jobs.access import may_cancel
from backend.jobs.entities import EventKind, Job, JobEvent, JobKind, JobProblem, JobState
from backend.jobs.errors import JobAlreadyFinished, JobNotFound, JobStopped
from backend.jobs.events import JobEventLog, decode_event
from backend.jobs.kinds import task_name
from backend.jobs.repository import JobRepository
from backend.pages import Page, check_page_size, offset_after, offset_cursor

log = logging.getLogger("labelloop.jobs")
FOLLOW_POLL_S = 1.0  # without a Redis message, look at MongoDB this often anyway
MAX_JOBS_PAGE = 100
MAX_OFFSET = 10_000


class JobService:
    """Every long operation is a Job: queued by the API, run by the worker, followed by anyone allowed."""

    def __init__(
        self, jobs: JobRepository, queue: JobQueue, log_: JobEventLog, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._jobs = jobs
        self._queue = queue
        self._log = log_
        self._clock = clock
        self.attempts: dict[str, int] = {}  # job id → the attempt this process runs (worker/execution.py)

    # --- creating -----------------------------------------------------------------------------------------------

    def new_job(self, kind: JobKind, created_by: str, dataset_id: str | None, params: dict[str, Any]) -> Job:
        return Job(
            id=f"job_{uuid.uuid4().hex[:16]}",
            kind=kind,
            state=JobState.QUEUED,
            created_by=created_by,
            created_at=self._clock(),
            dataset_id=dataset_id,
            params=params,
        )

    async def submit(self, kind: JobKind, created_by: str, dataset_id: str | None, params: dict[str, Any]) -> Job:
        """Record a QUEUED job and queue its first attempt for the worker's handler of `kind`."""
        job = await self.create(kind, created_by, dataset_id, params)
        await self.enqueue(job, 1)
        return job

    async def create(self, kind: JobKind, created_by: str, dataset_id: str | None, params: dict[str, Any]) -> Job:
        """Record a QUEUED job that the caller runs itself (the command line does)."""
        return await self.insert(self.new_job(kind, created_by, dataset_id, params))

    async def insert(
        self, job: Job, payload: dict[str, Any] | None = None, listed: dict[str, Any] | None = None
    ) -> Job:
        """Store a new QUEUED job (with its kind's payload and listed fields) and its first event."""
        await self._jobs.insert(job, payload, listed)
        await self._log.record(job.id, EventKind.STATE, {"state": JobState.QUEUED.value, "message": "queued"})
        return job

    async def enqueue(self, job: Job, attempt: int) -> None:
        await self._queue.enqueue(
            task_name(job.kind), job.id, attempt, job_id=redis_keys.queued_attempt(job.id, attempt)
        )

    # --- reading ------------------------------------------------------------------------------------------------

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
        first: int = 20,
        after: str | None = None,
        created_by: Sequence[str] = (),
    ) -> Page[Job]:
        """A page of jobs newest first (from the jobs index); raises ValidationFailed for a bad page argument."""
        ids, total, offset = await self.list_ids(
            first, after, kind=kind, states=[state] if state else [], dataset_id=dataset_id, created_by=created_by
        )
        return self.page(await self._jobs.get_many(ids), total, offset, first)

    async def list_ids(self, first: int, after: str | None, **filters: Any) -> tuple[list[str], int, int]:
        """Ids of a page of jobs, how many match and the page's offset (for kinds that read their own view)."""
        check_page_size(first, MAX_JOBS_PAGE)
        offset = offset_after(after)
        if offset + first > MAX_OFFSET:
            offset = MAX_OFFSET - first  # the index pages no deeper: narrow the filters for older jobs
        ids, total = await self._jobs.list_ids(first=first, offset=offset, **filters)
        return ids, min(total, MAX_OFFSET), offset

    @staticmethod
    def page(nodes: list[Any], total: int, offset: int, first: int) -> Page[Any]:
        return Page(
            nodes=nodes,
            end_cursor=offset_cursor(offset + len(nodes) - 1) if nodes else None,
            has_next_page=offset + first < total,
            total_count=total,
        )

    async def events(self, job_id: str, after: int = 0) -> list[JobEvent]:
        return await self._log.after(job_id, after)

    # --- progress (the runner of a kind calls these) ------------------------------------------------------------

    async def start(self, job_id: str, total: int | None, message: str = "") -> Job:
        job = await self.get(job_id)
        if job.state is JobState.QUEUED:  # run in-process (the command line): no worker claimed it
            await self._change(job_id, state=JobState.RUNNING, started_at=self._clock(), message="running")
        return await self._change(job_id, total=total, message=message)

    async def progress(
        self, job_id: str, done: int, problems: list[JobProblem] | None = None, message: str = ""
    ) -> Job:
        fields: dict[str, Any] = {"done": done}
        if message:
            fields["message"] = message
        return await self._change(job_id, problems=problems, **fields)

    async def log(self, job_id: str, level: str, message: str) -> None:
        await self._log.record(job_id, EventKind.LOG, {"level": level, "message": message})

    async def record_state(self, job_id: str, state: JobState, message: str) -> None:
        """A STATE event for a change already stored (a claim by the worker)."""
        await self._log.record(job_id, EventKind.STATE, {"state": state.value, "message": message})

    async def record(self, job_id: str, kind: EventKind, data: dict[str, Any]) -> JobEvent:
        return await self._log.record(job_id, kind, data)

    async def succeed(self, job_id: str, message: str, result: dict[str, Any] | None = None) -> Job:
        return await self._change(
            job_id, state=JobState.SUCCEEDED, finished_at=self._clock(), message=message, result=result or {}
        )

    async def fail(self, job_id: str, message: str) -> Job:
        return await self._change(job_id, state=JobState.FAILED, finished_at=self._clock(), message=message)

    async def end_cancelled(self, job_id: str) -> Job:
        job = await self.get(job_id)
        done = f" after {job.done} of {job.total}" if job.total else (f" after {job.done}" if job.done else "")
        return await self._change(
            job_id, state=JobState.CANCELLED, finished_at=self._clock(), message=f"cancelled{done}"
        )

    async def checkpoint(self, job_id: str) -> None:
        """Between two steps of a running job: raises JobStopped when someone asked to cancel it, or when a later
        attempt owns it (its worker was thought dead). The steps done so far stay stored."""
        job = await self.get(job_id)
        mine = self.attempts.get(job_id)
        if mine is not None and job.attempt != mine:
            raise JobStopped(job_id, superseded=True)
        if job.cancel_requested:
            raise JobStopped(job_id, superseded=False)

    async def _change(self, job_id: str, problems: list[JobProblem] | None = None, **fields: Any) -> Job:
        state: JobState | None = fields.pop("state", None)
        if state is not None:
            moved = await self._jobs.transition(job_id, state, fields, problems)
            if moved is None:
                raise JobNotFound(job_id)
            job, changed = moved
            if not changed:
                log.warning("job %s: %s → %s refused (it ended)", job_id, job.state.value, state.value)
                return job
            await self._log.record(job_id, EventKind.STATE, {"state": state.value, "message": job.message})
            return job
        updated = await self._jobs.update(job_id, problems=problems, **fields)
        if updated is None:
            raise JobNotFound(job_id)
        fraction = min(1.0, updated.done / updated.total) if updated.total else None
        data = {
            "done": updated.done,
            "total": updated.total,
            "problem_count": updated.problem_count,
            "message": updated.message,
        }
        await self._log.record(job_id, EventKind.PROGRESS, {**data, "fraction": fraction})
        return updated

    # --- cancelling ---------------------------------------------------------------------------------------------

    async def cancel_for(self, principal: Principal, job_id: str) -> Job:
        """`cancel` for a caller allowed to (backend/jobs/access.py); JobNotFound for anyone else."""
        job = await self.get(job_id)
        if not may_cancel(principal, job):
            raise JobNotFound(job_id)
        return await self.cancel(job_id)

    async def cancel(self, job_id: str) -> Job:
        """Ask the worker to stop the job at its next step; a job still waiting in the queue ends at once.
        Raises JobNotFound or JobAlreadyFinished."""
        job = await self.get(job_id)
        if job.state.finished:
            raise JobAlreadyFinished(job)
        await self._jobs.update(job_id, cancel_requested=True)
        if job.state is JobState.QUEUED:
            cancelled = await self._jobs.cancel_if_queued(job_id, self._clock())
            if cancelled is not None:
                data = {"state": JobState.CANCELLED.value, "message": cancelled.message}
                await self._log.record(job_id, EventKind.STATE, data)
                return cancelled
        return await self.get(job_id)

    # --- following ----------------------------------------------------------------------------------------------

    async def follow_events(self, job_id: str, after: int) -> AsyncIterator[JobEvent]:
        """Every event after the cursor `after`, stored ones first, then live ones, each once and in order,
        until the job ends. Redis only wakes us up: MongoDB is the log, so a lost message or a Redis restart
        costs at most a poll interval, never an event. Raises JobNotFound."""
        job = await self.get(job_id)
        subscription = await self._log.subscribe(job_id)
        last = after
        try:
            while True:
                events = await self._log.after(job_id, last)
                for event in events:
                    yield event
                    last = event.seq
                    if _ends(event):
                        return
                if not events and job.state.finished:
                    return  # the cursor is past the end
                while True:
                    if subscription is None:
                        subscription = await self._log.subscribe(job_id, quiet=True)
                    message = await _wait(subscription)
                    if message is None:
                        if subscription is not None and subscription.broken:
                            await subscription.close()
                            subscription = None
                        job = await self.get(job_id)
                        break
                    event = decode_event(message)
                    if event.seq != last + 1:
                        break  # a gap (or a duplicate): read the log
                    yield event
                    last = event.seq
                    if _ends(event):
                        return
        finally:
            if subscription is not None:
                await subscription.close()

    async def follow(self, job_id: str) -> AsyncIterator[Job]:
        """The job now, then after each of its events that changed it, until it ends."""
        job = await self.get(job_id)
        yield job
        last = _shown(job)
        if job.state.finished:
            return
        async for _event in self.follow_events(job_id, job.last_seq):
            job = await self.get(job_id)
            if _shown(job) != last:
                last = _shown(job)
                yield job
            if job.state.finished:
                return


def _shown(job: Job) -> tuple[Any, ...]:
    return (job.state, job.done, job.total, job.problem_count, job.message)


def _ends(event: JobEvent) -> bool:
    return event.kind is EventKind.STATE and JobState(event.data["state"]).finished


async def _wait(subscription: Subscription | None) -> str | None:
    if subscription is None:
        await asyncio.sleep(FOLLOW_POLL_S)
        return None
    return await subscription.next_or_none(FOLLOW_POLL_S)
