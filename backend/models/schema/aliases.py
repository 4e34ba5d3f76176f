"""GraphQL of named aliases, shadow traffic and the champion/challenger comparison."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.auth.permissions import Permission
from backend.errors import check_range
from backend.graphql.context import Info
from backend.graphql.errors import ValidationError
from backend.graphql.pagination import Connection
from backend.graphql.permissions import requires
from backend.models.alias_store import AliasEvent as AliasEventEntity
from backend.models.comparison import ChallengerComparison as ComparisonEntity
from backend.models.predictions import MAX_WINDOW_MINUTES
from backend.models.schema import ModelNotFoundError, ModelVersionNotFoundError
from backend.models.schema.alias_errors import AliasNotSetError, ProductionAliasReservedError
from backend.models.shadow import ShadowTraffic as ShadowEntity

ALIAS_DESCRIPTION = "A name of 1 to 40 lower-case letters, digits, '-' or '_' (e.g. challenger); not production."


@strawberry.type(description="A change of a named alias (set or removed); kept for ever.")
class AliasEvent:
    id: strawberry.ID = strawberry.field(description="Stable id of the event, `<model>:<sequence>`.")
    model: str = strawberry.field(description="The registered model.")
    alias: str = strawberry.field(description="The alias that changed.")
    version: str | None = strawberry.field(description="The version it points to now; null: removed.")
    previous_version: str | None = strawberry.field(description="The version it pointed to before, if any.")
    actor: str = strawberry.field(description="Who changed it.")
    reason: str = strawberry.field(description="Why, in their words.")
    at: datetime = strawberry.field(description="When it changed.")

    @classmethod
    def from_entity(cls, e: AliasEventEntity) -> AliasEvent:
        return cls(
            id=strawberry.ID(e.id),
            model=e.model,
            alias=e.alias,
            version=e.version,
            previous_version=e.previous_version,
            actor=e.actor,
            reason=e.reason,
            at=e.at,
        )


@strawberry.type(description="The alias change, as recorded.")
class AliasSuccess:
    event: AliasEvent = strawberry.field(description="The alias history entry.")


@strawberry.type(description="A model's shadow traffic: the share of production calls its challenger also scores.")
class ShadowTraffic:
    model: str = strawberry.field(description="The registered model.")
    alias: str | None = strawberry.field(description="The challenger's alias; null: shadowing is off.")
    percent: int = strawberry.field(description="The share of production calls shadowed, 0 to 100.")
    version: str | None = strawberry.field(description="The version the alias points to now (null: none).")

    @classmethod
    def from_entity(cls, s: ShadowEntity) -> ShadowTraffic:
        return cls(model=s.model, alias=s.alias, percent=s.percent, version=s.version)


@strawberry.type(description="Champion vs challenger for one production label.")
class LabelAgreement:
    label: str = strawberry.field(description="The label production predicted.")
    paired: int = strawberry.field(description="Paired predictions where production predicted it.")
    agreements: int = strawberry.field(description="How many of those the challenger predicted the same.")
    rate: float | None = strawberry.field(description="agreements / paired.")


@strawberry.type(description="How many pairs a champion version and a challenger version made.")
class VersionPair:
    champion_version: str = strawberry.field(description="The production version.")
    challenger_version: str = strawberry.field(description="The challenger's version.")
    paired: int = strawberry.field(description="Pairs of predictions they made on the same inputs.")


@strawberry.type(description="Champion (production) vs challenger over a window of shadow traffic.")
class ChallengerComparison:
    model: str = strawberry.field(description="The registered model.")
    since: datetime = strawberry.field(description="Start of the window.")
    paired: int = strawberry.field(description="Production predictions the challenger also scored.")
    agreements: int = strawberry.field(description="Pairs where both predicted the same label.")
    agreement_rate: float | None = strawberry.field(description="agreements / paired; null without pairs.")
    champion_mean_confidence: float | None = strawberry.field(description="Production's mean confidence.")
    challenger_mean_confidence: float | None = strawberry.field(description="The challenger's mean confidence.")
    labels: list[LabelAgreement] = strawberry.field(description="Agreement per label production predicted.")
    versions: list[VersionPair] = strawberry.field(description="Pairs per champion and challenger version.")

    @classmethod
    def from_entity(cls, c: ComparisonEntity) -> ChallengerComparison:
        return cls(
            model=c.model,
            since=c.since,
            paired=c.paired,
            agreements=c.agreements,
            agreement_rate=c.agreement_rate,
            champion_mean_confidence=c.champion_confidence,
            challenger_mean_confidence=c.challenger_confidence,
            labels=[
                LabelAgreement(label=a.key, paired=a.paired, agreements=a.agreements, rate=a.rate) for a in c.labels
            ],
            versions=[VersionPair(champion_version=a, challenger_version=b, paired=n) for a, b, n in c.versions],
        )


@strawberry.type(description="The shadow setting as saved.")
class ShadowTrafficSuccess:
    shadow: ShadowTraffic = strawberry.field(description="The setting, read back.")


AliasResult = Annotated[
    AliasSuccess
    | ModelNotFoundError
    | ModelVersionNotFoundError
    | AliasNotSetError
    | ProductionAliasReservedError
    | ValidationError,
    strawberry.union("AliasResult", description="Result of `setModelAlias` and `removeModelAlias`."),
]
ShadowTrafficResult = Annotated[
    ShadowTrafficSuccess | ModelNotFoundError | AliasNotSetError | ProductionAliasReservedError | ValidationError,
    strawberry.union("ShadowTrafficResult", description="Result of `setShadowTraffic`."),
]
ModelName = Annotated[str, strawberry.argument(description="The registered model's name (its dataset id).")]
Reason = Annotated[str, strawberry.argument(description="Why, in a sentence; kept in the alias history.")]


@strawberry.type
class AliasQuery:
    @strawberry.field(**requires(Permission.VIEW_MODELS, "Who set or removed which named alias, when and why."))
    async def model_alias_history(
        self,
        info: Info,
        name: ModelName,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[AliasEvent]:
        return Connection.of(await info.context.services.aliases.history(name, first, after), AliasEvent.from_entity)

    @strawberry.field(**requires(Permission.VIEW_MODELS, "The shadow traffic of `model` as set (off: alias null)."))
    async def shadow_traffic(self, info: Info, model: ModelName) -> ShadowTraffic:
        return ShadowTraffic.from_entity(await info.context.services.shadow.get(model))

    @strawberry.field(
        **requires(
            Permission.VIEW_MODELS,
            "Champion vs challenger over the last `minutes` of shadow traffic: pairs, agreement, confidence.",
        )
    )
    async def challenger_comparison(
        self,
        info: Info,
        name: ModelName,
        minutes: Annotated[int, strawberry.argument(description="Window, 1 minute to 7 days.")] = 60,
    ) -> ChallengerComparison:
        check_range("minutes", minutes, 1, MAX_WINDOW_MINUTES, f"give a window of 1 to {MAX_WINDOW_MINUTES} minutes")
        return ChallengerComparison.from_entity(await info.context.services.comparison.compare(name, minutes))


@strawberry.type
class AliasMutation:
    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Point a named alias (e.g. challenger) at a version, with a reason kept in the alias history; every "
            "replica follows within seconds. production is refused: use `promoteModelVersion`.",
        )
    )
    async def set_model_alias(
        self,
        info: Info,
        name: ModelName,
        alias: Annotated[str, strawberry.argument(description=ALIAS_DESCRIPTION)],
        version: Annotated[str, strawberry.argument(description="The version the alias points to from now on.")],
        reason: Reason,
    ) -> AliasResult:
        principal = info.context.require_principal()
        event = await info.context.services.aliases.set(principal, name, alias, version, reason)
        return AliasSuccess(event=AliasEvent.from_entity(event))

    @strawberry.mutation(
        **requires(Permission.PROMOTE_MODEL, "Remove a named alias from a model, with a reason (not production).")
    )
    async def remove_model_alias(
        self,
        info: Info,
        name: ModelName,
        alias: Annotated[str, strawberry.argument(description="The named alias to remove from the model.")],
        reason: Reason,
    ) -> AliasResult:
        event = await info.context.services.aliases.remove(info.context.require_principal(), name, alias, reason)
        return AliasSuccess(event=AliasEvent.from_entity(event))

    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Have the challenger alias also score `percent` of the production `predict` calls of `model`, off the "
            "response path; its predictions are logged as SHADOW and never returned. Null alias or 0: off.",
        )
    )
    async def set_shadow_traffic(
        self,
        info: Info,
        model: ModelName,
        alias: Annotated[
            str | None, strawberry.argument(description="The alias whose version scores the share; null turns it off.")
        ],
        percent: Annotated[int, strawberry.argument(description="The share of production calls, 0 to 100 percent.")],
    ) -> ShadowTrafficResult:
        shadow = await info.context.services.shadow.set(model, alias, percent)
        return ShadowTrafficSuccess(shadow=ShadowTraffic.from_entity(shadow))
