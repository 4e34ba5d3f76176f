"""The arq worker: `arq worker.main.WorkerSettings`."""

from __future__ import annotations

from typing import Any, ClassVar

from arq.connections import RedisSettings

from backend.container import Services
from backend.settings import get_settings
from worker.jobs import check_dependencies

_settings = get_settings()


async def startup(ctx: dict[str, Any]) -> None:
    ctx["services"] = Services.create(_settings)


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["services"].close()


class WorkerSettings:
    """arq reads its configuration from this class."""

    functions: ClassVar[list[Any]] = [check_dependencies]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = RedisSettings.from_dsn(_settings.redis_url)
    health_check_interval = 10
    max_jobs = 10
