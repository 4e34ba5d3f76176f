"""The kind registry: each JobKind → the service method that runs it. The worker builds one function per kind
from it, and submitting a job names its kind only (backend/jobs/kinds.py names the function)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from arq import func

from backend.container import Services
from backend.jobs.entities import JobKind
from backend.jobs.execution import Handler
from backend.jobs.kinds import KINDS, task_name

HANDLERS: dict[JobKind, Callable[[Services], Handler]] = {
    JobKind.IMPORT: lambda services: services.imports.run,
    JobKind.EXPORT: lambda services: services.exports.run,
    JobKind.REINDEX: lambda services: services.index_jobs.reindex,
    JobKind.RECONCILE: lambda services: services.index_jobs.reconcile,
    # an automation's run hands its version to promotion once it succeeded (backend/automations/service.py)
    JobKind.TRAINING: lambda services: partial(services.automations.run_training, services.training_runner.run),
    JobKind.BATCH_SCORING: lambda services: services.scoring.run,
    JobKind.PROMOTION: lambda services: services.promotions.run,
}


def job_function(kind: JobKind) -> Any:
    """The arq function running one attempt of a job of `kind`: claim, heartbeat and cancel by JobExecution,
    the work by the kind's handler."""

    async def run(ctx: dict[str, Any], job_id: str, attempt: int = 1) -> str | None:
        services: Services = ctx["services"]
        state = await services.job_execution.execute(job_id, attempt, HANDLERS[kind](services))
        return state.value if state else None

    # a lost attempt is queued again by recover_jobs (per kind), not retried by arq
    return func(run, name=task_name(kind), timeout=KINDS[kind].timeout_s, max_tries=1)


def job_functions() -> list[Any]:
    return [job_function(kind) for kind in JobKind]
