"""Who may see and cancel a job: its creator, an ADMIN, and (per kind) whoever may start or view such jobs."""

from __future__ import annotations

from backend.auth.entities import Principal
from backend.auth.permissions import Permission, Role
from backend.jobs.entities import Job, JobKind

# the permission of the mutation that starts each kind: it also lets one cancel any job of that kind
STARTED_WITH: dict[JobKind, Permission] = {
    JobKind.IMPORT: Permission.MANAGE_DATASETS,
    JobKind.EXPORT: Permission.MANAGE_DATASETS,
    JobKind.REINDEX: Permission.MANAGE_DATASETS,
    JobKind.RECONCILE: Permission.MANAGE_DATASETS,
    JobKind.TRAINING: Permission.TRAIN_MODEL,
    JobKind.BATCH_SCORING: Permission.TRAIN_MODEL,
    JobKind.PROMOTION: Permission.PROMOTE_MODEL,
}


def owners(principal: Principal) -> tuple[str, ...]:
    """The `created_by` values of the caller's own jobs (none to filter on for an ADMIN, who sees all). Jobs
    record their creator's id, trainings and batch scorings their username."""
    if principal.role is Role.ADMIN:
        return ()
    return (principal.user.id, principal.user.username)


def is_creator(principal: Principal, job: Job) -> bool:
    return job.created_by in (principal.user.id, principal.user.username)


def may_see(principal: Principal, job: Job) -> bool:
    if principal.role is Role.ADMIN or is_creator(principal, job):
        return True
    return job.kind is JobKind.TRAINING and principal.can(Permission.VIEW_MODELS)


def may_cancel(principal: Principal, job: Job) -> bool:
    return principal.role is Role.ADMIN or is_creator(principal, job) or principal.can(STARTED_WITH[job.kind])
