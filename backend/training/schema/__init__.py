"""GraphQL operations on trainings: list, compare, start, cancel and follow runs."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types

from backend.auth.permissions import Permission
from backend.datasets.entities import DatasetKind, TaskType
from backend.datasets.schema import DatasetNotFoundError
from backend.graphql.context import Info
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.pagination import Connection
from backend.graphql.permissions import requires
from backend.items.schema import ItemFilter, filter_entity
from backend.jobs.entities import JobState
from backend.jobs.schema import AFTER_EVENT, JobEvent, event_cursor
from backend.training import catalog
from backend.training.schema.sets import TrainingSetMutation, TrainingSetNotFoundError, TrainingSetQuery
from backend.training.schema.types import (
    MAX_COMPARED,
    ModelTypeSpec,
    TrainingRun,
    ValidationInput,
)
from backend.training.service import EmptyTrainingSet, RunAlreadyFinished, TrainingRunNotFound


@strawberry.type(description="The training run, as it is now.")
class TrainingRunSuccess:
    run: TrainingRun = strawberry.field(description="The run as it is now.")


@maps_error(TrainingRunNotFound)
@strawberry.type(description="No training run has that id.")
class TrainingRunNotFoundError(Error):
    pass


@maps_error(EmptyTrainingSet)
@strawberry.type(description="The training-set filter matches no labelled item; nothing was started.")
class EmptyTrainingSetError(Error):
    pass


@maps_error(RunAlreadyFinished)
@strawberry.type(description="The run already ended.")
class RunAlreadyFinishedError(Error):
    pass


StartTrainingResult = Annotated[
    TrainingRunSuccess | DatasetNotFoundError | ValidationError | EmptyTrainingSetError | TrainingSetNotFoundError,
    strawberry.union("StartTrainingResult", description="Result of `startTraining`."),
]
CancelTrainingResult = Annotated[
    TrainingRunSuccess | TrainingRunNotFoundError | RunAlreadyFinishedError,
    strawberry.union("CancelTrainingResult", description="Result of `cancelTraining`."),
]


@strawberry.type
class TrainingRunQuery:
    @strawberry.field(
        **requires(Permission.VIEW_MODELS, "The model types a training can use and their parameters (for forms).")
    )
    def model_types(
        self,
        kind: Annotated[
            DatasetKind | None,
            strawberry.argument(description="Only model types that fit this kind of dataset; null lists all."),
        ] = None,
        task_type: Annotated[
            TaskType | None,
            strawberry.argument(
                description="Only model types that train datasets of this task type (the dataset's `taskType`); "
                "null lists all."
            ),
        ] = None,
    ) -> list[ModelTypeSpec]:
        return [ModelTypeSpec.from_spec(s) for s in catalog.models_for(kind, task_type)]

    @strawberry.field(**requires(Permission.VIEW_MODELS, "One training run; null if unknown."))
    async def training_run(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The run's id, as `startTraining` returned it.")],
    ) -> TrainingRun | None:
        try:
            run = await info.context.services.training.get(str(id))
        except TrainingRunNotFound:
            return None
        return TrainingRun.from_entity(run)

    @strawberry.field(**requires(Permission.VIEW_MODELS, "Training runs, newest first, filtered."))
    async def training_runs(
        self,
        info: Info,
        dataset_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only runs trained on this dataset; null lists runs of every dataset."),
        ] = None,
        states: Annotated[
            list[JobState] | None, strawberry.argument(description="Only runs in one of these states (all without).")
        ] = None,
        model_types: Annotated[
            list[catalog.ModelType] | None, strawberry.argument(description="Only runs of these model types.")
        ] = None,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 100.")] = 20,
        after: Annotated[
            str | None,
            strawberry.argument(description="`endCursor` of the previous page (up to 10,000 runs deep)."),
        ] = None,
    ) -> Connection[TrainingRun]:
        page = await info.context.services.training.list_runs(
            str(dataset_id) if dataset_id else None,
            states or [],
            [t.value for t in model_types or []],
            first,
            after,
        )
        return Connection.of(page, TrainingRun.from_entity)

    @strawberry.field(
        **requires(Permission.VIEW_MODELS, f"Several runs side by side (up to {MAX_COMPARED}), in the order asked.")
    )
    async def compare_training_runs(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description="The runs to set side by side, in the order to show them."),
        ],
    ) -> list[TrainingRun]:
        if len(ids) > MAX_COMPARED:
            raise GraphQLError(f"compare at most {MAX_COMPARED} runs at once", extensions={"code": "BAD_USER_INPUT"})
        runs = await info.context.services.training.get_many([str(i) for i in ids])
        return [TrainingRun.from_entity(r) for r in runs]


@strawberry.type
class TrainingRunMutation:
    @strawberry.mutation(
        **requires(
            Permission.TRAIN_MODEL,
            "Start a training on the labelled items the filter matches (label: gold, else the majority), or on a "
            "saved training set (`trainingSetId`: its filter, label rule and minimum agreement); the run freezes "
            "what it trains on at its start. Follow it with the `trainingRun` subscription. Invalid parameters "
            "come back as field errors.",
        )
    )
    async def start_training(
        self,
        info: Info,
        dataset_id: Annotated[
            strawberry.ID, strawberry.argument(description="The dataset whose labelled items are the training data.")
        ],
        model_type: Annotated[
            catalog.ModelType,
            strawberry.argument(description="The model to fit; `modelTypes` lists those that fit the dataset's kind."),
        ],
        params: Annotated[
            strawberry.scalars.JSON | None, strawberry.argument(description="Parameter values; see `modelTypes`.")
        ] = None,
        training_set: Annotated[
            ItemFilter | None,
            strawberry.argument(description="Which items (the search filter); default: all. Not with trainingSetId."),
        ] = None,
        validation: Annotated[
            ValidationInput | None,
            strawberry.argument(
                description="How the run measures itself: a hold-out split (default 20 %) or k-fold cross-validation."
            ),
        ] = None,
        min_agreement: Annotated[
            float | None,
            strawberry.argument(
                description="Leave out items whose majority label has a smaller share (0-1). Not with trainingSetId."
            ),
        ] = None,
        training_set_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Train on this saved training set of the dataset (instead of trainingSet/minAgreement)."
            ),
        ] = None,
    ) -> StartTrainingResult:
        if params is not None and not isinstance(params, dict):
            raise GraphQLError("params must be an object of parameter values", extensions={"code": "BAD_USER_INPUT"})
        run = await info.context.services.training.start(
            info.context.require_principal(),
            str(dataset_id),
            model_type.value,
            params,
            filter_entity(training_set) if training_set is not None else None,
            (validation or ValidationInput()).to_entity(),
            min_agreement,
            str(training_set_id) if training_set_id is not None else None,
        )
        return TrainingRunSuccess(run=TrainingRun.from_entity(run))

    @strawberry.mutation(**requires(Permission.TRAIN_MODEL, "Cancel a queued or running training."))
    async def cancel_training(
        self,
        info: Info,
        run_id: Annotated[
            strawberry.ID, strawberry.argument(description="The run to stop; it ends CANCELLED at its next step.")
        ],
    ) -> CancelTrainingResult:
        run = await info.context.services.training.cancel(str(run_id))
        return TrainingRunSuccess(run=TrainingRun.from_entity(run))


# the saved training sets' operations join the runs' ones (backend/training/schema/sets.py)
TrainingQuery = merge_types("TrainingQuery", (TrainingRunQuery, TrainingSetQuery))
TrainingMutation = merge_types("TrainingMutation", (TrainingRunMutation, TrainingSetMutation))


@strawberry.type
class TrainingSubscription:
    @strawberry.subscription(
        **requires(
            Permission.VIEW_MODELS,
            "A training's events after the cursor `after` (from the start without it): the stored ones first, then "
            "live ones as they happen, each once and in order, until the run ends. Resume with the last cursor.",
        )
    )
    async def training_run(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The run's id, as `startTraining` returned it.")],
        after: Annotated[str | None, AFTER_EVENT] = None,
    ) -> AsyncGenerator[JobEvent, None]:
        cursor = event_cursor(after)
        try:
            events = info.context.services.training.follow(str(id), cursor)
            async for event in events:
                yield JobEvent.from_entity(event)
        except TrainingRunNotFound as exc:
            raise GraphQLError(exc.message, extensions={"code": "NOT_FOUND"}) from exc
