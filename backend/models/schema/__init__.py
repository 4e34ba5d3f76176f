"""GraphQL types and operations of models: registry, promotion history, serving, monitoring, batch scoring."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.auth.permissions import Permission
from backend.datasets.schema import DatasetNotFoundError
from backend.errors import check_range
from backend.graphql.context import Info
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.pagination import Connection
from backend.graphql.permissions import requires
from backend.jobs.schema import Job
from backend.models import entities
from backend.models.entities import PromotionMode
from backend.models.feedback import DEFAULT_THRESHOLD
from backend.models.predictions import MAX_WINDOW_MINUTES
from backend.models.schema.alias_errors import AliasNotSetError, PinnedPredictionForbiddenError
from backend.models.schema.promotion import PromotionJobSuccess
from backend.models.schema.types import (
    FeedbackLoopSettings,
    ModelMonitoring,
    ModelVersion,
    Prediction,
    PromotionEvent,
    RegisteredModel,
    ServedModel,
)
from backend.models.service import ModelVersionNotFound, NoPreviousVersion
from backend.models.serving import ModelNotFound, NoProductionVersion
from backend.pages import page_of


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


@strawberry.type(description="The batch-scoring job.")
class ScoringJobSuccess:
    job: Job = strawberry.field(description="Follow it with `jobProgress`.")


@strawberry.type(description="The feedback loop as set.")
class FeedbackLoopSuccess:
    model: str = strawberry.field(description="The registered model whose loop was set.")
    dataset_id: strawberry.ID | None = strawberry.field(description="Where doubtful predictions go (null: off).")
    threshold: float = strawberry.field(description="Predictions below this confidence are queued.")


PredictResult = Annotated[
    Prediction
    | ModelNotFoundError
    | NoProductionVersionError
    | ModelVersionNotFoundError
    | AliasNotSetError
    | PinnedPredictionForbiddenError
    | ValidationError,
    strawberry.union("PredictResult", description="Result of `predict`."),
]
PromotionResult = Annotated[
    PromotionJobSuccess | ModelNotFoundError | ModelVersionNotFoundError | NoPreviousVersionError | ValidationError,
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
    @strawberry.field(
        **requires(
            Permission.VIEW_MODELS, "The registered models (one per trained dataset), by name, a page at a time."
        )
    )
    async def registered_models(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[RegisteredModel]:
        page = await info.context.services.models.registered_models(first, after)
        return Connection.of(
            page,
            lambda m: RegisteredModel(
                name=m.name,
                production_version=m.production_version,
                latest_version=m.latest_version,
                version_count=m.version_count,
                updated_at=m.updated_at,
            ),
        )

    @strawberry.field(**requires(Permission.VIEW_MODELS, "One model version with its lineage; null if unknown."))
    async def model_version(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="The registered model's name in MLflow's registry.")],
        version: Annotated[
            str, strawberry.argument(description="The version number, as MLflow's registry numbers them (1, 2, …).")
        ],
    ) -> ModelVersion | None:
        found = await info.context.services.aliases.version(name, version)
        return ModelVersion.from_entity(found) if found else None

    @strawberry.field(
        **requires(Permission.VIEW_MODELS, "Who promoted or rolled back what, when and why; newest first.")
    )
    async def promotion_history(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="The registered model whose history to read.")],
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[PromotionEvent]:
        page = await info.context.services.models.history(name, first, after)
        return Connection.of(page, PromotionEvent.from_entity)

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
        model: Annotated[
            str, strawberry.argument(description="The registered model's name; its `production` version answers.")
        ],
        inputs: Annotated[
            list[strawberry.scalars.JSON],
            strawberry.argument(
                description=(
                    "One JSON value per row: a string for a text model, an object of feature → number for a tabular "
                    "one."
                )
            ),
        ],
        traffic: Annotated[
            entities.PredictionSource,
            strawberry.argument(description="PLAYGROUND or TEST traffic: monitoring and the feedback loop skip it."),
        ] = entities.PredictionSource.PRODUCTION,
        version: Annotated[
            str | None,
            strawberry.argument(
                description="ADMIN only: predict with this version instead of production (logged as PINNED traffic)."
            ),
        ] = None,
        alias: Annotated[
            str | None,
            strawberry.argument(
                description="ADMIN only: predict with the version this alias (e.g. challenger) points to, as PINNED."
            ),
        ] = None,
    ) -> PredictResult:
        # (not `source`: Strawberry's field extensions take an argument of that name)
        principal = info.context.require_principal()
        batch = await info.context.services.predictor.predict(principal, model, inputs, traffic, version, alias)
        return Prediction.from_entity(batch)

    @strawberry.field(**requires(Permission.PREDICT, "The largest batch `predict` accepts."))
    def max_predict_batch(self, info: Info) -> int:
        return info.context.services.settings.max_predict_batch

    @strawberry.field(
        **requires(
            Permission.VIEW_MODELS,
            "The models the replica answering this serves, and versions, by model name, a page at a time.",
        )
    )
    def served_models(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[ServedModel]:
        server = info.context.services.model_server
        page = page_of(sorted(server.serving().items()), first, after)
        return Connection.of(
            page, lambda served: ServedModel(replica=server.replica, model=served[0], version=served[1])
        )

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
        name: Annotated[str, strawberry.argument(description="The registered model whose predictions are summarised.")],
        version: Annotated[
            str | None,
            strawberry.argument(
                description="Only this version's predictions; null summarises the version in production now."
            ),
        ] = None,
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
    async def feedback_loop(
        self,
        info: Info,
        model: Annotated[
            str, strawberry.argument(description="The registered model whose feedback loop settings are read.")
        ],
    ) -> FeedbackLoopSettings:
        return FeedbackLoopSettings.from_entity(await info.context.services.feedback_loops.get(model))


@strawberry.type
class ModelMutation:
    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Queue a PROMOTION job: it scores the version and production on the evaluation set, applies the "
            "model's gate, then promotes (every replica serves it within seconds, batch scoring follows) or leaves "
            "a proposal; the reason is kept in the history.",
        )
    )
    async def promote_model_version(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="The registered model.")],
        version: Annotated[str, strawberry.argument(description="The version that serves `predict` from now on.")],
        reason: Annotated[
            str, strawberry.argument(description="Why, in a sentence; it is recorded in the promotion history.")
        ],
        mode: Annotated[
            PromotionMode, strawberry.argument(description="AUTO promotes if the gate passes; PROPOSE only proposes.")
        ] = PromotionMode.AUTO,
    ) -> PromotionResult:
        actor = info.context.require_principal().user.username
        job = await info.context.services.promotions.submit(actor, name, version, reason, mode=mode)
        return PromotionJobSuccess(job=Job.from_entity(job))

    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Queue a PROMOTION job that returns to the previous production version (no gate), with a reason.",
        )
    )
    async def rollback_model(
        self,
        info: Info,
        name: Annotated[
            str, strawberry.argument(description="The registered model whose previous production version serves again.")
        ],
        reason: Annotated[
            str, strawberry.argument(description="Why, in a sentence; it is recorded in the promotion history.")
        ],
    ) -> PromotionResult:
        actor = info.context.require_principal().user.username
        job = await info.context.services.promotions.submit_rollback(actor, name, reason)
        return PromotionJobSuccess(job=Job.from_entity(job))

    @strawberry.mutation(
        **requires(
            Permission.TRAIN_MODEL,
            "Score the dataset's unlabelled items with the production model (default: the dataset's own): each "
            "gets a suggestion and an uncertainty, for the workspace and the UNCERTAINTY queue.",
        )
    )
    async def score_dataset(
        self,
        info: Info,
        dataset_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The dataset whose unlabelled items get a suggestion and an uncertainty."),
        ],
        model: Annotated[
            str | None, strawberry.argument(description="The registered model whose production version scores them.")
        ] = None,
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
        self,
        info: Info,
        model: Annotated[
            str, strawberry.argument(description="The registered model whose production predictions feed the loop.")
        ],
        dataset_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description=(
                    "The dataset that receives its least confident inputs as new items; null turns the loop off."
                )
            ),
        ],
        threshold: Annotated[
            float,
            strawberry.argument(
                description="Inputs predicted with a confidence below this (0 to 1) become items to label."
            ),
        ] = DEFAULT_THRESHOLD,
    ) -> FeedbackLoopResult:
        loop = await info.context.services.feedback_loops.set(model, str(dataset_id) if dataset_id else None, threshold)
        dataset = strawberry.ID(loop.dataset_id) if loop.dataset_id else None
        return FeedbackLoopSuccess(model=loop.model, dataset_id=dataset, threshold=loop.threshold)
