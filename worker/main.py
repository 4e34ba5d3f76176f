"""The arq worker: `arq worker.main.WorkerSettings`. Any number of worker processes share the one queue in Redis
(LABELLOOP_WORKERS natively, the worker service's replicas under Compose: docs/scaling.md)."""

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

# Each cron slot is queued under one arq job id (`cron:<name>:<slot time>`, `unique`), so with several workers
# the first to queue a slot wins and the others' attempts are refused while the job is queued or running. A worker
# that comes late (its event loop stalled past the slot) would queue the slot again once the first run has ended
# and its job key is gone; the slot's result, kept this long, refuses that too (arq also keeps a cron's
# in-progress key for 60 s, which only delays such a duplicate).
CRON_SLOT_KEPT_S = 120


def _name(replica_id: str) -> str:
    """The worker's name in its log lines: `worker`, `worker-2`… natively, `worker-<host>` elsewhere."""
    return replica_id if replica_id.startswith("worker") else f"worker-{replica_id}"


async def startup(ctx: dict[str, Any]) -> None:
    configure_logging(_name(_settings.replica_id))
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
        # at each slot once; and at each worker's start (the start's own slot: idempotent, so two workers started
        # together both reconcile, which is harmless; a fixed job id would keep a killed worker's run blocking it)
        cron(periodic_reconcile, minute=set(range(0, 60, 10)), run_at_startup=True, unique=True, timeout=1800),
        cron(drain_index_backlog, second=set(range(0, 60, 10)), unique=True, timeout=60, keep_result=CRON_SLOT_KEPT_S),
        cron(recover_jobs, second=set(range(5, 60, 10)), unique=True, timeout=60, keep_result=CRON_SLOT_KEPT_S),
        cron(run_automations, second=set(range(1, 60, 3)), unique=True, timeout=60, keep_result=CRON_SLOT_KEPT_S),
        cron(
            repair_production_aliases,
            second={25, 55},
            run_at_startup=True,
            unique=True,
            timeout=60,
            keep_result=CRON_SLOT_KEPT_S,
        ),
        cron(
            sweep_orphan_uploads, minute=set(range(7, 60, 15)), unique=True, timeout=300, keep_result=CRON_SLOT_KEPT_S
        ),
    ]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = RedisSettings.from_dsn(_settings.redis_url)
    health_check_interval = 10
    # arq looks for new jobs every `poll_delay` (0.5 s by default: on average 0.25 s before a queued training or
    # import starts); one ZRANGEBYSCORE per 0.1 s costs Redis next to nothing
    poll_delay = 0.1
    max_jobs = _settings.worker_max_jobs  # LABELLOOP_WORKER_MAX_JOBS, default 4
    job_timeout = 3600
