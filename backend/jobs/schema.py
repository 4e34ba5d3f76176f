"""GraphQL types of jobs, their queries and the live `jobProgress` subscription."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry
from graphql import GraphQLError

from backend.auth.entities import Principal
from backend.auth.permissions import Permission, Role
from backend.errors import check_page
from backend.graphql.context import Info
from backend.graphql.errors import Error, maps_error
from backend.graphql.permissions import requires
from backend.jobs import entities
from backend.jobs.errors import JobNotFound

strawberry.enum(entities.JobKind, name="JobKind", description="What a job does.")
strawberry.enum(entities.JobState, name="JobState", description="QUEUED → RUNNING → SUCCEEDED, FAILED or CANCELLED.")
MAX_JOBS_PAGE = 100


@strawberry.type(description="A problem a job met, e.g. a line of an import that was skipped.")
class JobProblem:
    line: int | None = strawberry.field(description="The line of the input file, when there is one.")
    reason: str = strawberry.field(description="What was wrong and how to fix it.")


@strawberry.type(description="A long operation (import, export, reindex, training, batch scoring) and its progress.")
class Job:
    id: strawberry.ID = strawberry.field(description="Stable id.")
    kind: entities.JobKind = strawberry.field(description="What it does.")
    state: entities.JobState = strawberry.field(description="Where it is.")
    dataset_id: strawberry.ID | None = strawberry.field(description="The dataset it works on.")
    done: int = strawberry.field(description="Units done (lines for imports, items for exports).")
    total: int | None = strawberry.field(description="Units in all, once known.")
    message: str = strawberry.field(description="What it is doing, or how it ended.")
    problems: list[JobProblem] = strawberry.field(description="The first 100 problems met.")
    problem_count: int = strawberry.field(description="How many problems in all.")
    created_by: str = strawberry.field(description="Id of the user who started it.")
    created_at: datetime = strawberry.field(description="When it was queued.")
    started_at: datetime | None = strawberry.field(description="When it started running.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")
    result: strawberry.scalars.JSON = strawberry.field(description="What it produced (e.g. an export's download).")

    @classmethod
    def from_entity(cls, job: entities.Job) -> Job:
        return cls(
            id=strawberry.ID(job.id),
            kind=job.kind,
            state=job.state,
            dataset_id=strawberry.ID(job.dataset_id) if job.dataset_id else None,
            done=job.done,
            total=job.total,
            message=job.message,
            problems=[JobProblem(line=p.line, reason=p.reason) for p in job.problems],
            problem_count=job.problem_count,
            created_by=job.created_by,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            result=json.loads(json.dumps(job.result, default=str)),
        )


@strawberry.type(description="A page of jobs, newest first.")
class JobPage:
    jobs: list[Job] = strawberry.field(description="This page.")
    total_count: int = strawberry.field(description="How many match.")


@maps_error(JobNotFound)
@strawberry.type(description="No job of yours has that id.")
class JobNotFoundError(Error):
    pass


def _visible(principal: Principal, job: entities.Job) -> bool:
    return principal.role is Role.ADMIN or job.created_by == principal.user.id


@strawberry.type
class JobQuery:
    @strawberry.field(**requires(Permission.VIEW_DATA, "One job (yours, or any for an ADMIN); null if unknown."))
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        try:
            job = await info.context.services.jobs.get(str(id))
        except JobNotFound:
            return None
        return Job.from_entity(job) if _visible(info.context.require_principal(), job) else None

    @strawberry.field(**requires(Permission.VIEW_DATA, "Jobs, newest first: yours, or everyone's for an ADMIN."))
    async def jobs(
        self,
        info: Info,
        kind: entities.JobKind | None = None,
        state: entities.JobState | None = None,
        dataset_id: strawberry.ID | None = None,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 100.")] = 20,
        offset: Annotated[
            int, strawberry.argument(description="Jobs to skip: 0 to 10,000 - `first` (narrow the filters for more).")
        ] = 0,
    ) -> JobPage:
        principal = info.context.require_principal()
        check_page(first, offset, MAX_JOBS_PAGE)
        created_by = None if principal.role is Role.ADMIN else principal.user.id
        jobs, total = await info.context.services.jobs.list_jobs(
            kind,
            state,
            str(dataset_id) if dataset_id else None,
            first,
            offset,
            created_by=created_by,
        )
        return JobPage(jobs=[Job.from_entity(j) for j in jobs], total_count=total)


@strawberry.type
class JobSubscription:
    @strawberry.subscription(**requires(Permission.VIEW_DATA, "The job's state now, then each change, until it ends."))
    async def job_progress(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Job, None]:
        principal = info.context.require_principal()
        try:
            first = await info.context.services.jobs.get(str(id))
        except JobNotFound as exc:
            raise GraphQLError(exc.message, extensions={"code": "NOT_FOUND"}) from exc
        if not _visible(principal, first):
            raise GraphQLError(f"no job has id '{id}'", extensions={"code": "NOT_FOUND"})
        async for job in info.context.services.jobs.follow(str(id)):
            yield Job.from_entity(job)
