"""Users, API tokens and the authenticated principal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from backend.auth.permissions import ROLE_PERMISSIONS, Permission, Role
from backend.auth.shortcuts import KeyboardShortcuts


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A long-lived token for notebooks and scripts; only its hash is stored."""

    id: str
    name: str
    secret_hash: str
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class User:
    """An account. API tokens are bounded children, kept inside the user document."""

    id: str
    username: str
    role: Role
    password_hash: str
    created_at: datetime
    disabled: bool = False
    demo: bool = False
    # Tokens issued before this instant are refused (logout, password change, disabling).
    tokens_valid_after: datetime | None = None
    api_tokens: tuple[ApiToken, ...] = field(default=())
    keyboard_shortcuts: KeyboardShortcuts = field(default_factory=KeyboardShortcuts)


class AuthMethod:
    ACCESS_TOKEN = "access_token"  # noqa: S105 - names of methods, not secrets
    API_TOKEN = "api_token"  # noqa: S105


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling, as established from a token on this request."""

    user: User
    method: str  # AuthMethod.*

    @property
    def role(self) -> Role:
        return self.user.role

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.user.role]


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """An access token and when it expires."""

    token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class CreatedApiToken:
    """A new API token: `secret` is the whole token, shown once and never stored."""

    token: ApiToken
    secret: str
