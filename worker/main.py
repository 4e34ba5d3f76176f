"""The arq worker: `arq worker.main.WorkerSettings`."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from arq import cron, func
from arq.connections import RedisSettings

from backend.clients.mongo_bootstrap import DatabaseNotBootstrapped
from backend.container import Services
from backend.logs import configure_logging
from backend.settings import get_settings
from worker.jobs import (
    check_dependencies,
    drain_index_backlog,
    periodic_reconcile,
    reconcile_soon,
    recover_jobs,
    repair_production_aliases,
    run_automations,
    sweep_orphan_uploads,
)
from worker.registry import job_functions

_settings = get_settings()
log = logging.getLogger("labelloop.worker")


async def startup(ctx: dict[str, Any]) -> None:
    configure_logging(f"worker-{_settings.replica_id}")
    services = Services.create(_settings)
    ctx["services"] = services
    try:
        await services.prepare_storage()
    except DatabaseNotBootstrapped:
        raise  # no job could run; the message says how to run init-mongo.js
    except Exception:  # Elasticsearch may still be starting: every write retries creating what it needs
        log.warning("could not prepare storage at start; will retry on first use", exc_info=True)


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["services"].close()


class WorkerSettings:
    """arq reads its configuration from this class."""

    functions: ClassVar[list[Any]] = [
        check_dependencies,
        func(reconcile_soon, max_tries=30, timeout=1800),  # retried every 10 s while a store is still coming back
        *job_functions(),  # one per JobKind, from the registry
    ]
    cron_jobs: ClassVar[list[Any]] = [
        cron(periodic_reconcile, minute=set(range(0, 60, 10)), run_at_startup=True, unique=True, timeout=1800),
        cron(drain_index_backlog, second=set(range(0, 60, 10)), unique=True, timeout=60, keep_result=0),
        cron(recover_jobs, second=set(range(5, 60, 10)), unique=True, timeout=60, keep_result=0),
        cron(run_automations, second=set(range(1, 60, 3)), unique=True, timeout=60, keep_result=0),
        cron(repair_production_aliases, second={25, 55}, run_at_startup=True, unique=True, timeout=60, keep_result=0),
        cron(sweep_orphan_uploads, minute=set(range(7, 60, 15)), unique=True, timeout=300, keep_result=0),
    ]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = RedisSettings.from_dsn(_settings.redis_url)
    health_check_interval = 10
    max_jobs = 4
    job_timeout = 3600
