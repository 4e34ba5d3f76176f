"""Builds the clients and services one process needs, and closes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from backend.auth.admin import UserAdminService
from backend.auth.rate_limit import LoginRateLimiter
from backend.auth.repository import UserRepository
from backend.auth.service import AuthService
from backend.auth.tokens import AccessTokenCodec
from backend.clients.elasticsearch import SearchClient
from backend.clients.mlflow import MlflowServer
from backend.clients.mongo import MongoClient
from backend.clients.redis import RedisClient
from backend.health.entities import Dependency
from backend.health.service import HealthService, Probe
from backend.settings import Settings


@dataclass(slots=True)
class Services:
    """Everything a resolver or a job may call; one instance per process."""

    settings: Settings
    mongo: MongoClient
    search: SearchClient
    redis: RedisClient
    mlflow: MlflowServer
    health: HealthService
    users: UserRepository
    auth: AuthService
    user_admin: UserAdminService

    @classmethod
    def create(cls, settings: Settings) -> Services:
        mongo = MongoClient(settings.mongo_uri, settings.mongo_db)
        search = SearchClient(settings.elasticsearch_url)
        redis = RedisClient(settings.redis_url)
        mlflow = MlflowServer(settings.mlflow_url)
        probes = {
            Dependency.MONGO: Probe(mongo.ping, mongo.address),
            Dependency.ELASTICSEARCH: Probe(search.ping, search.address),
            Dependency.REDIS: Probe(redis.ping, redis.address),
            Dependency.MLFLOW: Probe(mlflow.ping, mlflow.address),
        }
        health = HealthService(settings.replica_id, probes, settings.probe_timeout_s)
        users = UserRepository(mongo.db)
        codec = AccessTokenCodec(settings.jwt_secret, timedelta(seconds=settings.access_token_ttl_s))
        limiter = LoginRateLimiter(redis.redis, settings.login_attempts_per_minute, window_s=60)
        return cls(
            settings=settings,
            mongo=mongo,
            search=search,
            redis=redis,
            mlflow=mlflow,
            health=health,
            users=users,
            auth=AuthService(users, codec, limiter),
            user_admin=UserAdminService(users),
        )

    async def prepare_storage(self) -> None:
        """Create collections' indexes (idempotent); every process calls it at start."""
        await self.users.ensure_indexes()

    async def close(self) -> None:
        await self.mongo.close()
        await self.search.close()
        await self.redis.close()
        await self.mlflow.close()
