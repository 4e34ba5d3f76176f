"""A WebSocket lives no longer than its session.

The token is checked at `connection_init`, then again before every new operation and every RECHECK_S seconds
while the socket is open: a logout, a disabled account, a role change, a password change or reset, a revoked API
token or an expired access token closes the socket with 4403 (graphql-transport-ws's Forbidden) within seconds, on
every replica. A re-check costs one Redis GET: the user comes from the replica's cache, under the Redis stamp
that every change of the user replaces (backend/auth/cache.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage, SubscribeMessage

from backend.auth.errors import AuthenticationFailed
from backend.errors import Unavailable
from backend.graphql.context import Context
from backend.http_guards import lone_surrogate_path

log = logging.getLogger("labelloop.sockets")
RECHECK_S = 2.0
FORBIDDEN = 4403
MAX_REASON_BYTES = 120  # a WebSocket close reason holds at most 123 bytes


def _reason(text: str) -> str:
    return text.encode()[:MAX_REASON_BYTES].decode(errors="ignore")


class SessionBoundWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws, with the session re-checked before each operation and every RECHECK_S seconds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watchdog: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        if self.connection_acknowledged and self._watchdog is None:
            self._watchdog = asyncio.create_task(self._watch(), name="socket-session-watchdog")

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged:
            problem = await self.session_problem()
            if problem is not None:
                await self._end(problem)
                return
            where = lone_surrogate_path(message.get("payload"), "payload")
            if where is not None:
                await self.websocket.close(code=4400, reason=_reason(f"{where} holds a lone UTF-16 surrogate"))
                return
        await super().handle_subscribe(message)

    async def shutdown(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watchdog
        await super().shutdown()

    async def session_problem(self) -> str | None:
        """Why the socket's session is over, or None while it holds (or cannot be checked right now)."""
        context = self.context
        if context.principal is None or context.bearer is None:
            return None  # never acknowledged without both
        try:
            principal = await context.services.auth.authenticate(context.bearer)
        except AuthenticationFailed as exc:
            return exc.reason
        except (Unavailable, OSError):
            return None  # a store is unreachable: keep the socket, check again next time
        if principal.role is not context.principal.role:
            return f"your role changed to {principal.role.value}: connect again"
        return None

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(RECHECK_S)
            problem = await self.session_problem()
            if problem is not None:
                await self._end(problem)
                return

    async def _end(self, problem: str) -> None:
        log.info("closing the socket of %s: %s", self.context.principal and self.context.principal.user.id, problem)
        with contextlib.suppress(Exception):  # the client may be gone already
            await self.websocket.close(code=FORBIDDEN, reason=_reason(problem))
