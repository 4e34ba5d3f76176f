"""GraphQL types and operations of models: registry, promotion history, serving, monitoring, batch scoring."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry

from backend.auth.permissions import Permission
from backend.datasets.schema import DatasetNotFoundError
from backend.errors import check_range
from backend.graphql.context import Info
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.permissions import requires
from backend.jobs.schema import Job
from backend.models import entities
from backend.models.feedback import DEFAULT_THRESHOLD, FeedbackLoop
from backend.models.predictions import MAX_WINDOW_MINUTES, MINIMUM_SAMPLE, Monitoring
from backend.models.service import ModelVersionNotFound, NoPreviousVersion
from backend.models.serving import ModelNotFound, NoProductionVersion
from backend.training.schema import TrainingRun


def _json(value: object) -> Any:
    return dict(value) if isinstance(value, dict) else value


strawberry.enum(entities.PromotionAction, name="PromotionAction", description="PROMOTE or ROLLBACK.")
strawberry.enum(
    entities.PredictionSource,
    name="PredictionSource",
    description="Where a prediction came from: PRODUCTION (the default), PLAYGROUND (the SPA's playground) or TEST. "
    "Monitoring counts PRODUCTION only unless asked, and only PRODUCTION feeds the feedback loop.",
)


@strawberry.type(description="A version of a registered model, with where it came from.")
class ModelVersion:
    name: str = strawberry.field(description="The registered model (named after its dataset).")
    version: str = strawberry.field(description="1, 2, …")
    created_at: datetime = strawberry.field(description="When it was registered.")
    aliases: list[str] = strawberry.field(description="MLflow aliases, e.g. production.")
    is_production: bool = strawberry.field(description="Whether serving uses it now.")
    run_id: strawberry.ID | None = strawberry.field(description="The training run that made it.")
    mlflow_run_id: str | None = strawberry.field(description="The MLflow run that logged it.")
    tags: strawberry.scalars.JSON = strawberry.field(description="Its MLflow tags (lineage).")

    @strawberry.field(description="The training run: params, metrics, curves, training set (lineage).")
    async def run(self, info: Info) -> TrainingRun | None:
        run = await info.context.services.models.training_run(str(self.run_id) if self.run_id else None)
        return TrainingRun.from_entity(run) if run else None

    @classmethod
    def from_entity(cls, version: entities.ModelVersion) -> ModelVersion:
        return cls(
            name=version.name,
            version=version.version,
            created_at=version.created_at,
            aliases=list(version.aliases),
            is_production=entities.PRODUCTION in version.aliases,
            run_id=strawberry.ID(version.run_id) if version.run_id else None,
            mlflow_run_id=version.mlflow_run_id,
            tags=_json(version.tags),
        )


@strawberry.type(description="A model in the registry: one per dataset, one version per successful training.")
class RegisteredModel:
    name: str = strawberry.field(description="Its name (the dataset id).")
    production_version: str | None = strawberry.field(description="The version serving uses.")
    latest_version: str | None = strawberry.field(description="The newest version.")
    version_count: int = strawberry.field(description="How many versions.")
    updated_at: datetime | None = strawberry.field(description="Last change.")

    @strawberry.field(description="Its versions, newest first.")
    async def versions(self, info: Info) -> list[ModelVersion]:
        return [ModelVersion.from_entity(v) for v in await info.context.services.models.versions(self.name)]

    @strawberry.field(
        description="The version `rollbackModel` would put back in production; null: there is nothing to roll back to."
    )
    async def rollback_version(self, info: Info) -> str | None:
        return await info.context.services.models.rollback_version(self.name)

    @strawberry.field(description="Its feedback loop as saved with `setFeedbackLoop` (dataset null: off).")
    async def feedback_loop(self, info: Info) -> FeedbackLoopSettings:
        return FeedbackLoopSettings.from_entity(await info.context.services.feedback_loops.get(self.name))


@strawberry.type(description="A change of production version; kept for ever.")
class PromotionEvent:
    id: strawberry.ID = strawberry.field(description="'<model>:<sequence>'.")
    model: str = strawberry.field(description="The registered model.")
    action: entities.PromotionAction = strawberry.field(description="PROMOTE or ROLLBACK.")
    version: str = strawberry.field(description="The version now in production.")
    previous_version: str | None = strawberry.field(description="The one before.")
    actor: str = strawberry.field(description="Who did it.")
    reason: str = strawberry.field(description="Why, in their words.")
    at: datetime = strawberry.field(description="When.")
    run_id: strawberry.ID | None = strawberry.field(description="The training run behind the version.")
    metrics: strawberry.scalars.JSON = strawberry.field(description="Its metrics at that moment.")

    @classmethod
    def from_entity(cls, event: entities.PromotionEvent) -> PromotionEvent:
        return cls(
            id=strawberry.ID(event.id),
            model=event.model,
            action=event.action,
            version=event.version,
            previous_version=event.previous_version,
            actor=event.actor,
            reason=event.reason,
            at=event.at,
            run_id=strawberry.ID(event.run_id) if event.run_id else None,
            metrics=_json(event.metrics),
        )


@strawberry.type(description="A label's probability.")
class LabelProbability:
    label: str = strawberry.field(description="The label.")
    probability: float = strawberry.field(description="0-1.")


@strawberry.type(description="The prediction for one input.")
class PredictionRow:
    label: str = strawberry.field(description="The most probable label.")
    confidence: float = strawberry.field(description="Its probability.")
    entity: strawberry.Private[entities.PredictionRow]

    @strawberry.field(description="Every label's probability.")
    def probabilities(self) -> list[LabelProbability]:
        # made only when asked for: a batch of 1,000 rows need not build 1,000 lists nobody reads
        return [LabelProbability(label=k, probability=p) for k, p in self.entity.probabilities]


@strawberry.type(description="Predictions of the production model, in the order of the inputs.")
class Prediction:
    model: str = strawberry.field(description="The registered model.")
    version: str = strawberry.field(description="The version that answered.")
    replica: str = strawberry.field(description="The API replica that answered.")
    latency_ms: float = strawberry.field(description="Time to validate and predict, in milliseconds.")
    rows: list[PredictionRow] = strawberry.field(description="One per input.")

    @classmethod
    def from_entity(cls, batch: entities.PredictionBatch) -> Prediction:
        return cls(
            model=batch.model,
            version=batch.version,
            replica=batch.replica,
            latency_ms=batch.latency_ms,
            rows=[PredictionRow(label=r.label, confidence=r.confidence, entity=r) for r in batch.rows],
        )


@strawberry.type(description="A count in a time bucket.")
class TimeCount:
    at: datetime = strawberry.field(description="Start of the minute.")
    count: int = strawberry.field(description="Predictions.")


@strawberry.type(description="A count per value.")
class ValueCount:
    value: str = strawberry.field(description="The label, version or histogram bucket start.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="How a model is used and whether its predictions drift from its training data.")
class ModelMonitoring:
    model: str = strawberry.field(description="The registered model.")
    version: str | None = strawberry.field(description="One version, or null for all.")
    since: datetime = strawberry.field(description="Start of the window.")
    total: int = strawberry.field(description="Predictions in the window.")
    per_minute: list[TimeCount] = strawberry.field(description="Predictions per minute.")
    latency_p50_ms: float | None = strawberry.field(description="Median latency per row.")
    latency_p95_ms: float | None = strawberry.field(description="95th percentile latency per row.")
    latency_p99_ms: float | None = strawberry.field(description="99th percentile latency per row.")
    confidence_histogram: list[ValueCount] = strawberry.field(description="Confidence in buckets of 0.1.")
    labels: list[ValueCount] = strawberry.field(description="Predicted labels.")
    training_labels: list[ValueCount] = strawberry.field(description="Labels of the training set of the version.")
    psi: float | None = strawberry.field(
        description="Population stability index, predicted vs training labels; null below `minimumSample`."
    )
    jensen_shannon: float | None = strawberry.field(
        description="Jensen-Shannon divergence (bits), same pair; null below `minimumSample`."
    )
    versions: list[ValueCount] = strawberry.field(description="Predictions per version in the window.")
    sources: list[entities.PredictionSource] = strawberry.field(description="The traffic these figures count.")
    by_source: list[ValueCount] = strawberry.field(
        description="Predictions per source in the window, counted or not (e.g. how much playground traffic is left "
        "out)."
    )
    minimum_sample: int = strawberry.field(
        description=f"Predictions a window needs for a drift score ({MINIMUM_SAMPLE}, docs/models.md)."
    )
    enough_data: bool = strawberry.field(
        description="Whether `total` reaches `minimumSample`; when false, `psi` and `jensenShannon` are null: "
        "say 'not enough predictions yet' rather than judge drift."
    )

    @classmethod
    def from_entity(cls, m: Monitoring) -> ModelMonitoring:
        return cls(
            model=m.model,
            version=m.version,
            since=m.since,
            total=m.total,
            per_minute=[TimeCount(at=at, count=c) for at, c in m.per_minute],
            latency_p50_ms=m.latency_p50,
            latency_p95_ms=m.latency_p95,
            latency_p99_ms=m.latency_p99,
            confidence_histogram=[ValueCount(value=f"{k:.1f}", count=c) for k, c in m.confidence_histogram],
            labels=[ValueCount(value=k, count=c) for k, c in m.labels],
            training_labels=[ValueCount(value=k, count=c) for k, c in sorted(m.training_labels.items())],
            psi=m.psi,
            jensen_shannon=m.jensen_shannon,
            versions=[ValueCount(value=k, count=c) for k, c in m.versions],
            sources=list(m.sources),
            by_source=[ValueCount(value=k, count=c) for k, c in m.by_source],
            minimum_sample=MINIMUM_SAMPLE,
            enough_data=m.enough_data,
        )


@strawberry.type(description="What one API replica serves.")
class ServedModel:
    replica: str = strawberry.field(description="The replica that answered.")
    model: str = strawberry.field(description="The registered model.")
    version: str = strawberry.field(description="The version in its memory.")


@maps_error(ModelNotFound)
@strawberry.type(description="No registered model has that name.")
class ModelNotFoundError(Error):
    pass


@maps_error(ModelVersionNotFound)
@strawberry.type(description="The model has no such version.")
class ModelVersionNotFoundError(Error):
    pass


@maps_error(NoProductionVersion)
@strawberry.type(description="The model has no production version yet.")
class NoProductionVersionError(Error):
    pass


@maps_error(NoPreviousVersion)
@strawberry.type(description="There is no earlier production version to roll back to.")
class NoPreviousVersionError(Error):
    pass


@strawberry.type(description="The promotion or rollback, as recorded.")
class PromotionSuccess:
    event: PromotionEvent = strawberry.field(description="The history entry.")


@strawberry.type(description="The batch-scoring job.")
class ScoringJobSuccess:
    job: Job = strawberry.field(description="Follow it with `jobProgress`.")


@strawberry.type(description="The feedback loop as set.")
class FeedbackLoopSuccess:
    model: str = strawberry.field(description="The model.")
    dataset_id: strawberry.ID | None = strawberry.field(description="Where doubtful predictions go (null: off).")
    threshold: float = strawberry.field(description="Predictions below this confidence are queued.")


@strawberry.type(description="A model's feedback loop: where its doubtful production predictions go.")
class FeedbackLoopSettings:
    model: str = strawberry.field(description="The model.")
    dataset_id: strawberry.ID | None = strawberry.field(description="Where doubtful predictions go (null: off).")
    threshold: float = strawberry.field(description="Predictions below this confidence are queued.")

    @classmethod
    def from_entity(cls, loop: FeedbackLoop) -> FeedbackLoopSettings:
        dataset_id = strawberry.ID(loop.dataset_id) if loop.dataset_id else None
        return cls(model=loop.model, dataset_id=dataset_id, threshold=loop.threshold)


PredictResult = Annotated[
    Prediction | ModelNotFoundError | NoProductionVersionError | ValidationError,
    strawberry.union("PredictResult", description="Result of `predict`."),
]
PromotionResult = Annotated[
    PromotionSuccess | ModelNotFoundError | ModelVersionNotFoundError | NoPreviousVersionError | ValidationError,
    strawberry.union("PromotionResult", description="Result of `promoteModelVersion` and `rollbackModel`."),
]
ScoreDatasetResult = Annotated[
    ScoringJobSuccess | DatasetNotFoundError | ModelNotFoundError | NoProductionVersionError,
    strawberry.union("ScoreDatasetResult", description="Result of `scoreDataset`."),
]
FeedbackLoopResult = Annotated[
    FeedbackLoopSuccess | DatasetNotFoundError | ModelNotFoundError | ValidationError,
    strawberry.union("FeedbackLoopResult", description="Result of `setFeedbackLoop`."),
]


@strawberry.type
class ModelQuery:
    @strawberry.field(**requires(Permission.VIEW_MODELS, "Every registered model (one per trained dataset)."))
    async def registered_models(self, info: Info) -> list[RegisteredModel]:
        models = await info.context.services.models.registered_models()
        return [
            RegisteredModel(
                name=m.name,
                production_version=m.production_version,
                latest_version=m.latest_version,
                version_count=m.version_count,
                updated_at=m.updated_at,
            )
            for m in models
        ]

    @strawberry.field(**requires(Permission.VIEW_MODELS, "One model version with its lineage; null if unknown."))
    async def model_version(self, info: Info, name: str, version: str) -> ModelVersion | None:
        found = await info.context.services.models.version(name, version)
        return ModelVersion.from_entity(found) if found else None

    @strawberry.field(
        **requires(Permission.VIEW_MODELS, "Who promoted or rolled back what, when and why; newest first.")
    )
    async def promotion_history(self, info: Info, name: str) -> list[PromotionEvent]:
        return [PromotionEvent.from_entity(e) for e in await info.context.services.models.history(name)]

    @strawberry.field(
        **requires(
            Permission.PREDICT,
            "Predict with the production version of `model`: one input or a batch (see `maxPredictBatch`). "
            'Text models take strings or {"text": …}; tabular models take objects of their features.',
        )
    )
    async def predict(
        self,
        info: Info,
        model: str,
        inputs: list[strawberry.scalars.JSON],
        traffic: Annotated[
            entities.PredictionSource,
            strawberry.argument(description="PLAYGROUND or TEST traffic: monitoring and the feedback loop skip it."),
        ] = entities.PredictionSource.PRODUCTION,
    ) -> PredictResult:
        # (not `source`: Strawberry's field extensions take an argument of that name)
        batch = await info.context.services.model_server.predict(model, inputs, traffic)
        return Prediction.from_entity(batch)

    @strawberry.field(**requires(Permission.PREDICT, "The largest batch `predict` accepts."))
    def max_predict_batch(self, info: Info) -> int:
        return info.context.services.settings.max_predict_batch

    @strawberry.field(**requires(Permission.VIEW_MODELS, "The models the replica answering this serves, and versions."))
    def served_models(self, info: Info) -> list[ServedModel]:
        server = info.context.services.model_server
        return [ServedModel(replica=server.replica, model=m, version=v) for m, v in sorted(server.serving().items())]

    @strawberry.field(
        **requires(
            Permission.VIEW_MODELS,
            "Predictions of a model over the last `minutes`: rate, latency, confidence, labels, drift against the "
            "training labels of `version` (default: the production version).",
        )
    )
    async def model_monitoring(
        self,
        info: Info,
        name: str,
        version: str | None = None,
        minutes: Annotated[int, strawberry.argument(description="Window, 1 minute to 7 days.")] = 60,
        sources: Annotated[
            list[entities.PredictionSource] | None,
            strawberry.argument(description="The traffic to count (default: PRODUCTION only)."),
        ] = None,
    ) -> ModelMonitoring:
        check_range("minutes", minutes, 1, MAX_WINDOW_MINUTES, f"give a window of 1 to {MAX_WINDOW_MINUTES} minutes")
        counted = sources or [entities.PredictionSource.PRODUCTION]
        return ModelMonitoring.from_entity(
            await info.context.services.models.monitoring(name, version, minutes, counted)
        )

    @strawberry.field(
        **requires(Permission.VIEW_MODELS, "The feedback loop of `model` as set (off: `datasetId` null).")
    )
    async def feedback_loop(self, info: Info, model: str) -> FeedbackLoopSettings:
        return FeedbackLoopSettings.from_entity(await info.context.services.feedback_loops.get(model))


@strawberry.type
class ModelMutation:
    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Make a version the production one (MLflow alias `production`), with a reason kept in the history; "
            "every replica serves it within seconds.",
        )
    )
    async def promote_model_version(self, info: Info, name: str, version: str, reason: str) -> PromotionResult:
        event = await info.context.services.models.promote(info.context.require_principal(), name, version, reason)
        return PromotionSuccess(event=PromotionEvent.from_entity(event))

    @strawberry.mutation(
        **requires(Permission.PROMOTE_MODEL, "Return to the previous production version, with a reason.")
    )
    async def rollback_model(self, info: Info, name: str, reason: str) -> PromotionResult:
        event = await info.context.services.models.rollback(info.context.require_principal(), name, reason)
        return PromotionSuccess(event=PromotionEvent.from_entity(event))

    @strawberry.mutation(
        **requires(
            Permission.TRAIN_MODEL,
            "Score the dataset's unlabelled items with the production model (default: the dataset's own): each "
            "gets a suggestion and an uncertainty, for the workspace and the UNCERTAINTY queue.",
        )
    )
    async def score_dataset(
        self, info: Info, dataset_id: strawberry.ID, model: str | None = None
    ) -> ScoreDatasetResult:
        job = await info.context.services.scoring.submit(info.context.require_principal(), str(dataset_id), model)
        return ScoringJobSuccess(job=Job.from_entity(job))

    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Queue production predictions of `model` below `threshold` confidence as items of a dataset, for "
            "annotation (null dataset: off). The dataset must have every label the model predicts, and its kind. "
            "Read it back with `feedbackLoop`.",
        )
    )
    async def set_feedback_loop(
        self, info: Info, model: str, dataset_id: strawberry.ID | None, threshold: float = DEFAULT_THRESHOLD
    ) -> FeedbackLoopResult:
        loop = await info.context.services.feedback_loops.set(model, str(dataset_id) if dataset_id else None, threshold)
        dataset = strawberry.ID(loop.dataset_id) if loop.dataset_id else None
        return FeedbackLoopSuccess(model=loop.model, dataset_id=dataset, threshold=loop.threshold)
