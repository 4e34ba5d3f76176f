"""Automations: per model, retrain by itself when enough new labels have arrived since the last run and/or when its
schedule comes due, then hand the new version to promotion (AUTO or PROPOSE).

The settings are keyed documents (repository.py); the worker's cron calls `tick` every few seconds; a Redis lock per
model and the last run's state make sure at most one automated run per model is under way at a time. New labels are
counted in Elasticsearch (items whose newest annotation is later than the last run's start): the annotate path
writes nothing more for it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, time
from typing import Protocol

from backend.auth.entities import Principal
from backend.automations.entities import AUTOMATION_ACTOR, Automation, LastRun, Schedule, Trigger
from backend.automations.errors import AutomationNotFound, NothingToRepeat
from backend.automations.repository import AutomationLocks, AutomationRepository
from backend.clock import utc_now
from backend.errors import DomainError, FieldProblem, Unavailable, ValidationFailed
from backend.items.store import ItemStore
from backend.jobs.entities import Job, JobState
from backend.jobs.service import JobService
from backend.models.entities import PromotionMode
from backend.models.service import ModelService
from backend.models.serving import ModelNotFound
from backend.training.entities import TrainingRun
from backend.training.service import TrainingService

log = logging.getLogger("labelloop.automations")
MAX_THRESHOLD = 1_000_000
MAX_EVERY_MINUTES = 7 * 24 * 60
HANDOVER_GRACE_S = 30  # after a run succeeded, the worker that ran it hands its version over itself
LOCK_S = 60  # longer than one decision takes; a worker that dies holding it frees it by then


class Promoter(Protocol):
    """Promotion as the automation needs it (backend/models/promotion*.py provides it)."""

    async def submit(self, actor: str, name: str, version: str, reason: str, *, mode: PromotionMode) -> Job: ...


@dataclass(frozen=True, slots=True)
class AutomationView:
    automation: Automation
    new_labels: int  # counted since `counting_since`


def parse_schedule(every_minutes: int | None, daily_at: str | None) -> tuple[Schedule | None, list[FieldProblem]]:
    """The schedule from its two forms (at most one given), or the problems with them."""
    if every_minutes is not None and daily_at is not None:
        message = "give either everyMinutes or dailyAt, not both"
        return None, [FieldProblem("schedule", "both_given", message)]
    if every_minutes is not None:
        if not 1 <= every_minutes <= MAX_EVERY_MINUTES:
            message = f"run every 1 to {MAX_EVERY_MINUTES} minutes (a week), got {every_minutes}"
            return None, [FieldProblem("everyMinutes", "out_of_range", message)]
        return Schedule(every_minutes=every_minutes), []
    if daily_at is not None:
        try:
            at = time.fromisoformat(daily_at) if len(daily_at) == 5 and daily_at[2] == ":" else None
        except ValueError:
            at = None
        if at is None:
            message = f"give the time of day as HH:MM in UTC, e.g. 02:30 (got '{daily_at}')"
            return None, [FieldProblem("dailyAt", "bad_time", message)]
        return Schedule(daily_at=at), []
    return None, []


class AutomationService:
    def __init__(
        self,
        automations: AutomationRepository,
        models: ModelService,
        training: TrainingService,
        items: ItemStore,
        jobs: JobService,
        locks: AutomationLocks,
        promoter: Promoter,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._automations = automations
        self._models = models
        self._training = training
        self._items = items
        self._jobs = jobs
        self._locks = locks
        self._promoter = promoter
        self._clock = clock

    # --- settings -----------------------------------------------------------------------------------------------

    async def get(self, model: str) -> AutomationView:
        """The model's automation and the new labels counted since its last run; raises AutomationNotFound."""
        automation = await self._automations.get(model)
        if automation is None:
            raise AutomationNotFound(model)
        return AutomationView(automation, await self._count(automation))

    async def find(self, model: str) -> AutomationView | None:
        automation = await self._automations.get(model)
        return AutomationView(automation, await self._count(automation)) if automation else None

    async def set(
        self,
        principal: Principal,
        model: str,
        label_threshold: int | None,
        every_minutes: int | None,
        daily_at: str | None,
        mode: PromotionMode,
        enabled: bool,
    ) -> AutomationView:
        """Create or change the model's automation (its last run and count start are kept). Raises
        ValidationFailed (no trigger, bad threshold or schedule), ModelNotFound, NothingToRepeat."""
        schedule, problems = parse_schedule(every_minutes, daily_at)
        if label_threshold is not None and not 1 <= label_threshold <= MAX_THRESHOLD:
            message = f"give a number of new labels from 1 to {MAX_THRESHOLD}, got {label_threshold}"
            problems.append(FieldProblem("labelThreshold", "out_of_range", message))
        if label_threshold is None and schedule is None and not problems:
            message = "give labelThreshold, a schedule (everyMinutes or dailyAt), or both: otherwise it never runs"
            problems.append(FieldProblem("labelThreshold", "no_trigger", message))
        if problems:
            raise ValidationFailed(problems)
        template = await self._template(model)
        now = self._clock()
        current = await self._automations.get(model)
        automation = Automation(
            model=model,
            dataset_id=template.dataset_id,
            enabled=enabled,
            label_threshold=label_threshold,
            schedule=schedule,
            mode=mode,
            updated_by=principal.user.username,
            updated_at=now,
            counting_since=current.counting_since if current else now,
            last_run=current.last_run if current else None,
        )
        await self._automations.save(automation)
        return AutomationView(automation, await self._count(automation))

    async def pause(self, principal: Principal, model: str, paused: bool) -> AutomationView:
        """Pause (no new automatic start; a run under way goes on, cancel it with cancelJob) or resume."""
        current = await self._automations.get(model)
        if current is None:
            raise AutomationNotFound(model)
        automation = replace(current, enabled=not paused, updated_by=principal.user.username, updated_at=self._clock())
        await self._automations.save(automation)
        return AutomationView(automation, await self._count(automation))

    async def _template(self, model: str) -> TrainingRun:
        """The run to repeat: the one behind the production version, else behind the latest version."""
        version = await self._models.production_version(model)
        if version is None:
            latest = (await self._models.versions(model, 1, None)).nodes
            if not latest:
                raise ModelNotFound(model)
            version = latest[0].version
        found = await self._models.version(model, version)
        run = await self._models.training_run(found.run_id if found else None)
        if run is None:
            raise NothingToRepeat(model, f"version {version} has no training run recorded")
        return run

    async def _count(self, automation: Automation) -> int:
        return await self._items.count_labelled_since(automation.dataset_id, automation.counting_since)

    # --- the cron -----------------------------------------------------------------------------------------------

    async def tick(self) -> list[str]:
        """Start the runs that are due (one per model at most); the ids of the runs started."""
        started: list[str] = []
        for automation in await self._automations.get_many(await self._automations.models()):
            if not automation.enabled:
                continue
            try:
                run_id = await self._start_if_due(automation.model)
            except (DomainError, Unavailable) as exc:  # this model's turn only: the others still get theirs
                log.warning("automation of %s cannot start a run: %s", automation.model, exc)
                continue
            if run_id:
                started.append(run_id)
        return started

    async def _start_if_due(self, model: str) -> str | None:
        lock = await self._locks.acquire(model, LOCK_S)
        if lock is None:
            return None  # another worker is deciding for this model
        try:
            automation = await self._automations.get(model)  # read again under the lock
            if automation is None or not automation.enabled or await self._under_way(automation):
                return None
            await self._hand_over_missed(automation)
            count = await self._count(automation)
            trigger = self._due(automation, count)
            if trigger is None:
                return None
            template = await self._template(model)
            # recorded before it is queued: a worker that dies in between leaves a last run that does not exist
            # (not under way, so the next tick starts one), never a run the next tick cannot see
            run_id = self._training.new_run_id()
            await self._automations.record_run(model, LastRun(run_id, self._clock(), trigger, count))
            await self._training.repeat(template, AUTOMATION_ACTOR, run_id)
            log.info("automation of %s started %s (%s, %d new labels)", model, run_id, trigger.value, count)
            return run_id
        finally:
            await self._locks.release(lock)

    async def _under_way(self, automation: Automation) -> bool:
        if automation.last_run is None:
            return False
        runs = await self._training.get_many([automation.last_run.run_id])
        return bool(runs) and not runs[0].state.finished

    async def _hand_over_missed(self, automation: Automation) -> None:
        """A last run that succeeded but whose version was never handed over (its worker died between the two):
        hand it over now. The worker's own hand-over follows the run at once; HANDOVER_GRACE_S leaves it time."""
        last = automation.last_run
        if last is None or last.handoff:
            return
        runs = await self._training.get_many([last.run_id])
        run = runs[0] if runs else None
        if run is None or run.state is not JobState.SUCCEEDED or not run.model_version or run.finished_at is None:
            return
        if (self._clock() - run.finished_at).total_seconds() >= HANDOVER_GRACE_S:
            log.warning(
                "automation of %s: run %s was never handed to promotion; handing it over", automation.model, run.id
            )
            await self._hand_over(run)

    def _due(self, automation: Automation, count: int) -> Trigger | None:
        if automation.label_threshold is not None and count >= automation.label_threshold:
            return Trigger.THRESHOLD
        if automation.schedule is not None and automation.schedule.due(automation.counting_since, self._clock()):
            return Trigger.SCHEDULE
        return None

    # --- after the run ------------------------------------------------------------------------------------------

    async def run_training(self, run_training: Callable[[str], Awaitable[JobState]], run_id: str) -> JobState:
        """Run a TRAINING attempt; when an automation started it and it registered a version, hand it over."""
        state = await run_training(run_id)
        if state is JobState.SUCCEEDED:
            run = await self._training.get(run_id)
            if run.created_by == AUTOMATION_ACTOR and run.model_version and run.model_name:
                await self._hand_over(run)
        return state

    async def _hand_over(self, run: TrainingRun) -> None:
        name, version = run.model_name or run.dataset_id, run.model_version or ""
        automation = await self._automations.get(name)
        mode = automation.mode if automation else PromotionMode.PROPOSE
        trigger = automation.last_run.trigger.value.lower() if automation and automation.last_run else "automation"
        reason = f"automatic retraining ({trigger}) run {run.id}"
        job = await self._promoter.submit(AUTOMATION_ACTOR, name, version, reason, mode=mode)
        handoff = f"version {version} handed to promotion job {job.id} ({mode.value})"
        await self._jobs.log(run.id, "INFO", handoff)
        if automation and automation.last_run and automation.last_run.run_id == run.id:
            await self._automations.record_handoff(name, handoff)
