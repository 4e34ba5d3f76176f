"""Promotion and rollback as PROMOTION jobs run by the worker, with the model's gate, proposals and the repair of
MLflow's `production` alias from MongoDB.

MongoDB's production stack (`model_heads`) is the truth of what is in production; serving reads it. A job writes
in this order, each step idempotent so that its next attempt (Recovery.REQUEUE) finishes what a dead worker began:
1. the stack, once per job (ModelRepository.apply);
2. MLflow's alias, set from the stack (`repair` does the same for every model at worker start and every 30 s);
3. the promotion event (insert, kept if already there);
4. the announcement to every replica, and a BATCH_SCORING job for the model's dataset (a retry may queue a second
   one, which scores the same items again: harmless).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from backend.clients.mlflow import MlflowTracking
from backend.clock import utc_now
from backend.datasets.errors import DatasetNotFound
from backend.datasets.service import DatasetService
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.jobs.entities import Job, JobKind
from backend.jobs.service import JobService
from backend.models.entities import PRODUCTION, PromotionAction, PromotionEvent, PromotionMode
from backend.models.evaluation import EvaluationSets
from backend.models.promotion_gate import GateSettings, judge
from backend.models.promotion_store import ACCEPTED, DECLINED, OPEN, PromotionProposal, PromotionStore
from backend.models.repository import ModelRepository
from backend.models.service import ModelService, ModelVersionNotFound, NoPreviousVersion, ScoringService, reason_of
from backend.models.serving import ModelNotFound, ModelServer
from backend.pages import Page, page_of

log = logging.getLogger("labelloop.promotion")


class ProposalNotOpen(DomainError):
    def __init__(self, proposal_id: str) -> None:
        super().__init__(
            f"promotion proposal '{proposal_id}' is not open (unknown, accepted or declined already): "
            "list them with `promotionProposals`"
        )


def _tolerance(field: str, value: float) -> float:
    if not 0 <= value <= 1:
        raise ValidationFailed([FieldProblem(field, "out_of_range", "give a tolerance from 0 to 1")])
    return value


class PromotionService:
    def __init__(
        self,
        jobs: JobService,
        models: ModelService,
        heads: ModelRepository,
        store: PromotionStore,
        evaluation: EvaluationSets,
        datasets: DatasetService,
        scoring: ScoringService,
        tracking: MlflowTracking,
        server: ModelServer,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._jobs = jobs
        self._models = models
        self._heads = heads
        self._store = store
        self._evaluation = evaluation
        self._datasets = datasets
        self._scoring = scoring
        self._tracking = tracking
        self._server = server
        self._clock = clock

    # --- submitting (in the API request: checks only) -----------------------------------------------------------

    async def submit(self, actor: str, name: str, version: str, reason: str, *, mode: PromotionMode) -> Job:
        """Queue a PROMOTION job of `version`; `actor` is a username or a name like "automation". Raises
        ValidationFailed (reason), ModelNotFound, ModelVersionNotFound."""
        return await self._submit(actor, name, version, reason_of(reason), mode, None)

    async def submit_rollback(self, actor: str, name: str, reason: str) -> Job:
        """Queue a PROMOTION job that puts back the previous production version (no gate: it served before).
        Raises ValidationFailed, ModelNotFound, NoPreviousVersion."""
        reason = reason_of(reason)
        stack = await self._heads.production_stack(name)
        if len(stack) < 2:
            if not await asyncio.to_thread(self._tracking.model_versions, name):
                raise ModelNotFound(name)
            raise NoPreviousVersion(name)
        params = {
            "model": name,
            "action": PromotionAction.ROLLBACK.value,
            "version": stack[-2],
            "from_version": stack[-1],
            "reason": reason,
        }
        return await self._jobs.submit(JobKind.PROMOTION, actor, await self._dataset_of(name, stack[-2]), params)

    async def _submit(
        self, actor: str, name: str, version: str, reason: str, mode: PromotionMode, override: str | None
    ) -> Job:
        target = await self._models.version(name, version)
        if target is None:
            if not await asyncio.to_thread(self._tracking.model_versions, name):
                raise ModelNotFound(name)
            raise ModelVersionNotFound(name, version)
        params: dict[str, Any] = {
            "model": name,
            "action": PromotionAction.PROMOTE.value,
            "version": version,
            "mode": mode.value,
            "reason": reason,
            "override_reason": override,
        }
        return await self._jobs.submit(JobKind.PROMOTION, actor, await self._dataset_of(name, version), params)

    async def _dataset_of(self, name: str, version: str) -> str | None:
        """The dataset whose evaluation set judges the model (its training run's), or None."""
        target = await self._models.version(name, version)
        run = await self._models.training_run(target.run_id if target else None)
        dataset_id = run.dataset_id if run else name
        try:
            return (await self._datasets.get(dataset_id)).id
        except DatasetNotFound:
            return None

    # --- proposals ----------------------------------------------------------------------------------------------

    async def proposals(self, name: str, first: int, after: str | None) -> Page[PromotionProposal]:
        """A page of the model's proposals, newest first; raises ValidationFailed for a bad page argument."""
        page = page_of(await self._store.ids(name), first, after)
        return Page(await self._store.get_many(page.nodes), page.end_cursor, page.has_next_page, page.total_count)

    async def accept(self, actor: str, proposal_id: str, reason: str) -> Job:
        """Accept an OPEN proposal: a PROMOTION job that promotes even when the gate failed, with `reason` recorded
        on the event as the override. Raises ValidationFailed, ProposalNotOpen."""
        reason = reason_of(reason)
        proposal = await self._store.get(proposal_id)
        if proposal is None or proposal.status != OPEN:
            raise ProposalNotOpen(proposal_id)
        params: dict[str, Any] = {
            "model": proposal.model,
            "action": PromotionAction.PROMOTE.value,
            "version": proposal.version,
            "mode": PromotionMode.AUTO.value,
            "reason": proposal.reason,
            "override_reason": reason,
            "proposal_id": proposal.id,
        }
        job = self._jobs.new_job(
            JobKind.PROMOTION, actor, await self._dataset_of(proposal.model, proposal.version), params
        )
        if await self._store.decide(proposal.id, ACCEPTED, actor, self._clock(), reason, job.id) is None:
            raise ProposalNotOpen(proposal_id)
        await self._jobs.insert(job)
        await self._jobs.enqueue(job, 1)
        return job

    async def decline(self, actor: str, proposal_id: str, reason: str) -> PromotionProposal:
        """Decline an OPEN proposal; production stays. Raises ValidationFailed, ProposalNotOpen."""
        decided = await self._store.decide(proposal_id, DECLINED, actor, self._clock(), reason_of(reason), None)
        if decided is None:
            raise ProposalNotOpen(proposal_id)
        return decided

    async def gate(self, name: str) -> GateSettings:
        return await self._store.gate(name)

    async def set_gate(self, name: str, macro_f1_tolerance: float, recall_drop_tolerance: float) -> GateSettings:
        """Set the model's gate; raises ValidationFailed for a tolerance outside 0..1."""
        settings = GateSettings(
            _tolerance("macroF1Tolerance", macro_f1_tolerance), _tolerance("recallDropTolerance", recall_drop_tolerance)
        )
        await self._store.set_gate(name, settings)
        return settings

    # --- consistency --------------------------------------------------------------------------------------------

    async def repair(self) -> list[str]:
        """Set MLflow's `production` alias from MongoDB's record wherever they differ; the models repaired."""
        models = await asyncio.to_thread(self._tracking.registered_models)
        truth = await self._heads.production_versions([m.name for m in models])
        repaired = []
        for model in models:
            wanted = truth.get(model.name)
            aliases = getattr(model, "aliases", None) or {}
            if wanted is not None and str(aliases.get(PRODUCTION)) != wanted:
                log.warning("MLflow's production alias of %s differs from MongoDB's %s: repairing", model.name, wanted)
                await asyncio.to_thread(self._tracking.set_alias, model.name, PRODUCTION, wanted)
                await self._server.announce(model.name, wanted)
                repaired.append(model.name)
        return repaired

    # --- the job (worker) ---------------------------------------------------------------------------------------

    async def run(self, job_id: str) -> Job:
        """Run a PROMOTION job: evaluate, judge, then promote (or propose) or roll back."""
        job = await self._jobs.get(job_id)
        params = job.params
        name, version = str(params["model"]), str(params["version"])
        try:
            await self._jobs.start(job_id, total=4, message=f"{params['action'].lower()} {name} version {version}")
            if params["action"] == PromotionAction.ROLLBACK.value:
                return await self._apply(job, None, params.get("from_version"))
            production = await self._heads.production_version(name)
            settings = await self._store.gate(name)
            candidate = production_metrics = None
            if job.dataset_id:
                await self._jobs.progress(job_id, 0, message=f"scoring version {version} on the evaluation set")
                candidate = await self._evaluation.score(name, version, job.dataset_id)
                if candidate is not None and production is not None and production != version:
                    await self._jobs.progress(job_id, 1, message=f"scoring production version {production}")
                    production_metrics = await self._evaluation.score(name, production, job.dataset_id)
            verdict = judge(settings, candidate, production_metrics, production, version)
            if production_metrics is not None and production is not None and job.dataset_id:
                caution = await self._trained_before_freeze(name, production, job.dataset_id)
                verdict = replace(verdict, note=f"{verdict.note}; {caution}") if caution else verdict
            gate = verdict.describe(settings)
            await self._jobs.progress(job_id, 2, message=f"gate {'passed' if verdict.passed else 'failed'}")
            await self._jobs.log(job_id, "INFO" if verdict.passed else "WARNING", f"gate: {verdict.note}")
            overridden = params.get("override_reason")
            if params.get("mode") == PromotionMode.PROPOSE.value or not (verdict.passed or overridden):
                return await self._propose(job, gate)
            return await self._apply(job, gate, production)
        except Exception as exc:
            log.exception("promotion job %s failed", job_id)
            await self._jobs.fail(
                job_id,
                f"the promotion stopped ({type(exc).__name__}: {exc}); production is unchanged "
                "unless the history shows the event",
            )
            raise

    async def _trained_before_freeze(self, name: str, production: str, dataset_id: str) -> str | None:
        """A caution when the production version's run started before the evaluation set was frozen: it may have
        trained on evaluation items, and then looks better on them than it is (every later candidate leaves them
        out)."""
        frozen = await self._evaluation.get(dataset_id)
        target = await self._models.version(name, production)
        run = await self._models.training_run(target.run_id if target else None)
        if frozen is None or run is None or run.started_at is None or run.started_at >= frozen.frozen_at:
            return None
        return (
            f"caution: production version {production} was trained before this evaluation set was frozen "
            f"({frozen.frozen_at:%Y-%m-%d %H:%M} UTC) and may have trained on its items, so its figures may be "
            "better than it is; accept the proposal with a reason, or retrain production"
        )

    async def _propose(self, job: Job, gate: dict[str, Any]) -> Job:
        params = job.params
        proposal = PromotionProposal(
            id=job.id,
            model=params["model"],
            version=params["version"],
            proposed_by=job.created_by,
            reason=params["reason"],
            at=self._clock(),
            gate=gate,
            status=OPEN,
        )
        await self._store.propose(proposal)
        why = "proposed (PROPOSE mode)" if params.get("mode") == PromotionMode.PROPOSE.value else "gate failed"
        return await self._jobs.succeed(
            job.id,
            f"{why}: production unchanged; an ADMIN may accept or decline proposal {job.id}",
            {"outcome": "PROPOSED", "proposal_id": job.id, "gate": gate},
        )

    async def _apply(self, job: Job, gate: dict[str, Any] | None, previous: str | None) -> Job:
        params = job.params
        name, version = str(params["model"]), str(params["version"])
        rollback = params["action"] == PromotionAction.ROLLBACK.value
        sequence, before = await self._heads.apply(name, job.id, None if rollback else version)  # 1. the truth
        await self._jobs.progress(job.id, 3, message="production recorded; setting MLflow's alias")
        top = await self._heads.production_version(name)
        if top is not None:
            await asyncio.to_thread(self._tracking.set_alias, name, PRODUCTION, top)  # 2. MLflow follows MongoDB
        event = await self._heads.event(name, sequence)
        if event is None:  # 3. the record
            target = await self._models.version(name, version)
            run = await self._models.training_run(target.run_id if target else None)
            event = PromotionEvent(
                id=ModelRepository.event_id(name, sequence),
                model=name,
                sequence=sequence,
                action=PromotionAction.ROLLBACK if rollback else PromotionAction.PROMOTE,
                version=version,
                previous_version=previous if rollback else (before[-1] if before else previous),
                actor=job.created_by,
                reason=params["reason"],
                at=self._clock(),
                run_id=target.run_id if target else None,
                metrics=dict(run.metrics) if run else {},
                gate=gate,
                override_reason=params.get("override_reason"),
                job_id=job.id,
            )
            await self._heads.record(event)
        if top is not None:
            await self._server.announce(name, top)  # 4. every replica serves it
        scoring = await self._scoring.follow(job.created_by, job.dataset_id, name) if job.dataset_id else None
        await self._jobs.progress(job.id, 4)
        was = f" (was version {event.previous_version})" if event.previous_version else ""
        done = (
            f"rolled back: version {version} of {name} is in production again{was}"
            if rollback
            else f"version {version} of {name} is in production now{was}"
        )
        return await self._jobs.succeed(
            job.id,
            done + (f"; batch scoring job {scoring.id} queued" if scoring else ""),
            {
                "outcome": "ROLLED_BACK" if rollback else "PROMOTED",
                "event_id": event.id,
                "gate": gate,
                "scoring_job_id": scoring.id if scoring else None,
            },
        )
