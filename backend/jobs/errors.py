"""Expected failures of the jobs domain."""

from __future__ import annotations

from backend.errors import DomainError
from backend.jobs.entities import Job


class JobNotFound(DomainError):
    def __init__(self, job_id: str) -> None:
        super().__init__(f"no job has id '{job_id}'")


class JobAlreadyFinished(DomainError):
    def __init__(self, job: Job) -> None:
        super().__init__(f"job '{job.id}' already ended ({job.state.value}): there is nothing to cancel")


class JobStopped(BaseException):
    """Raised inside a running job at a checkpoint between steps: someone cancelled it, or a later attempt owns it.

    A BaseException, like asyncio.CancelledError, so that a runner's `except Exception` (which marks the job
    FAILED) lets it through to the worker's wrapper, which ends the job CANCELLED (or leaves it to the owner)."""

    def __init__(self, job_id: str, superseded: bool) -> None:
        super().__init__(job_id)
        self.job_id = job_id
        self.superseded = superseded
