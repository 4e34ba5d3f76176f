"""One typed settings object, read from LABELLOOP_* environment variables."""

from __future__ import annotations

import socket
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The secret every demo install shares: fine for trying Labelloop on a laptop, refused in production.
DEMO_JWT_SECRET = "demo-only-jwt-secret-change-me"  # noqa: S105
MIN_SECRET_LENGTH = 32
# docker-compose.yml's demo password of the `labelloop` MongoDB user: refused in production too.
DEMO_MONGO_PASSWORD = "labelloop-demo"  # noqa: S105


class ProductionMisconfigured(RuntimeError):
    """Production mode refuses to start; the message names the setting to change."""


class Settings(BaseSettings):
    """Runtime configuration of an API replica or a worker."""

    model_config = SettingsConfigDict(env_prefix="LABELLOOP_", extra="ignore")

    mode: Literal["demo", "production"] = "demo"
    replica_id: str = Field(default_factory=socket.gethostname)

    mongo_uri: str = "mongodb://127.0.0.1:27017"
    mongo_db: str = "labelloop"
    elasticsearch_url: str = "http://127.0.0.1:9200"
    redis_url: str = "redis://127.0.0.1:6379/0"
    mlflow_url: str = "http://127.0.0.1:5000/mlflow"

    # Scale-out (docs/scaling.md). Elasticsearch: one URL, or several separated by commas (the nodes of a cluster);
    # each shard's copies on other nodes (0 on a single node, 1 on a cluster of three). The worker: how many jobs
    # one worker process runs at once.
    elasticsearch_replicas: int = Field(default=0, ge=0, le=10)
    worker_max_jobs: int = Field(default=4, ge=1, le=64)

    jwt_secret: str = DEMO_JWT_SECRET
    access_token_ttl_s: int = Field(default=1800, ge=60, le=86400)
    login_attempts_per_minute: int = Field(default=10, ge=1)

    # GraphQL limits; each error message names the limit it hit.
    max_query_depth: int = Field(default=12, ge=2)
    max_aliases: int = Field(default=30, ge=1)
    max_query_tokens: int = Field(default=4000, ge=100)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)  # a predict batch of 1,000 tabular rows fits
    max_predict_batch: int = Field(default=1000, ge=1, le=100_000)
    # None: on in demo mode (GraphiQL, schema exploration), off in production.
    introspection: bool | None = None

    data_dir: Path = Path("data")  # uploads and exports; shared by the API replicas and the worker
    # MLflow's own folder (mlflow.db and artifacts/), for `cli backup` and `cli restore` only
    mlflow_store_dir: Path | None = None

    probe_timeout_s: float = Field(default=4.0, gt=0, description="Budget of one dependency check in `health`.")

    @property
    def is_production(self) -> bool:
        return self.mode == "production"

    @property
    def introspection_enabled(self) -> bool:
        return (not self.is_production) if self.introspection is None else self.introspection

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Self:
        if not self.is_production:
            return self
        if self.jwt_secret == DEMO_JWT_SECRET or len(self.jwt_secret) < MIN_SECRET_LENGTH:
            raise ProductionMisconfigured(
                "production mode needs LABELLOOP_JWT_SECRET set to a random secret of at least "
                f"{MIN_SECRET_LENGTH} characters (e.g. `openssl rand -base64 48`), not the demo default"
            )
        if f":{DEMO_MONGO_PASSWORD}@" in self.mongo_uri:
            raise ProductionMisconfigured(
                "production mode refuses the demo MongoDB password in LABELLOOP_MONGO_URI: set "
                "LABELLOOP_MONGO_APP_PASSWORD to a random secret (docs/production.md)"
            )
        if self.introspection:
            raise ProductionMisconfigured(
                "production mode refuses LABELLOOP_INTROSPECTION=true: unset it (introspection is off in production)"
            )
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
