"""Automations: per model, when to retrain by itself (new labels and/or a schedule) and what promotion does then."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from backend.models.entities import PromotionMode

AUTOMATION_ACTOR = "automation"  # created_by of the runs and jobs an automation starts


class Trigger(enum.Enum):
    """Why an automation started a run."""

    THRESHOLD = "THRESHOLD"  # enough new labels arrived
    SCHEDULE = "SCHEDULE"  # its schedule came due


@dataclass(frozen=True, slots=True)
class Schedule:
    """Every `every_minutes` minutes, or daily at `daily_at` (UTC); exactly one of them is set."""

    every_minutes: int | None = None
    daily_at: time | None = None

    def due(self, since: datetime, now: datetime) -> bool:
        """Whether a slot of the schedule fell after `since` (the last run, or when the automation was set) and by
        `now`."""
        if self.every_minutes is not None:
            return now - since >= timedelta(minutes=self.every_minutes)
        if self.daily_at is None:
            return False
        slot = datetime.combine(now.date(), self.daily_at, tzinfo=now.tzinfo)
        if slot > now:
            slot -= timedelta(days=1)
        return slot > since

    def describe(self) -> str:
        if self.every_minutes is not None:
            return f"every {self.every_minutes} minutes"
        return f"daily at {self.daily_at:%H:%M} UTC" if self.daily_at else "never"


@dataclass(frozen=True, slots=True)
class LastRun:
    """The latest run an automation started."""

    run_id: str
    at: datetime
    trigger: Trigger
    label_count: int  # the new labels counted when it started
    handoff: str = ""  # what became of its version: the promotion job it was handed to (empty until then)


@dataclass(frozen=True, slots=True)
class Automation:
    model: str
    dataset_id: str  # whose labels are counted (the dataset of the run it repeats)
    enabled: bool  # False: paused, no new automatic start
    label_threshold: int | None
    schedule: Schedule | None
    mode: PromotionMode
    updated_by: str
    updated_at: datetime
    counting_since: datetime  # labels given after this count (the last run's start, or when it was set)
    last_run: LastRun | None = None
