"""The API process: FastAPI app factory with /graphql, /healthz, /readyz and /metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.requests import HTTPConnection
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from strawberry.fastapi import GraphQLRouter

from backend.container import Services
from backend.graphql.context import Context
from backend.graphql.schema import schema
from backend.health.entities import HealthReport
from backend.settings import Settings, get_settings


def _report_json(report: HealthReport) -> dict[str, Any]:
    return {
        "status": "ready" if report.ready else "not ready",
        "replica": report.replica,
        "services": {
            d.dependency.value: {"up": d.up, "reason": d.reason, "latency_ms": round(d.latency_ms, 3)}
            for d in report.dependencies
        },
    }


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API application; services are created at start-up and closed at shutdown."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = Services.create(settings)
        app.state.services = services
        try:
            yield
        finally:
            await services.close()

    app = FastAPI(title="Labelloop API", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    async def get_context(connection: HTTPConnection) -> Context:
        # HTTPConnection covers both HTTP requests and WebSocket connections.
        return Context(connection.app.state.services)

    graphql_router: GraphQLRouter[Context, None] = GraphQLRouter(
        schema, context_getter=get_context, graphql_ide=None if settings.is_production else "graphiql"
    )
    app.include_router(graphql_router, prefix="/graphql")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is alive (it checks nothing else)."""
        return {"status": "alive", "replica": settings.replica_id}

    @app.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        """200 when every dependency answers, 503 otherwise, with each one's state."""
        report = await request.app.state.services.health.check()
        return JSONResponse(_report_json(report), status_code=200 if report.ready else 503)

    @app.get("/metrics")
    async def metrics() -> Response:
        """Prometheus metrics of this replica."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app
