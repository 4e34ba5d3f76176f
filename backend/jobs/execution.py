"""Running one attempt of a job in the worker, its heartbeat, and the recovery of jobs whose worker died.

Safe under arq's at-least-once delivery: each attempt claims its job atomically (a later attempt wins), writes a
heartbeat on the job (MongoDB) every 2 s, and stops at its next step when the job was cancelled or a later
attempt took it over. When a worker dies, `recover` (every 10 s in the worker) sees the heartbeat stop and, per
kind (backend/jobs/kinds.py), queues the next attempt or fails the job with a message that says what to do.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from backend.clock import utc_now
from backend.jobs.entities import JobState, Recovery
from backend.jobs.errors import JobStopped
from backend.jobs.kinds import KINDS, MAX_ATTEMPTS
from backend.jobs.repository import JobRepository
from backend.jobs.service import JobService

log = logging.getLogger("labelloop.jobs")
HEARTBEAT_S = 2.0
STALE_AFTER = timedelta(seconds=20)  # ten missed heartbeats: the attempt's worker is gone
Handler = Callable[[str], Awaitable[Any]]


class JobExecution:
    def __init__(self, jobs: JobService, repository: JobRepository, clock: Callable[[], datetime] = utc_now) -> None:
        self._jobs = jobs
        self._repository = repository
        self._clock = clock
        self._on_stop: dict[str, list[Callable[[], None]]] = {}
        self._superseded: set[str] = set()

    async def execute(self, job_id: str, attempt: int, handler: Handler) -> JobState | None:
        """Run `attempt` of the job with its kind's handler; its end state, or None when another attempt owns it
        or it already ended."""
        claimed = await self._repository.claim(job_id, attempt, self._clock())
        if claimed is None:
            log.info("job %s attempt %d: nothing to do (ended, or a later attempt owns it)", job_id, attempt)
            return None
        self._jobs.attempts[job_id] = attempt
        note = f" (attempt {attempt}: the previous one stopped)" if attempt > 1 else ""
        await self._jobs.record_state(job_id, JobState.RUNNING, f"running{note}")
        beating = asyncio.create_task(self._beat(job_id, attempt))
        try:
            await handler(job_id)
        except JobStopped as stop:
            if stop.superseded or job_id in self._superseded:
                log.warning("job %s: attempt %d stopped, a later attempt owns it", job_id, attempt)
                return None
            return (await self._jobs.end_cancelled(job_id)).state
        finally:
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beating
            self._jobs.attempts.pop(job_id, None)
            self._on_stop.pop(job_id, None)
            self._superseded.discard(job_id)
        return (await self._jobs.get(job_id)).state

    def on_stop(self, job_id: str, callback: Callable[[], None]) -> None:
        """Call `callback` when the heartbeat sees a cancel request or a later attempt (for work that cannot reach
        a checkpoint itself, like a fit in a child process)."""
        self._on_stop.setdefault(job_id, []).append(callback)

    def superseded(self, job_id: str) -> bool:
        return job_id in self._superseded

    async def _beat(self, job_id: str, attempt: int) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            job = await self._repository.update(job_id, heartbeat_at=self._clock())
            if job is None:
                continue
            if job.attempt != attempt:
                self._superseded.add(job_id)
            if job.attempt != attempt or job.cancel_requested:
                for callback in self._on_stop.get(job_id, []):
                    callback()

    async def recover(self) -> list[str]:
        """Re-queue or fail (per kind) every running job whose heartbeat stopped; their ids."""
        recovered = []
        ids, _ = await self._repository.list_ids(states=[JobState.RUNNING], first=100)
        now = self._clock()
        for job in await self._repository.get_many(ids):
            beat = job.heartbeat_at or job.started_at
            if job.state is not JobState.RUNNING or job.attempt < 1 or (beat is not None and now - beat < STALE_AFTER):
                continue  # attempt 0: run in-process by the command line, which has no heartbeat
            spec = KINDS[job.kind]
            if spec.recovery is Recovery.REQUEUE and job.attempt < MAX_ATTEMPTS:
                log.warning(
                    "job %s: attempt %d stopped beating; queueing attempt %d", job.id, job.attempt, job.attempt + 1
                )
                await self._jobs.enqueue(job, job.attempt + 1)
            else:
                tries = f" (after {job.attempt} attempts)" if spec.recovery is Recovery.REQUEUE else ""
                log.warning("job %s: attempt %d stopped beating; failing it", job.id, job.attempt)
                await self._jobs.fail(job.id, spec.lost + tries)
            recovered.append(job.id)
        return recovered
