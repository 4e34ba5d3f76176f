"""GraphQL types and the `health` query."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from backend.graphql.context import Info
from backend.graphql.permissions import public
from backend.health.entities import DependencyHealth, HealthReport


@strawberry.enum(description="State of a service.")
class ServiceStatus(enum.Enum):
    UP = strawberry.enum_value("up", description="Answered its check within the time budget.")
    DOWN = strawberry.enum_value("down", description="Refused, failed or did not answer its check.")


@strawberry.enum(description="A service that the API depends on.")
class ServiceName(enum.Enum):
    MONGO = strawberry.enum_value("mongo", description="MongoDB (or the MongoDB-wire server): the source of truth.")
    ELASTICSEARCH = strawberry.enum_value("elasticsearch", description="Elasticsearch: search, lists and counts.")
    REDIS = strawberry.enum_value("redis", description="Redis: job queue and live events.")
    MLFLOW = strawberry.enum_value("mlflow", description="MLflow: experiment tracking and model registry.")


@strawberry.type(description="One service's state as seen by the API replica that answered.")
class ServiceHealth:
    name: ServiceName = strawberry.field(
        description="Which dependency this line is about (MongoDB, Elasticsearch, Redis or MLflow)."
    )
    status: ServiceStatus = strawberry.field(description="UP or DOWN.")
    reason: str | None = strawberry.field(description="Why it is DOWN, in one sentence; null when UP.")
    latency_ms: float = strawberry.field(description="How long the check took, in milliseconds.")

    @classmethod
    def from_entity(cls, entity: DependencyHealth) -> ServiceHealth:
        return cls(
            name=ServiceName(entity.dependency.value),
            status=ServiceStatus.UP if entity.up else ServiceStatus.DOWN,
            reason=entity.reason,
            latency_ms=round(entity.latency_ms, 3),
        )


@strawberry.type(description="The platform's health, as checked just now by one API replica.")
class Health:
    replica: str = strawberry.field(description="Id of the API replica that answered (LABELLOOP_REPLICA_ID).")
    status: ServiceStatus = strawberry.field(description="UP when every service is UP, else DOWN.")
    checked_at: datetime = strawberry.field(description="When the checks ran (UTC).")
    services: list[ServiceHealth] = strawberry.field(description="Each service's state, in a fixed order.")

    @classmethod
    def from_entity(cls, report: HealthReport) -> Health:
        return cls(
            replica=report.replica,
            status=ServiceStatus.UP if report.ready else ServiceStatus.DOWN,
            checked_at=report.checked_at,
            services=[ServiceHealth.from_entity(d) for d in report.dependencies],
        )


@strawberry.type
class HealthQuery:
    @strawberry.field(**public("Checks every service the API depends on."))
    async def health(self, info: Info) -> Health:
        return Health.from_entity(await info.context.services.health.check())
