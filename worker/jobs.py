"""Thin arq job functions: each one calls a domain service."""

from __future__ import annotations

from typing import Any

from arq import Retry

from backend.container import Services
from backend.errors import Unavailable

RETRY_DEFER_S = 10


def _services(ctx: dict[str, Any]) -> Services:
    services: Services = ctx["services"]
    return services


async def check_dependencies(ctx: dict[str, Any]) -> dict[str, str | None]:
    """The worker's own view of its dependencies: service name → None when up, else the reason."""
    report = await _services(ctx).health.check()
    return {d.dependency.value: d.reason for d in report.dependencies}


async def periodic_reconcile(ctx: dict[str, Any]) -> dict[str, int]:
    """Every few minutes (and at start): repair what an Elasticsearch outage left behind."""
    report = await _services(ctx).index_sync.reconcile()
    return {"repaired": report.repaired}


async def reconcile_soon(ctx: dict[str, Any], reason: str) -> dict[str, int]:
    """Asked for by an API replica after an event that may have left the index behind MongoDB (ReconcileRequests);
    retried while MongoDB or Elasticsearch is still coming back."""
    try:
        report = await _services(ctx).index_sync.reconcile()
    except Unavailable as exc:
        raise Retry(defer=RETRY_DEFER_S) from exc
    return {"repaired": report.repaired}


async def drain_index_backlog(ctx: dict[str, Any]) -> int:
    """Every 10 seconds: index what an Elasticsearch outage left in the backlog (quiet while it is still down)."""
    try:
        return await _services(ctx).index_sync.drain_backlog()
    except Unavailable:
        return 0


async def recover_jobs(ctx: dict[str, Any]) -> list[str]:
    """Every 10 seconds: re-queue or fail (per kind) the running jobs whose worker died (their heartbeat stopped)."""
    return await _services(ctx).job_execution.recover()


async def repair_production_aliases(ctx: dict[str, Any]) -> list[str]:
    """Every 30 seconds (and at start): set MLflow's `production` alias from MongoDB's record where they differ."""
    try:
        return await _services(ctx).promotions.repair()
    except Unavailable:
        return []


async def sweep_orphan_uploads(ctx: dict[str, Any]) -> list[str]:
    """Every 15 minutes: delete uploads that no queued or running import reads, older than an hour."""
    try:
        return await _services(ctx).imports.sweep_orphan_uploads()
    except Unavailable:
        return []  # the live jobs cannot be listed: keep every upload until the next round


async def run_automations(ctx: dict[str, Any]) -> list[str]:
    """Every few seconds: start the automated trainings that are due (backend/automations/service.py)."""
    try:
        return await _services(ctx).automations.tick()
    except Unavailable:
        return []  # a store is down: the next tick tries again
