"""The typed context every resolver receives."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import strawberry
from strawberry.fastapi import BaseContext

from backend.auth.entities import Principal

if TYPE_CHECKING:  # the container assembles every domain, whose schema modules import this toolkit
    from backend.container import Services


class Context(BaseContext):
    """Per-request (or per-WebSocket) context: services, the authenticated viewer, the client, the request id."""

    def __init__(
        self,
        services: Services,
        principal: Principal | None,
        auth_error: str | None,
        client: str,
        request_id: str,
    ) -> None:
        super().__init__()
        self.services = services
        self.principal = principal
        self.auth_error = auth_error  # why a sent token was refused, for the UNAUTHENTICATED message
        self.auth_unavailable: str | None = None  # the token could not be checked (a service is down)
        self.bearer: str | None = None  # the token the principal was authenticated with (sockets re-check it)
        self.client = client
        self.request_id = request_id

    def require_principal(self) -> Principal:
        """The viewer; fields that call this are guarded by a permission, so it is set."""
        if self.principal is None:  # pragma: no cover - the permission check runs first
            raise RuntimeError("field resolved without its permission check")
        return self.principal


Info: TypeAlias = strawberry.Info[Context, None]
