"""GraphQL types of trainings: model types and their parameters, runs, metrics, logs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

import strawberry

from backend.datasets.entities import DatasetKind, TaskType
from backend.graphql.context import Info
from backend.graphql.enums import described_enum
from backend.jobs.entities import EventKind, JobState
from backend.jobs.schema import AFTER_EVENT, JobEvent, MetricPoint, event_cursor
from backend.training import catalog, entities

described_enum(
    catalog.ModelType,
    name="ModelType",
    description="A model a training can fit.",
    values={
        t: f"{spec.kind.value.title()} datasets: {spec.title}. {spec.description}"
        for t, spec in catalog.CATALOG.items()
    },
)
described_enum(
    catalog.ParamType,
    name="ParamType",
    description="The type of a model parameter.",
    values={
        catalog.ParamType.INT: "A whole number between `minimum` and `maximum`.",
        catalog.ParamType.FLOAT: "A number between `minimum` and `maximum`.",
        catalog.ParamType.BOOL: "True or false.",
        catalog.ParamType.CHOICE: "One of `choices`.",
    },
)
described_enum(
    entities.ValidationMethod,
    name="ValidationMethod",
    description="HOLDOUT: fit on a part, measure on the rest. CROSS_VALIDATION: k folds, then fit on all.",
    values={
        entities.ValidationMethod.HOLDOUT: "Fit on a part, measure on the rest (`testFraction`).",
        entities.ValidationMethod.CROSS_VALIDATION: (
            "Measure on k folds in turn, then fit the registered model on all items."
        ),
    },
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
    title: str = strawberry.field(description="A human name for the model type, for forms and tables.")
    description: str = strawberry.field(description="When to use it.")
    curve: str = strawberry.field(description="What one metric point is: epoch, iteration, trees, or fit.")
    params: list[ParamSpec] = strawberry.field(description="Its parameters, with their types, ranges and defaults.")
    task_types: list[TaskType] = strawberry.field(
        description="The dataset task types it trains: classifiers fit MULTI_LABEL one-vs-rest (one per label)."
    )

    @classmethod
    def from_spec(cls, spec: catalog.ModelSpec) -> ModelTypeSpec:
        return cls(
            type=spec.type,
            kind=spec.kind,
            task_types=list(spec.task_types),
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
    method: entities.ValidationMethod = strawberry.field(
        default=entities.ValidationMethod.HOLDOUT,
        description="How the run measures itself: a hold-out split or k-fold cross-validation.",
    )
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
    loss: float | None = strawberry.field(
        description="Log loss on the validation items (lower is better); MULTI_LABEL: the mean binary log loss."
    )
    micro_f1: float | None = strawberry.field(
        description="MULTI_LABEL: F1 of every label's decisions pooled (true / false positives and negatives)."
    )
    hamming_loss: float | None = strawberry.field(description="MULTI_LABEL: share of wrong item-label decisions.")
    precision: float | None = strawberry.field(
        default=None,
        description="Span models: of the spans predicted, the share that are exactly a true span (same start, end "
        "and label), over every span (micro-averaged).",
    )
    recall: float | None = strawberry.field(
        default=None, description="Span models: of the true spans, the share predicted exactly (micro-averaged)."
    )
    f1: float | None = strawberry.field(
        default=None, description="Span models: entity-level F1, harmonic mean of `precision` and `recall`."
    )


@strawberry.type(description="Precision, recall and F1 of one label.")
class ClassMetrics:
    label: str = strawberry.field(description="The label these figures are about.")
    precision: float = strawberry.field(description="Of the items predicted so, the share that are.")
    recall: float = strawberry.field(description="Of the items that are so, the share predicted.")
    f1: float = strawberry.field(description="Harmonic mean of precision and recall.")
    support: int = strawberry.field(description="Held-out items with this label.")


@strawberry.type(
    description="MULTI_LABEL: one label's threshold and its decisions on the held-out items (the label-wise "
    "confusion summary)."
)
class LabelOutcome:
    label: str = strawberry.field(description="The label these figures are about.")
    threshold: float = strawberry.field(
        description="The label is predicted when its score is at least this; chosen on the held-out items to "
        "maximise the label's F1 (docs/training.md)."
    )
    true_positives: int = strawberry.field(description="Held-out items with the label, predicted with it.")
    false_positives: int = strawberry.field(description="Held-out items without the label, predicted with it.")
    false_negatives: int = strawberry.field(description="Held-out items with the label, predicted without it.")
    true_negatives: int = strawberry.field(description="Held-out items without the label, predicted without it.")

    @classmethod
    def from_dict(cls, outcome: dict[str, Any]) -> LabelOutcome:
        return cls(
            label=outcome["label"],
            threshold=outcome["threshold"],
            true_positives=outcome["tp"],
            false_positives=outcome["fp"],
            false_negatives=outcome["fn"],
            true_negatives=outcome["tn"],
        )


@strawberry.type(description="Rows: true label; columns: predicted label; both in `labels` order.")
class ConfusionMatrix:
    labels: list[str] = strawberry.field(description="Row and column order.")
    matrix: list[list[int]] = strawberry.field(
        description="Counts: row i, column j is how many items of label i were predicted as label j."
    )


@strawberry.type(description="A log line of a training.")
class LogLine:
    at: datetime = strawberry.field(description="When the line was written.")
    level: str = strawberry.field(description="INFO, WARNING or ERROR.")
    message: str = strawberry.field(description="What happened, in a sentence.")


@strawberry.type(description="A training: what it fits on which items, where it is, and what it produced.")
class TrainingRun:
    id: strawberry.ID = strawberry.field(description="Stable id (also tagged on the MLflow run and model version).")
    dataset_id: strawberry.ID = strawberry.field(description="The dataset it trains on.")
    model_type: catalog.ModelType = strawberry.field(description="The model type the run fits.")
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
    item_hash: str | None = strawberry.field(
        description="The same value as `dataHash`: it covers ids, labels used and content, not the ids alone."
    )
    data_hash: str | None = strawberry.field(
        description="SHA-256 over the frozen items (id, label used, content hash each): equal hashes, equal data."
    )
    label_rule: str = strawberry.field(description="The LabelRule that chose each item's label.")
    training_set_id: strawberry.ID | None = strawberry.field(description="The saved training set it started from.")
    training_set_name: str | None = strawberry.field(description="That set's name when the run started.")
    training_set_definition: strawberry.scalars.JSON | None = strawberry.field(
        description="That set as it was when the run started: name, filter, label rule, minimum agreement."
    )
    label_counts: strawberry.scalars.JSON = strawberry.field(description="Items per label in the training set.")
    train_size: int | None = strawberry.field(description="Items fitted on (HOLDOUT) or all (CROSS_VALIDATION).")
    validation_size: int | None = strawberry.field(description="Items measured on.")
    metrics: RunMetrics | None = strawberry.field(description="Final measures, once it succeeded.")
    class_report: list[ClassMetrics] = strawberry.field(description="Per-label measures, once it succeeded.")
    confusion_matrix: ConfusionMatrix | None = strawberry.field(description="Once it succeeded.")
    label_outcomes: list[LabelOutcome] = strawberry.field(
        description="MULTI_LABEL, once it succeeded: each label's threshold and held-out true / false positives and "
        "negatives (empty for other task types)."
    )
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
            data_hash=run.item_hash,
            label_rule=run.label_rule,
            training_set_id=strawberry.ID(run.training_set_id) if run.training_set_id else None,
            training_set_name=(run.training_set or {}).get("name"),
            training_set_definition=_json(run.training_set) if run.training_set else None,
            label_counts=_json(run.label_counts),
            train_size=run.train_size,
            validation_size=run.validation_size,
            metrics=RunMetrics(
                accuracy=m.get("accuracy"),
                macro_f1=m.get("macro_f1"),
                weighted_f1=m.get("weighted_f1"),
                loss=m.get("loss"),
                micro_f1=m.get("micro_f1"),
                hamming_loss=m.get("hamming_loss"),
                precision=m.get("precision"),
                recall=m.get("recall"),
                f1=m.get("f1"),
            )
            if m
            else None,
            class_report=[ClassMetrics(**c) for c in run.per_class],
            confusion_matrix=ConfusionMatrix(labels=run.confusion_labels, matrix=run.confusion_matrix)
            if run.confusion_labels
            else None,
            label_outcomes=[LabelOutcome.from_dict(o) for o in run.label_outcomes],
            mlflow_experiment_id=run.mlflow_experiment_id,
            mlflow_run_id=run.mlflow_run_id,
            model_name=run.model_name,
            model_version=run.model_version,
            cancel_requested=run.cancel_requested,
        )
