"""Expected failures of the jobs domain."""

from __future__ import annotations

from backend.errors import DomainError


class JobNotFound(DomainError):
    def __init__(self, job_id: str) -> None:
        super().__init__(f"no job has id '{job_id}'")
