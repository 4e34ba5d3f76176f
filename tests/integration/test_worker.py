"""The arq worker takes jobs from Redis and reaches every service."""

from __future__ import annotations

from arq import create_pool
from arq.connections import RedisSettings

from tests.stack import REDIS_URL


async def test_the_worker_runs_a_job_and_sees_every_service_up() -> None:
    # given a connection to the job queue
    redis = await create_pool(RedisSettings.from_dsn(REDIS_URL))
    try:
        # when a dependency check is enqueued
        job = await redis.enqueue_job("check_dependencies")
        assert job is not None
        result = await job.result(timeout=30)
    finally:
        await redis.aclose()
    # then the worker ran it and saw every service up
    assert result == {"mongo": None, "elasticsearch": None, "redis": None, "mlflow": None}
