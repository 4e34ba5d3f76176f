"""The API process: FastAPI app factory with /graphql, /healthz, /readyz and /metrics."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from backend.api.router import SUBSCRIPTION_PROTOCOLS, LabelloopGraphQLRouter, build_context
from backend.api.schema import build_schema
from backend.auth import routes as auth_routes
from backend.container import Services
from backend.exports import routes as export_routes
from backend.health.entities import HealthReport
from backend.http_guards import GraphQLRequestGuard
from backend.logs import configure_logging
from backend.settings import ProductionMisconfigured, Settings, get_settings

log = logging.getLogger("labelloop.api")


def _report_json(report: HealthReport) -> dict[str, Any]:
    return {
        "status": "ready" if report.ready else "not ready",
        "replica": report.replica,
        "services": {
            d.dependency.value: {"up": d.up, "reason": d.reason, "latency_ms": round(d.latency_ms, 3)}
            for d in report.dependencies
        },
    }


async def _prepare_accounts(services: Services) -> None:
    settings = services.settings
    await services.prepare_storage()
    if not settings.is_production:
        await services.user_admin.ensure_demo_accounts()
        return
    demo = await services.user_admin.demo_accounts_present()
    if demo:
        raise ProductionMisconfigured(
            f"production mode refuses to start while the demo accounts {demo} exist: delete them "
            "(or run with LABELLOOP_MODE=demo)"
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API application; services are created at start-up and closed at shutdown."""
    settings = settings or get_settings()
    configure_logging(settings.replica_id)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = Services.create(settings)
        app.state.services = services
        background = []
        try:
            await _prepare_accounts(services)
            background = [
                asyncio.create_task(services.model_server.run(), name="model-server"),
                asyncio.create_task(services.prediction_log.run(), name="prediction-log"),
                asyncio.create_task(services.model_routes.run(), name="model-routes"),
                # a replica that died between a MongoDB write and its index write left the index behind
                asyncio.create_task(
                    services.reconcile_requests.soon(f"{settings.replica_id} started"), name="reconcile-request"
                ),
            ]
            log.info("ready in %s mode", settings.mode)
            yield
        finally:
            for task in background:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*background, return_exceptions=True)
            with contextlib.suppress(Exception):
                await services.shadow_scorer.drain()
            with contextlib.suppress(Exception):
                await services.prediction_log.flush()  # what was predicted last is logged too
            await services.close()

    app = FastAPI(title="Labelloop API", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(GraphQLRequestGuard, max_body_bytes=settings.max_body_bytes)

    graphql_router = LabelloopGraphQLRouter(
        build_schema(settings),
        context_getter=build_context,
        graphql_ide=None if settings.is_production else "graphiql",
        multipart_uploads_enabled=True,
        subscription_protocols=SUBSCRIPTION_PROTOCOLS,  # not the legacy graphql-ws (see the router)
    )
    app.include_router(graphql_router, prefix="/graphql")
    app.include_router(auth_routes.router)
    app.include_router(export_routes.router)

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
