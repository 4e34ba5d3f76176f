"""One typed settings object, read from LABELLOOP_* environment variables."""

from __future__ import annotations

import socket
from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    probe_timeout_s: float = Field(
        default=2.5, gt=0, description="Budget of one dependency check in `health`."
    )

    @property
    def is_production(self) -> bool:
        return self.mode == "production"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
