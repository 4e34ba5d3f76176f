"""Thin arq job functions: each one calls a domain service."""

from __future__ import annotations

from typing import Any

from backend.container import Services


async def check_dependencies(ctx: dict[str, Any]) -> dict[str, str | None]:
    """The worker's own view of its dependencies: service name → None when up, else the reason."""
    services: Services = ctx["services"]
    report = await services.health.check()
    return {d.dependency.value: d.reason for d in report.dependencies}
