"""GraphQL of automations: read a model's automation, set it, pause or resume it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.auth.permissions import Permission
from backend.automations import entities
from backend.automations.errors import AutomationNotFound, NothingToRepeat
from backend.automations.service import AutomationView
from backend.graphql.context import Info
from backend.graphql.enums import described_enum
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.permissions import requires
from backend.models.entities import PromotionMode
from backend.models.schema import ModelNotFoundError

described_enum(
    entities.Trigger,
    name="AutomationTrigger",
    description="Why an automation started a training run.",
    values={
        entities.Trigger.THRESHOLD: "Enough new labels had arrived since its previous run.",
        entities.Trigger.SCHEDULE: "Its schedule (every few minutes, or daily) came due.",
    },
)


@maps_error(AutomationNotFound)
@strawberry.type(description="The model has no automation yet.")
class AutomationNotFoundError(Error):
    pass


@maps_error(NothingToRepeat)
@strawberry.type(description="The model has no training run an automation could repeat.")
class NothingToRepeatError(Error):
    pass


@strawberry.type(description="The latest training run an automation started.")
class AutomationRun:
    run_id: strawberry.ID = strawberry.field(description="The training run (a job of kind TRAINING).")
    at: datetime = strawberry.field(description="When it was started.")
    trigger: entities.Trigger = strawberry.field(description="Why: the label threshold or the schedule.")
    label_count: int = strawberry.field(description="New labels counted when it started.")
    handoff: str = strawberry.field(description="The promotion job its version was handed to; empty until then.")


@strawberry.type(description="A model's automation: when it retrains by itself and what promotion does then.")
class Automation:
    model: str = strawberry.field(description="The registered model.")
    dataset_id: strawberry.ID = strawberry.field(description="The dataset whose new labels are counted.")
    enabled: bool = strawberry.field(description="False while paused: no new automatic start.")
    label_threshold: int | None = strawberry.field(description="Retrain after this many new labels (null: off).")
    every_minutes: int | None = strawberry.field(description="Retrain every this many minutes (null: off).")
    daily_at: str | None = strawberry.field(description="Retrain daily at this time, HH:MM UTC (null: off).")
    mode: PromotionMode = strawberry.field(description="What promotion does with each new version.")
    updated_by: str = strawberry.field(description="Who set it last.")
    updated_at: datetime = strawberry.field(description="When it was set last.")
    counting_since: datetime = strawberry.field(description="Labels given after this count as new.")
    new_labels: int = strawberry.field(description="Items labelled since `countingSince` (an item counts once).")
    last_run: AutomationRun | None = strawberry.field(description="The latest run it started (null: none yet).")

    @classmethod
    def from_view(cls, view: AutomationView) -> Automation:
        a = view.automation
        last = a.last_run
        return cls(
            model=a.model,
            dataset_id=strawberry.ID(a.dataset_id),
            enabled=a.enabled,
            label_threshold=a.label_threshold,
            every_minutes=a.schedule.every_minutes if a.schedule else None,
            daily_at=f"{a.schedule.daily_at:%H:%M}" if a.schedule and a.schedule.daily_at else None,
            mode=a.mode,
            updated_by=a.updated_by,
            updated_at=a.updated_at,
            counting_since=a.counting_since,
            new_labels=view.new_labels,
            last_run=AutomationRun(
                run_id=strawberry.ID(last.run_id),
                at=last.at,
                trigger=last.trigger,
                label_count=last.label_count,
                handoff=last.handoff,
            )
            if last
            else None,
        )


@strawberry.type(description="The automation as saved.")
class AutomationSuccess:
    automation: Automation = strawberry.field(description="Read it back any time with `automation`.")


SetAutomationResult = Annotated[
    AutomationSuccess | ModelNotFoundError | NothingToRepeatError | ValidationError,
    strawberry.union("SetAutomationResult", description="Result of `setAutomation`."),
]
PauseAutomationResult = Annotated[
    AutomationSuccess | AutomationNotFoundError,
    strawberry.union("PauseAutomationResult", description="Result of `pauseAutomation`."),
]


@strawberry.type
class AutomationQuery:
    @strawberry.field(
        **requires(Permission.VIEW_MODELS, "The automation of `model` and the new labels counted since (null: none).")
    )
    async def automation(
        self,
        info: Info,
        model: Annotated[str, strawberry.argument(description="The registered model whose automation is read.")],
    ) -> Automation | None:
        view = await info.context.services.automations.find(model)
        return Automation.from_view(view) if view else None


@strawberry.type
class AutomationMutation:
    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Retrain `model` by itself when `labelThreshold` new labels have arrived since its last automated run "
            "and/or on a schedule (`everyMinutes` or `dailyAt`), repeating the run behind its production version "
            "(else its latest version), then hand each new version to promotion in `mode`.",
        )
    )
    async def set_automation(
        self,
        info: Info,
        model: Annotated[str, strawberry.argument(description="The registered model to retrain automatically.")],
        mode: Annotated[
            PromotionMode, strawberry.argument(description="AUTO promotes past the gate; PROPOSE asks an ADMIN.")
        ],
        label_threshold: Annotated[
            int | None, strawberry.argument(description="Retrain after this many newly labelled items (1 or more).")
        ] = None,
        every_minutes: Annotated[
            int | None, strawberry.argument(description="Retrain every this many minutes (1 to 10080).")
        ] = None,
        daily_at: Annotated[
            str | None, strawberry.argument(description="Retrain once a day at this time, as HH:MM in UTC.")
        ] = None,
        enabled: Annotated[
            bool, strawberry.argument(description="False saves it paused: no automatic start until resumed.")
        ] = True,
    ) -> SetAutomationResult:
        view = await info.context.services.automations.set(
            info.context.require_principal(), model, label_threshold, every_minutes, daily_at, mode, enabled
        )
        return AutomationSuccess(automation=Automation.from_view(view))

    @strawberry.mutation(
        **requires(
            Permission.PROMOTE_MODEL,
            "Pause (no new automatic start; cancel a run under way with `cancelJob`) or resume a model's automation.",
        )
    )
    async def pause_automation(
        self,
        info: Info,
        model: Annotated[str, strawberry.argument(description="The registered model whose automation changes.")],
        paused: Annotated[bool, strawberry.argument(description="True pauses it; false resumes it.")],
    ) -> PauseAutomationResult:
        view = await info.context.services.automations.pause(info.context.require_principal(), model, paused)
        return AutomationSuccess(automation=Automation.from_view(view))
