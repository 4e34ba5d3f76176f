"""GraphQL types of jobs (every long operation), their list, cancel, and the live progress subscriptions."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError

from backend.auth.permissions import Permission
from backend.graphql.context import Info
from backend.graphql.enums import described_enum
from backend.graphql.errors import Error, maps_error
from backend.graphql.pagination import Connection
from backend.graphql.permissions import requires
from backend.jobs import entities
from backend.jobs.access import may_see, owners
from backend.jobs.errors import JobAlreadyFinished, JobNotFound

described_enum(
    entities.JobKind,
    name="JobKind",
    description="What a job does.",
    values={
        entities.JobKind.IMPORT: "Adds a file's items to a dataset.",
        entities.JobKind.EXPORT: "Writes a dataset's items, labels and gold labels to a file to download.",
        entities.JobKind.REINDEX: "Rebuilds a dataset's search index from MongoDB.",
        entities.JobKind.RECONCILE: "Repairs what an Elasticsearch outage left behind in the search index.",
        entities.JobKind.TRAINING: "Fits a model on a dataset's labels and registers it in MLflow.",
        entities.JobKind.BATCH_SCORING: (
            "The production model scores a dataset's unlabelled items (suggestions and uncertainty)."
        ),
        entities.JobKind.PROMOTION: (
            "Scores a version on the evaluation set, applies the gate, then promotes, proposes or rolls back."
        ),
    },
)
described_enum(
    entities.JobState,
    name="JobState",
    description="Where a job is: QUEUED → RUNNING → SUCCEEDED, FAILED or CANCELLED (a queued job can also be "
    "cancelled or failed before it runs); an ended job never changes.",
    values={
        entities.JobState.QUEUED: "Waiting for a worker.",
        entities.JobState.RUNNING: "A worker is on it.",
        entities.JobState.SUCCEEDED: "Finished; its result is ready.",
        entities.JobState.FAILED: "Stopped by an error; its message says why.",
        entities.JobState.CANCELLED: (
            "Stopped on request (`cancelJob`), between two steps; what those steps stored stays."
        ),
    },
)
described_enum(
    entities.EventKind,
    name="JobEventKind",
    description="What a job event carries: STATE a new state, PROGRESS units done, LOG a log line, METRIC a point "
    "of a training curve.",
    values={
        entities.EventKind.STATE: "The job changed state; `state` and `message` say to what and why.",
        entities.EventKind.PROGRESS: "Units done (and the total, when known) and what the job is doing now.",
        entities.EventKind.LOG: "A line of the job's log, with its level.",
        entities.EventKind.METRIC: (
            "A point of a training curve: step, loss, accuracy and macro F1 (training jobs only)."
        ),
    },
)
MAX_CURSOR_DIGITS = 15


@strawberry.type(description="One point of a training curve.")
class MetricPoint:
    step: int = strawberry.field(description="Epoch, boosting iteration, trees so far, fold, or 1 for one fit.")
    total: int | None = strawberry.field(description="Steps in all.")
    fold: int | None = strawberry.field(description="The fold, in cross-validation.")
    loss: float | None = strawberry.field(description="Validation log loss.")
    accuracy: float | None = strawberry.field(description="Accuracy on the validation items at this step, 0 to 1.")
    macro_f1: float | None = strawberry.field(description="Validation macro F1.")
    f1: float | None = strawberry.field(
        default=None, description="Span models: entity-level F1 on the validation items (exact match, micro-averaged)."
    )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> MetricPoint:
        return cls(
            step=int(data["step"]),
            total=data.get("total"),
            fold=data.get("fold"),
            loss=data.get("loss"),
            accuracy=data.get("accuracy"),
            macro_f1=data.get("macro_f1"),
            f1=data.get("f1"),
        )


@strawberry.type(description="One event of a job: a state change, progress, a log line or a metric point.")
class JobEvent:
    cursor: str = strawberry.field(description="Pass as `after` to resume right after this event.")
    seq: int = strawberry.field(description="1, 2, …: the order of the job's events.")
    at: datetime = strawberry.field(description="When it was recorded.")
    kind: entities.EventKind = strawberry.field(description="Which of the fields below is set.")
    state: entities.JobState | None = strawberry.field(description="STATE: the new state.")
    message: str | None = strawberry.field(description="STATE, LOG and PROGRESS: what happened or is happening.")
    level: str | None = strawberry.field(description="LOG: the level.")
    progress: float | None = strawberry.field(description="PROGRESS: the share done, 0-1, when the total is known.")
    done: int | None = strawberry.field(description="PROGRESS: units done (lines, items…).")
    total: int | None = strawberry.field(description="PROGRESS: units in all, once known.")
    problem_count: int | None = strawberry.field(description="PROGRESS: problems met so far.")
    metric: MetricPoint | None = strawberry.field(description="METRIC: the point.")

    @classmethod
    def from_entity(cls, event: entities.JobEvent) -> JobEvent:
        data = event.data
        kind = event.kind
        progress = kind is entities.EventKind.PROGRESS
        return cls(
            cursor=str(event.seq),
            seq=event.seq,
            at=event.at,
            kind=kind,
            state=entities.JobState(data["state"]) if kind is entities.EventKind.STATE else None,
            message=data.get("message"),
            level=data.get("level"),
            progress=data.get("fraction") if progress else None,
            done=data.get("done") if progress else None,
            total=data.get("total") if progress else None,
            problem_count=data.get("problem_count") if progress else None,
            metric=MetricPoint.from_data(data) if kind is entities.EventKind.METRIC else None,
        )


def event_cursor(after: str | None) -> int:
    """The seq an `after` cursor stands for (0: from the start); a GraphQL error for anything else."""
    if after is None or after == "":
        return 0
    # ASCII digits only ('²'.isdigit() is true), and small enough for MongoDB's 64-bit integers
    if not (after.isascii() and after.isdigit()) or len(after) > MAX_CURSOR_DIGITS:
        raise GraphQLError(
            f"'{after}' is not a cursor: pass the `cursor` of the last event you received",
            extensions={"code": "BAD_USER_INPUT"},
        )
    return int(after)


AFTER_EVENT = strawberry.argument(
    description="The `cursor` of the last event already received: only later events come (all without it)."
)


@strawberry.type(description="A problem a job met, e.g. a line of an import that was skipped.")
class JobProblem:
    line: int | None = strawberry.field(description="The line of the input file, when there is one.")
    reason: str = strawberry.field(description="What was wrong and how to fix it.")


@strawberry.type(description="A long operation (import, export, reindex, training, batch scoring) and its progress.")
class Job:
    id: strawberry.ID = strawberry.field(description="Stable id; pass it to `job`, `jobEvents` or `cancelJob`.")
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
    started_at: datetime | None = strawberry.field(description="When its current attempt started running.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")
    result: strawberry.scalars.JSON = strawberry.field(description="What it produced (e.g. an export's download).")
    attempt: int = strawberry.field(
        description="1, or more when its worker died and it was queued again; 0 when run outside the worker."
    )
    cancel_requested: bool = strawberry.field(description="Someone asked to cancel it (it stops at its next step).")

    @strawberry.field(description="Its events after the cursor, in order (what `jobEvents` replays first).")
    async def events(self, info: Info, after: Annotated[str | None, AFTER_EVENT] = None) -> list[JobEvent]:
        events = await info.context.services.jobs.events(str(self.id), event_cursor(after))
        return [JobEvent.from_entity(e) for e in events]

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
            attempt=job.attempt,
            cancel_requested=job.cancel_requested,
        )


@maps_error(JobNotFound)
@strawberry.type(description="No job of yours has that id.")
class JobNotFoundError(Error):
    pass


@maps_error(JobAlreadyFinished)
@strawberry.type(description="The job already ended: there is nothing to cancel.")
class JobAlreadyFinishedError(Error):
    pass


@strawberry.type(description="The job, as it is after the cancel request.")
class CancelJobSuccess:
    job: Job = strawberry.field(description="CANCELLED at once if it was still queued; else it stops at its next step.")


CancelJobResult = Annotated[
    CancelJobSuccess | JobNotFoundError | JobAlreadyFinishedError,
    strawberry.union("CancelJobResult", description="Result of `cancelJob`."),
]


@strawberry.type
class JobQuery:
    @strawberry.field(**requires(Permission.VIEW_DATA, "One job (yours, or any for an ADMIN); null if unknown."))
    async def job(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The job's id, as the mutation that started it returned it.")
        ],
    ) -> Job | None:
        try:
            job = await info.context.services.jobs.get(str(id))
        except JobNotFound:
            return None
        return Job.from_entity(job) if may_see(info.context.require_principal(), job) else None

    @strawberry.field(**requires(Permission.VIEW_DATA, "Jobs, newest first: yours, or everyone's for an ADMIN."))
    async def jobs(
        self,
        info: Info,
        kind: Annotated[entities.JobKind | None, strawberry.argument(description="Only jobs of this kind.")] = None,
        state: Annotated[entities.JobState | None, strawberry.argument(description="Only jobs in this state.")] = None,
        dataset_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only jobs working on this dataset.")
        ] = None,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 100.")] = 20,
        after: Annotated[
            str | None,
            strawberry.argument(description="`endCursor` of the previous page (up to 10,000 jobs deep)."),
        ] = None,
    ) -> Connection[Job]:
        page = await info.context.services.jobs.list_jobs(
            kind,
            state,
            str(dataset_id) if dataset_id else None,
            first,
            after,
            created_by=owners(info.context.require_principal()),
        )
        return Connection.of(page, Job.from_entity)


@strawberry.type
class JobMutation:
    @strawberry.mutation(
        **requires(
            Permission.VIEW_DATA,
            "Cancel a queued or running job of any kind: a queued job ends CANCELLED at once, a running one at its "
            "next step (what its earlier steps stored stays). Allowed to its creator and to whoever may start jobs "
            "of its kind.",
        )
    )
    async def cancel_job(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The job to cancel.")]
    ) -> CancelJobResult:
        job = await info.context.services.jobs.cancel_for(info.context.require_principal(), str(id))
        return CancelJobSuccess(job=Job.from_entity(job))


@strawberry.type
class JobSubscription:
    @strawberry.subscription(**requires(Permission.VIEW_DATA, "The job's state now, then each change, until it ends."))
    async def job_progress(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The job to follow.")]
    ) -> AsyncGenerator[Job, None]:
        job = await _visible_job(info, str(id))
        async for current in info.context.services.jobs.follow(job.id):
            yield Job.from_entity(current)

    @strawberry.subscription(
        **requires(
            Permission.VIEW_DATA,
            "A job's events after the cursor `after` (from the start without it): the stored ones first, then live "
            "ones as they happen, each once and in order, until the job ends. Resume with the last cursor. Jobs of "
            "every kind; a training's events are also visible to whoever may view models.",
        )
    )
    async def job_events(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="The job whose events are replayed from `after`, then streamed as they happen."
            ),
        ],
        after: Annotated[str | None, AFTER_EVENT] = None,
    ) -> AsyncGenerator[JobEvent, None]:
        cursor = event_cursor(after)
        job = await _visible_job(info, str(id))
        async for event in info.context.services.jobs.follow_events(job.id, cursor):
            yield JobEvent.from_entity(event)


async def _visible_job(info: Info, job_id: str) -> entities.Job:
    try:
        job = await info.context.services.jobs.get(job_id)
    except JobNotFound as exc:
        raise GraphQLError(exc.message, extensions={"code": "NOT_FOUND"}) from exc
    if not may_see(info.context.require_principal(), job):
        raise GraphQLError(f"no job has id '{job_id}'", extensions={"code": "NOT_FOUND"})
    return job
