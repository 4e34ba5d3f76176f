"""GraphQL types and operations of training: the model catalogue, start / cancel, runs, and live events."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError

from backend.auth.permissions import Permission
from backend.datasets.entities import DatasetKind
from backend.datasets.schema import DatasetNotFoundError
from backend.graphql.context import Info
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.pagination import Connection
from backend.graphql.permissions import requires
from backend.items.schema import ItemFilter, filter_entity
from backend.jobs.entities import EventKind, JobState
from backend.jobs.schema import AFTER_EVENT, JobEvent, MetricPoint, event_cursor
from backend.training import catalog, entities
from backend.training.service import EmptyTrainingSet, RunAlreadyFinished, TrainingRunNotFound

strawberry.enum(catalog.ModelType, name="ModelType", description="A model a training can fit.")
strawberry.enum(catalog.ParamType, name="ParamType", description="The type of a model parameter.")
strawberry.enum(
    entities.ValidationMethod,
    name="ValidationMethod",
    description="HOLDOUT: fit on a part, measure on the rest. CROSS_VALIDATION: k folds, then fit on all.",
)
MAX_COMPARED = 10


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


@strawberry.type(description="One parameter of a model type: the SPA builds its training form from these.")
class ParamSpec:
    name: str = strawberry.field(description="As given in `startTraining(params:)`.")
    type: catalog.ParamType = strawberry.field(description="INT, FLOAT, BOOL, or CHOICE (one of `choices`).")
    description: str = strawberry.field(description="What it does.")
    default: strawberry.scalars.JSON | None = strawberry.field(description="Used when the parameter is not given.")
    minimum: float | None = strawberry.field(description="Smallest value allowed (numbers).")
    maximum: float | None = strawberry.field(description="Largest value allowed (numbers).")
    choices: list[str] = strawberry.field(description="The allowed values (CHOICE).")
    nullable: bool = strawberry.field(description="Whether null is allowed (it means: no limit).")


@strawberry.type(description="A model a training can fit, with its parameters.")
class ModelTypeSpec:
    type: catalog.ModelType = strawberry.field(description="Pass as `startTraining(modelType:)`.")
    kind: DatasetKind = strawberry.field(description="The datasets it trains on.")
    title: str = strawberry.field(description="Human name.")
    description: str = strawberry.field(description="When to use it.")
    curve: str = strawberry.field(description="What one metric point is: epoch, iteration, trees, or fit.")
    params: list[ParamSpec] = strawberry.field(description="Its parameters.")

    @classmethod
    def from_spec(cls, spec: catalog.ModelSpec) -> ModelTypeSpec:
        return cls(
            type=spec.type,
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            curve=spec.curve,
            params=[
                ParamSpec(
                    name=p.name,
                    type=p.type,
                    description=p.description,
                    default=p.default,
                    minimum=p.minimum,
                    maximum=p.maximum,
                    choices=list(p.choices),
                    nullable=p.nullable,
                )
                for p in spec.params
            ],
        )


@strawberry.input(description="How a training measures its model.")
class ValidationInput:
    method: entities.ValidationMethod = strawberry.field(default=entities.ValidationMethod.HOLDOUT, description="How.")
    test_fraction: float = strawberry.field(default=0.2, description="HOLDOUT: the share kept to measure, 0.05-0.5.")
    folds: int = strawberry.field(default=5, description="CROSS_VALIDATION: folds, 2-20.")
    seed: int = strawberry.field(default=42, description="Random seed of the split.")

    def to_entity(self) -> entities.Validation:
        return entities.Validation(self.method, self.test_fraction, self.folds, self.seed)


@strawberry.type(description="Measures of a model on held-out items.")
class RunMetrics:
    accuracy: float | None = strawberry.field(description="Share of correct predictions.")
    macro_f1: float | None = strawberry.field(description="F1 averaged over labels.")
    weighted_f1: float | None = strawberry.field(description="F1 averaged over labels, weighted by support.")
    loss: float | None = strawberry.field(description="Log loss.")


@strawberry.type(description="Precision, recall and F1 of one label.")
class ClassMetrics:
    label: str = strawberry.field(description="The label.")
    precision: float = strawberry.field(description="Of the items predicted so, the share that are.")
    recall: float = strawberry.field(description="Of the items that are so, the share predicted.")
    f1: float = strawberry.field(description="Harmonic mean of precision and recall.")
    support: int = strawberry.field(description="Held-out items with this label.")


@strawberry.type(description="Rows: true label; columns: predicted label; both in `labels` order.")
class ConfusionMatrix:
    labels: list[str] = strawberry.field(description="Row and column order.")
    matrix: list[list[int]] = strawberry.field(description="Counts.")


@strawberry.type(description="A log line of a training.")
class LogLine:
    at: datetime = strawberry.field(description="When.")
    level: str = strawberry.field(description="INFO, WARNING or ERROR.")
    message: str = strawberry.field(description="What happened.")


@strawberry.type(description="A training: what it fits on which items, where it is, and what it produced.")
class TrainingRun:
    id: strawberry.ID = strawberry.field(description="Stable id (also tagged on the MLflow run and model version).")
    dataset_id: strawberry.ID = strawberry.field(description="The dataset it trains on.")
    model_type: catalog.ModelType = strawberry.field(description="The model.")
    params: strawberry.scalars.JSON = strawberry.field(description="Every parameter, defaults filled in.")
    training_set: strawberry.scalars.JSON = strawberry.field(description="The item filter, as resolved (lineage).")
    validation_method: entities.ValidationMethod = strawberry.field(description="How it was measured.")
    min_agreement: float | None = strawberry.field(description="Items whose majority was weaker were left out.")
    state: JobState = strawberry.field(description="Where it is (a training is a job of kind TRAINING).")
    message: str = strawberry.field(description="How it ended, or what it is doing.")
    attempt: int = strawberry.field(description="1, or more when a worker died and the training was retried.")
    created_by: str = strawberry.field(description="Who started it.")
    created_at: datetime = strawberry.field(description="When it was queued.")
    started_at: datetime | None = strawberry.field(description="When its current attempt started.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")
    duration_seconds: float | None = strawberry.field(description="From start to the registered version.")
    item_count: int | None = strawberry.field(description="Items in the training set (clear labels only).")
    item_hash: str | None = strawberry.field(description="SHA-256 of the sorted item ids (lineage).")
    label_counts: strawberry.scalars.JSON = strawberry.field(description="Items per label in the training set.")
    train_size: int | None = strawberry.field(description="Items fitted on (HOLDOUT) or all (CROSS_VALIDATION).")
    validation_size: int | None = strawberry.field(description="Items measured on.")
    metrics: RunMetrics | None = strawberry.field(description="Final measures, once it succeeded.")
    class_report: list[ClassMetrics] = strawberry.field(description="Per-label measures, once it succeeded.")
    confusion_matrix: ConfusionMatrix | None = strawberry.field(description="Once it succeeded.")
    mlflow_experiment_id: str | None = strawberry.field(description="The dataset's MLflow experiment.")
    mlflow_run_id: str | None = strawberry.field(description="The MLflow run of the current attempt.")
    model_name: str | None = strawberry.field(description="The registered model (named after the dataset).")
    model_version: str | None = strawberry.field(description="The version it registered, once it succeeded.")
    cancel_requested: bool = strawberry.field(description="Someone asked to cancel it.")

    @strawberry.field(description="Metric points in order (epochs, iterations, folds).")
    async def curves(self, info: Info) -> list[MetricPoint]:
        events = await info.context.services.training.events(str(self.id))
        return [MetricPoint.from_data(e.data) for e in events if e.kind is EventKind.METRIC]

    @strawberry.field(description="Log lines in order.")
    async def logs(self, info: Info) -> list[LogLine]:
        events = await info.context.services.training.events(str(self.id))
        return [
            LogLine(
                at=e.at,
                level=e.data.get("level", "INFO") if e.kind is EventKind.LOG else "INFO",
                message=e.data.get("message", "")
                if e.kind is EventKind.LOG
                else f"{e.data['state']}: {e.data.get('message', '')}",
            )
            for e in events
            if e.kind in (EventKind.LOG, EventKind.STATE)
        ]

    @strawberry.field(description="Every event so far after the cursor (what the subscription replays first).")
    async def events(self, info: Info, after: Annotated[str | None, AFTER_EVENT] = None) -> list[JobEvent]:
        events = await info.context.services.training.events(str(self.id), event_cursor(after))
        return [JobEvent.from_entity(e) for e in events]

    @classmethod
    def from_entity(cls, run: entities.TrainingRun) -> TrainingRun:
        m = run.metrics
        return cls(
            id=strawberry.ID(run.id),
            dataset_id=strawberry.ID(run.dataset_id),
            model_type=catalog.ModelType(run.model_type),
            params=_json(run.params),
            training_set=_json(run.training_filter),
            validation_method=run.validation.method,
            min_agreement=run.min_agreement,
            state=run.state,
            message=run.message,
            attempt=run.attempt,
            created_by=run.created_by,
            created_at=run.created_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
            duration_seconds=run.duration_s,
            item_count=run.item_count,
            item_hash=run.item_hash,
            label_counts=_json(run.label_counts),
            train_size=run.train_size,
            validation_size=run.validation_size,
            metrics=RunMetrics(
                accuracy=m.get("accuracy"),
                macro_f1=m.get("macro_f1"),
                weighted_f1=m.get("weighted_f1"),
                loss=m.get("loss"),
            )
            if m
            else None,
            class_report=[ClassMetrics(**c) for c in run.per_class],
            confusion_matrix=ConfusionMatrix(labels=run.confusion_labels, matrix=run.confusion_matrix)
            if run.confusion_labels
            else None,
            mlflow_experiment_id=run.mlflow_experiment_id,
            mlflow_run_id=run.mlflow_run_id,
            model_name=run.model_name,
            model_version=run.model_version,
            cancel_requested=run.cancel_requested,
        )


@strawberry.type(description="The training run, as it is now.")
class TrainingRunSuccess:
    run: TrainingRun = strawberry.field(description="The run.")


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
    TrainingRunSuccess | DatasetNotFoundError | ValidationError | EmptyTrainingSetError,
    strawberry.union("StartTrainingResult", description="Result of `startTraining`."),
]
CancelTrainingResult = Annotated[
    TrainingRunSuccess | TrainingRunNotFoundError | RunAlreadyFinishedError,
    strawberry.union("CancelTrainingResult", description="Result of `cancelTraining`."),
]


@strawberry.type
class TrainingQuery:
    @strawberry.field(
        **requires(Permission.VIEW_MODELS, "The model types a training can use and their parameters (for forms).")
    )
    def model_types(self, kind: DatasetKind | None = None) -> list[ModelTypeSpec]:
        return [ModelTypeSpec.from_spec(s) for s in catalog.models_for(kind)]

    @strawberry.field(**requires(Permission.VIEW_MODELS, "One training run; null if unknown."))
    async def training_run(self, info: Info, id: strawberry.ID) -> TrainingRun | None:
        try:
            run = await info.context.services.training.get(str(id))
        except TrainingRunNotFound:
            return None
        return TrainingRun.from_entity(run)

    @strawberry.field(**requires(Permission.VIEW_MODELS, "Training runs, newest first, filtered."))
    async def training_runs(
        self,
        info: Info,
        dataset_id: strawberry.ID | None = None,
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
    async def compare_training_runs(self, info: Info, ids: list[strawberry.ID]) -> list[TrainingRun]:
        if len(ids) > MAX_COMPARED:
            raise GraphQLError(f"compare at most {MAX_COMPARED} runs at once", extensions={"code": "BAD_USER_INPUT"})
        runs = await info.context.services.training.get_many([str(i) for i in ids])
        return [TrainingRun.from_entity(r) for r in runs]


@strawberry.type
class TrainingMutation:
    @strawberry.mutation(
        **requires(
            Permission.TRAIN_MODEL,
            "Start a training on the labelled items the filter matches (label: gold, else the majority); "
            "follow it with the `trainingRun` subscription. Invalid parameters come back as field errors.",
        )
    )
    async def start_training(
        self,
        info: Info,
        dataset_id: strawberry.ID,
        model_type: catalog.ModelType,
        params: Annotated[
            strawberry.scalars.JSON | None, strawberry.argument(description="Parameter values; see `modelTypes`.")
        ] = None,
        training_set: Annotated[
            ItemFilter | None, strawberry.argument(description="Which items (the search filter); default: all.")
        ] = None,
        validation: ValidationInput | None = None,
        min_agreement: Annotated[
            float | None,
            strawberry.argument(description="Leave out items whose majority label has a smaller share (0-1)."),
        ] = None,
    ) -> StartTrainingResult:
        if params is not None and not isinstance(params, dict):
            raise GraphQLError("params must be an object of parameter values", extensions={"code": "BAD_USER_INPUT"})
        run = await info.context.services.training.start(
            info.context.require_principal(),
            str(dataset_id),
            model_type.value,
            params,
            filter_entity(training_set),
            (validation or ValidationInput()).to_entity(),
            min_agreement,
        )
        return TrainingRunSuccess(run=TrainingRun.from_entity(run))

    @strawberry.mutation(**requires(Permission.TRAIN_MODEL, "Cancel a queued or running training."))
    async def cancel_training(self, info: Info, run_id: strawberry.ID) -> CancelTrainingResult:
        run = await info.context.services.training.cancel(str(run_id))
        return TrainingRunSuccess(run=TrainingRun.from_entity(run))


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
        self, info: Info, id: strawberry.ID, after: Annotated[str | None, AFTER_EVENT] = None
    ) -> AsyncGenerator[JobEvent, None]:
        cursor = event_cursor(after)
        try:
            events = info.context.services.training.follow(str(id), cursor)
            async for event in events:
                yield JobEvent.from_entity(event)
        except TrainingRunNotFound as exc:
            raise GraphQLError(exc.message, extensions={"code": "NOT_FOUND"}) from exc
