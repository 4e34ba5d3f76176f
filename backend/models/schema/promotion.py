"""GraphQL of promotion jobs, gates, proposals and evaluation sets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.auth.permissions import Permission
from backend.datasets.schema import DatasetNotFoundError
from backend.graphql.context import Info
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.pagination import Connection
from backend.graphql.permissions import requires
from backend.jobs.schema import Job
from backend.models import evaluation_entities, promotion_store
from backend.models.evaluation import NoGoldItems
from backend.models.promotion import ProposalNotOpen
from backend.models.promotion_gate import GateSettings
from backend.models.schema.types import _json


@maps_error(NoGoldItems)
@strawberry.type(description="The dataset has no gold-labelled item to evaluate on.")
class NoGoldItemsError(Error):
    pass


@maps_error(ProposalNotOpen)
@strawberry.type(description="The proposal is unknown, or accepted or declined already.")
class ProposalNotOpenError(Error):
    pass


@strawberry.type(description="A PROMOTION job: follow it with `job` or `jobProgress`; its result says what it did.")
class PromotionJobSuccess:
    job: Job = strawberry.field(description="The queued promotion (or rollback) job.")


@strawberry.type(description="How many evaluation items carry a label.")
class LabelCount:
    label: str = strawberry.field(description="A gold label.")
    count: int = strawberry.field(description="How many items of the set have it.")


@strawberry.type(description="An evaluation set that a later freeze replaced.")
class ReplacedEvaluationSet:
    generation: int = strawberry.field(description="Which freeze it was.")
    size: int = strawberry.field(description="How many items it held.")
    frozen_at: datetime = strawberry.field(description="When it was frozen.")
    frozen_by: str = strawberry.field(description="Who froze it.")
    replaced_at: datetime = strawberry.field(description="When the next freeze replaced it.")
    replaced_by: str = strawberry.field(description="Who replaced it.")


@strawberry.type(description="A dataset's evaluation set: gold-labelled items no training includes.")
class EvaluationSet:
    dataset_id: strawberry.ID = strawberry.field(description="The dataset it was sampled from.")
    generation: int = strawberry.field(description="1 for the first freeze, then one more per refreeze.")
    size: int = strawberry.field(description="How many items it holds.")
    label_counts: list[LabelCount] = strawberry.field(description="Items per gold label, by label.")
    seed: int = strawberry.field(description="The sampling seed.")
    frozen_at: datetime = strawberry.field(description="When it was frozen.")
    frozen_by: str = strawberry.field(description="Who froze it.")
    replaced: list[ReplacedEvaluationSet] = strawberry.field(description="The sets it replaced, oldest first.")

    @classmethod
    def from_entity(cls, e: evaluation_entities.EvaluationSet) -> EvaluationSet:
        return cls(
            dataset_id=strawberry.ID(e.dataset_id),
            generation=e.generation,
            size=e.size,
            label_counts=[LabelCount(label=k, count=v) for k, v in sorted(e.label_counts.items())],
            seed=e.seed,
            frozen_at=e.frozen_at,
            frozen_by=e.frozen_by,
            replaced=[
                ReplacedEvaluationSet(
                    generation=r.generation,
                    size=r.size,
                    frozen_at=r.frozen_at,
                    frozen_by=r.frozen_by,
                    replaced_at=r.replaced_at,
                    replaced_by=r.replaced_by,
                )
                for r in e.replaced
            ],
        )


@strawberry.type(description="The evaluation set as frozen.")
class EvaluationSetSuccess:
    evaluation_set: EvaluationSet = strawberry.field(description="The set now in force.")


@strawberry.type(description="A version left for an ADMIN to accept or decline (the gate failed, or PROPOSE mode).")
class PromotionProposal:
    id: strawberry.ID = strawberry.field(description="The PROMOTION job that left it.")
    model: str = strawberry.field(description="The registered model.")
    version: str = strawberry.field(description="The proposed version.")
    proposed_by: str = strawberry.field(description="Who (or which automation) asked for the promotion.")
    reason: str = strawberry.field(description="Why it was proposed.")
    at: datetime = strawberry.field(description="When it was proposed.")
    gate: strawberry.scalars.JSON = strawberry.field(description="The gate's verdict and figures.")
    status: str = strawberry.field(description="OPEN, ACCEPTED or DECLINED.")
    decided_by: str | None = strawberry.field(description="The ADMIN who accepted or declined it.")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    decision_reason: str | None = strawberry.field(description="Why (an acceptance's is the override reason).")
    promotion_job_id: strawberry.ID | None = strawberry.field(description="The job an acceptance queued.")

    @classmethod
    def from_entity(cls, p: promotion_store.PromotionProposal) -> PromotionProposal:
        return cls(
            id=strawberry.ID(p.id),
            model=p.model,
            version=p.version,
            proposed_by=p.proposed_by,
            reason=p.reason,
            at=p.at,
            gate=_json(p.gate),
            status=p.status,
            decided_by=p.decided_by,
            decided_at=p.decided_at,
            decision_reason=p.decision_reason,
            promotion_job_id=strawberry.ID(p.promotion_job_id) if p.promotion_job_id else None,
        )


@strawberry.type(description="The declined proposal.")
class ProposalDeclinedSuccess:
    proposal: PromotionProposal = strawberry.field(description="The proposal as recorded, declined.")


@strawberry.type(description="A model's promotion gate, judged on its dataset's evaluation set.")
class PromotionGate:
    model: str = strawberry.field(description="The registered model.")
    macro_f1_tolerance: float = strawberry.field(description="Macro F1 may be this much below production's.")
    recall_drop_tolerance: float = strawberry.field(description="No label's recall may drop more than this.")

    @classmethod
    def of(cls, model: str, g: GateSettings) -> PromotionGate:
        return cls(model=model, macro_f1_tolerance=g.macro_f1_tolerance, recall_drop_tolerance=g.recall_drop_tolerance)


FreezeEvaluationSetResult = Annotated[
    EvaluationSetSuccess | DatasetNotFoundError | NoGoldItemsError | ValidationError,
    strawberry.union("FreezeEvaluationSetResult", description="Result of `freezeEvaluationSet`."),
]
AcceptProposalResult = Annotated[
    PromotionJobSuccess | ProposalNotOpenError | ValidationError,
    strawberry.union("AcceptProposalResult", description="Result of `acceptPromotionProposal`."),
]
DeclineProposalResult = Annotated[
    ProposalDeclinedSuccess | ProposalNotOpenError | ValidationError,
    strawberry.union("DeclineProposalResult", description="Result of `declinePromotionProposal`."),
]
SetPromotionGateResult = Annotated[
    PromotionGate | ValidationError,
    strawberry.union("SetPromotionGateResult", description="Result of `setPromotionGate`."),
]
ProposalId = Annotated[strawberry.ID, strawberry.argument(description="The proposal's id (its job's id).")]
DecisionReason = Annotated[
    str, strawberry.argument(description="Why, in a sentence; it is recorded on the proposal (and the event).")
]


@strawberry.type
class PromotionQuery:
    @strawberry.field(**requires(Permission.VIEW_MODELS, "The dataset's evaluation set; null when none is frozen."))
    async def evaluation_set(
        self,
        info: Info,
        dataset_id: Annotated[strawberry.ID, strawberry.argument(description="The dataset whose set to read.")],
    ) -> EvaluationSet | None:
        found = await info.context.services.evaluation_sets.get(str(dataset_id))
        return EvaluationSet.from_entity(found) if found else None

    @strawberry.field(**requires(Permission.VIEW_MODELS, "The model's promotion proposals, newest first."))
    async def promotion_proposals(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="The registered model whose proposals to list.")],
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[PromotionProposal]:
        page = await info.context.services.promotions.proposals(name, first, after)
        return Connection.of(page, PromotionProposal.from_entity)

    @strawberry.field(**requires(Permission.VIEW_MODELS, "The model's promotion gate (defaults until set)."))
    async def promotion_gate(
        self, info: Info, name: Annotated[str, strawberry.argument(description="The registered model's name.")]
    ) -> PromotionGate:
        return PromotionGate.of(name, await info.context.services.promotions.gate(name))


@strawberry.type
class PromotionMutation:
    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Freeze a seeded sample of the dataset's gold-labelled items as its evaluation set (replacing the one "
            "in force, whose record is kept): no training includes them and every candidate is scored on them.",
        )
    )
    async def freeze_evaluation_set(
        self,
        info: Info,
        dataset_id: Annotated[strawberry.ID, strawberry.argument(description="The dataset to sample from.")],
        size: Annotated[int | None, strawberry.argument(description="How many items (or give a fraction).")] = None,
        fraction: Annotated[
            float | None, strawberry.argument(description="Share of the gold-labelled items, above 0 up to 0.5.")
        ] = None,
        seed: Annotated[int, strawberry.argument(description="The sampling seed (same seed, same sample).")] = 0,
    ) -> FreezeEvaluationSetResult:
        actor = info.context.require_principal().user.username
        frozen = await info.context.services.evaluation_sets.freeze(actor, str(dataset_id), size, fraction, seed)
        return EvaluationSetSuccess(evaluation_set=EvaluationSet.from_entity(frozen))

    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Accept an open proposal: a promotion job that promotes even if the gate failed; the reason is recorded "
            "on the event as the override.",
        )
    )
    async def accept_promotion_proposal(
        self, info: Info, id: ProposalId, reason: DecisionReason
    ) -> AcceptProposalResult:
        actor = info.context.require_principal().user.username
        job = await info.context.services.promotions.accept(actor, str(id), reason)
        return PromotionJobSuccess(job=Job.from_entity(job))

    @strawberry.mutation(**requires(Permission.PROMOTE_MODEL, "Decline an open proposal; production stays."))
    async def decline_promotion_proposal(
        self, info: Info, id: ProposalId, reason: DecisionReason
    ) -> DeclineProposalResult:
        actor = info.context.require_principal().user.username
        declined = await info.context.services.promotions.decline(actor, str(id), reason)
        return ProposalDeclinedSuccess(proposal=PromotionProposal.from_entity(declined))

    @strawberry.mutation(**requires(Permission.PROMOTE_MODEL, "Set the model's promotion gate."))
    async def set_promotion_gate(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="The registered model whose gate to set.")],
        macro_f1_tolerance: Annotated[
            float, strawberry.argument(description="How far below production's macro F1 a candidate may be, 0 to 1.")
        ],
        recall_drop_tolerance: Annotated[
            float, strawberry.argument(description="How far any label's recall may drop below production's, 0 to 1.")
        ],
    ) -> SetPromotionGateResult:
        gate = await info.context.services.promotions.set_gate(name, macro_f1_tolerance, recall_drop_tolerance)
        return PromotionGate.of(name, gate)
