"""GraphQL types of the model registry, predictions and monitoring."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry

from backend.graphql.context import Info
from backend.graphql.enums import described_enum
from backend.graphql.pagination import Connection
from backend.items.schema.types import LabelScore, Span, spans_of
from backend.models import entities
from backend.models.evaluation_entities import EvaluationMetrics
from backend.models.feedback import FeedbackLoop
from backend.models.predictions import MINIMUM_SAMPLE, Monitoring
from backend.training.schema.types import TrainingRun


def _json(value: object) -> Any:
    return dict(value) if isinstance(value, dict) else value


described_enum(
    entities.PromotionAction,
    name="PromotionAction",
    description="PROMOTE or ROLLBACK.",
    values={
        entities.PromotionAction.PROMOTE: "A version was put in production.",
        entities.PromotionAction.ROLLBACK: "Production went back to the version before.",
    },
)
described_enum(
    entities.PredictionSource,
    name="PredictionSource",
    description="Where a prediction came from: PRODUCTION (the default), PLAYGROUND (the SPA's playground) or TEST. "
    "Monitoring counts PRODUCTION only unless asked, and only PRODUCTION feeds the feedback loop.",
    values={
        entities.PredictionSource.PRODUCTION: (
            "Calls from applications; the only traffic monitoring counts by default and the feedback loop reads."
        ),
        entities.PredictionSource.PLAYGROUND: "The SPA's playground page, trying the model by hand.",
        entities.PredictionSource.TEST: "Tests, smoke checks and notebooks trying the model.",
        entities.PredictionSource.PINNED: (
            "An ADMIN's `predict` naming a version or an alias; logged with that version, not counted as production."
        ),
        entities.PredictionSource.SHADOW: (
            "The challenger scoring a share of production calls (`setShadowTraffic`); logged, never returned."
        ),
    },
)


@strawberry.type(description="A version of a registered model, with where it came from.")
class ModelVersion:
    name: str = strawberry.field(description="The registered model (named after its dataset).")
    version: str = strawberry.field(description="1, 2, …")
    created_at: datetime = strawberry.field(description="When it was registered.")
    aliases: list[str] = strawberry.field(
        description="Its aliases: production (see `promoteModelVersion`) and named ones such as challenger "
        "(see `setModelAlias`)."
    )
    is_production: bool = strawberry.field(description="Whether serving uses it now.")
    run_id: strawberry.ID | None = strawberry.field(description="The training run that made it.")
    mlflow_run_id: str | None = strawberry.field(description="The MLflow run that logged it.")
    tags: strawberry.scalars.JSON = strawberry.field(description="Its MLflow tags (lineage).")

    @strawberry.field(
        description="Its metrics on its dataset's evaluation set (next to the run's hold-out metrics); null until "
        "a promotion job scored it."
    )
    async def evaluation(self, info: Info) -> VersionEvaluation | None:
        found = await info.context.services.evaluation_sets.metrics(self.name, self.version)
        return VersionEvaluation.from_entity(found) if found else None

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


@strawberry.type(description="A label's recall on the evaluation set.")
class LabelRecall:
    label: str = strawberry.field(description="A label of the evaluation set.")
    recall: float = strawberry.field(description="The share of its items the version labelled so, 0 to 1.")


@strawberry.type(description="A version's metrics on its dataset's evaluation set.")
class VersionEvaluation:
    dataset_id: strawberry.ID = strawberry.field(description="The dataset whose evaluation set scored it.")
    generation: int = strawberry.field(description="Which freeze of the evaluation set (1, 2, …).")
    item_count: int = strawberry.field(description="How many evaluation items were scored.")
    accuracy: float = strawberry.field(description="Share of items labelled right, 0 to 1.")
    macro_f1: float = strawberry.field(description="Mean F1 over the labels, 0 to 1.")
    recall: list[LabelRecall] = strawberry.field(description="Recall per label, by label.")
    evaluated_at: datetime = strawberry.field(description="When it was scored.")

    @classmethod
    def from_entity(cls, m: EvaluationMetrics) -> VersionEvaluation:
        return cls(
            dataset_id=strawberry.ID(m.dataset_id),
            generation=m.generation,
            item_count=m.item_count,
            accuracy=m.accuracy,
            macro_f1=m.macro_f1,
            recall=[LabelRecall(label=k, recall=v) for k, v in sorted(m.recall.items())],
            evaluated_at=m.evaluated_at,
        )


@strawberry.type(description="A model in the registry: one per dataset, one version per successful training.")
class RegisteredModel:
    name: str = strawberry.field(description="Its name (the dataset id).")
    production_version: str | None = strawberry.field(description="The version serving uses.")
    latest_version: str | None = strawberry.field(description="The newest version.")
    version_count: int = strawberry.field(description="How many versions.")
    updated_at: datetime | None = strawberry.field(description="When MLflow's registry last changed this model.")

    @strawberry.field(description="Its versions, newest first, a page at a time.")
    async def versions(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[ModelVersion]:
        page = await info.context.services.aliases.versions(self.name, first, after)
        return Connection.of(page, ModelVersion.from_entity)

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
    id: strawberry.ID = strawberry.field(description="Stable id of the event, `<model>:<sequence>`.")
    model: str = strawberry.field(description="The registered model.")
    action: entities.PromotionAction = strawberry.field(description="PROMOTE or ROLLBACK.")
    version: str = strawberry.field(description="The version now in production.")
    previous_version: str | None = strawberry.field(description="The one before.")
    actor: str = strawberry.field(description="Who did it.")
    reason: str = strawberry.field(description="Why, in their words.")
    at: datetime = strawberry.field(description="When the promotion or rollback happened.")
    run_id: strawberry.ID | None = strawberry.field(description="The training run behind the version.")
    metrics: strawberry.scalars.JSON = strawberry.field(description="Its metrics at that moment.")
    gate: strawberry.scalars.JSON | None = strawberry.field(
        description="The promotion gate's verdict: passed, note, failures, both versions' evaluation-set figures "
        "(null for a rollback)."
    )
    override_reason: str | None = strawberry.field(
        description="Set when an ADMIN accepted a proposal whose gate failed: why (recorded for ever)."
    )
    job_id: strawberry.ID | None = strawberry.field(description="The PROMOTION job that made the change.")

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
            gate=_json(event.gate) if event.gate is not None else None,
            override_reason=event.override_reason,
            job_id=strawberry.ID(event.job_id) if event.job_id else None,
        )


@strawberry.type(description="A label's probability.")
class LabelProbability:
    label: str = strawberry.field(description="One of the model's labels.")
    probability: float = strawberry.field(description="The model's probability for that label, 0 to 1.")


@strawberry.type(description="The prediction for one input.")
class PredictionRow:
    label: str = strawberry.field(description="The most probable label.")
    confidence: float = strawberry.field(description="The probability of the predicted label, 0 to 1.")
    entity: strawberry.Private[entities.PredictionRow]

    @strawberry.field(
        description="MULTI_LABEL models: the labels whose score reaches their threshold, with scores (`label` is "
        "then the set's key, e.g. 'billing+bug' or '(none)', and `confidence` the lowest confidence of the row's "
        "decisions); null for single-label models."
    )
    def labels(self) -> list[LabelScore] | None:
        chosen = self.entity.labels
        return None if chosen is None else [LabelScore(label=s.label, score=s.score) for s in chosen]

    @strawberry.field(description="Every label's probability (MULTI_LABEL: each label's own score).")
    def probabilities(self) -> list[LabelProbability]:
        # made only when asked for: a batch of 1,000 rows need not build 1,000 lists nobody reads
        return [LabelProbability(label=k, probability=p) for k, p in self.entity.probabilities]

    @strawberry.field(
        description="Span models (SPANS datasets): the spans found in the input text, by start, with offsets in "
        "Unicode code points and a score (the lowest probability among the span's tokens); `label` is then their "
        "key. Empty for classifiers."
    )
    def spans(self) -> list[Span]:
        return spans_of(self.entity.text, self.entity.spans)


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
    count: int = strawberry.field(description="How many predictions were made in that minute.")


@strawberry.type(description="A count per value.")
class ValueCount:
    value: str = strawberry.field(description="The label, version or histogram bucket start.")
    count: int = strawberry.field(description="How many predictions fall in that bucket or have that value.")


@strawberry.type(description="A multi-label model: how often one label is in the predicted sets, against training.")
class LabelRateFigure:
    label: str = strawberry.field(description="The label these rates are about.")
    count: int = strawberry.field(description="Predictions in the window whose set contains the label.")
    rate: float = strawberry.field(description="That count over the predictions in the window, 0 to 1.")
    training_rate: float | None = strawberry.field(
        description="The share of the version's training items whose set contains the label."
    )
    psi: float | None = strawberry.field(
        description="Drift of the rate: PSI of in / out of the set, predictions vs training; null below "
        "`minimumSample`."
    )
    jensen_shannon: float | None = strawberry.field(description="Jensen-Shannon divergence (bits), same pair.")


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
    labels: list[ValueCount] = strawberry.field(description="How many predictions gave each label in the window.")
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
    label_rates: list[LabelRateFigure] = strawberry.field(
        description="Multi-label and span models: per label, the share of predictions using it (in the set, or as "
        "the label of at least one span), its training share and the drift between them (`psi` and `jensenShannon` "
        "are then the largest label's); empty otherwise."
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
            label_rates=[
                LabelRateFigure(
                    label=r.label,
                    count=r.count,
                    rate=r.rate,
                    training_rate=r.training_rate,
                    psi=r.psi,
                    jensen_shannon=r.jensen_shannon,
                )
                for r in m.label_rates
            ],
        )


@strawberry.type(description="What one API replica serves.")
class ServedModel:
    replica: str = strawberry.field(description="The replica that answered.")
    model: str = strawberry.field(description="The registered model.")
    version: str = strawberry.field(description="The version in its memory.")


described_enum(
    entities.PromotionMode,
    name="PromotionMode",
    description="What promotion does with a new candidate version.",
    values={
        entities.PromotionMode.AUTO: "Promote it when the gate passes; otherwise leave a proposal for an ADMIN.",
        entities.PromotionMode.PROPOSE: "Never promote by itself: always leave a proposal for an ADMIN to decide.",
    },
)


@strawberry.type(description="A model's feedback loop: where its doubtful production predictions go.")
class FeedbackLoopSettings:
    model: str = strawberry.field(description="The registered model the settings are for.")
    dataset_id: strawberry.ID | None = strawberry.field(description="Where doubtful predictions go (null: off).")
    threshold: float = strawberry.field(description="Predictions below this confidence are queued.")

    @classmethod
    def from_entity(cls, loop: FeedbackLoop) -> FeedbackLoopSettings:
        dataset_id = strawberry.ID(loop.dataset_id) if loop.dataset_id else None
        return cls(model=loop.model, dataset_id=dataset_id, threshold=loop.threshold)
