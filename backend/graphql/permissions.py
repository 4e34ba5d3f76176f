"""Declarative access control on fields: `requires(Permission.X, ...)` or `public(...)`."""

from __future__ import annotations

from functools import cache
from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission

from backend.auth.permissions import Permission, denial_reason, roles_with
from backend.graphql.errors import DomainErrorsAsUnion

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"


class RequirePermission(BasePermission):
    """Refuses the field, with a top-level error, unless the viewer's role grants `permission`."""

    permission: Permission

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        context = info.context
        principal = context.principal
        if principal is None and context.auth_unavailable:
            raise GraphQLError(context.auth_unavailable, extensions={"code": "SERVICE_UNAVAILABLE"})
        if principal is None:
            why = context.auth_error or "no token was sent"
            raise GraphQLError(
                f"authentication required: {why}. Send 'Authorization: Bearer <token>' (get one with `login`).",
                extensions={"code": UNAUTHENTICATED},
            )
        reason = denial_reason(principal.role, self.permission)
        if reason is not None:
            raise GraphQLError(
                f"forbidden: `{info.field_name}` {reason}",
                extensions={"code": FORBIDDEN, "permission": self.permission.name},  # as in the Permission enum
            )
        return True


@cache
def permission_class(permission: Permission) -> type[RequirePermission]:
    return type(f"Require_{permission.value}", (RequirePermission,), {"permission": permission})


def requires(permission: Permission, description: str) -> dict[str, Any]:
    """strawberry.field / mutation keyword arguments for a field guarded by `permission`."""
    roles = ", ".join(r.value for r in roles_with(permission))
    return {
        "description": f"{description}\n\nRequires permission `{permission.value}` (roles: {roles}).",
        "permission_classes": [permission_class(permission)],
        "extensions": [DomainErrorsAsUnion()],
        "metadata": {"permission": permission.value},
    }


def public(description: str) -> dict[str, Any]:
    """strawberry.field / mutation keyword arguments for a field anyone may call."""
    return {
        "description": f"{description}\n\nPublic: needs no token.",
        "extensions": [DomainErrorsAsUnion()],
        "metadata": {"public": True},
    }
