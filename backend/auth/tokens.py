"""Access tokens (PyJWT) and API token strings."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

ISSUER = "labelloop"
AUDIENCE = "labelloop-api"
ALGORITHMS = ["HS256"]  # the allow-list: a token naming any other algorithm (or "none") is refused
REQUIRED_CLAIMS = ["exp", "iat", "nbf", "aud", "iss", "sub", "jti"]
API_TOKEN_PREFIX = "llp"  # noqa: S105 - a visible prefix, so leaked tokens are recognisable


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: str
    issued_at: datetime
    token_id: str


class AccessTokenCodec:
    """Signs and checks the short-lived access tokens the SPA and notebooks send as Bearer tokens."""

    def __init__(self, secret: str, ttl: timedelta) -> None:
        self._secret = secret
        self.ttl = ttl

    def issue(self, user_id: str, now: datetime) -> tuple[str, datetime]:
        """A signed token for `user_id` and its expiry."""
        expires_at = now + self.ttl
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": user_id,
            # Fractional seconds, so that a logout and a login in the same second stay ordered.
            "iat": round(now.timestamp(), 3),
            "nbf": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHMS[0]), expires_at

    def decode(self, token: str) -> AccessClaims:
        """The claims of a valid token; raises jwt.InvalidTokenError with the reason otherwise."""
        claims = jwt.decode(
            token,
            self._secret,
            algorithms=ALGORITHMS,
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": REQUIRED_CLAIMS},
            leeway=5,
        )
        return AccessClaims(
            user_id=str(claims["sub"]),
            issued_at=datetime.fromtimestamp(float(claims["iat"]), UTC),
            token_id=str(claims["jti"]),
        )


@dataclass(frozen=True, slots=True)
class ApiTokenParts:
    user_id: str
    token_id: str
    secret: str


def bearer_token(value: object) -> str | None:
    """The token of an 'Authorization: Bearer <token>' value (the scheme is case-insensitive), or None."""
    if not isinstance(value, str) or not value.lower().startswith("bearer "):
        return None
    return value[len("bearer ") :].strip() or None


def new_api_token(user_id: str) -> tuple[ApiTokenParts, str]:
    """A fresh API token: its parts and the string handed to the user once."""
    parts = ApiTokenParts(user_id=user_id, token_id=uuid.uuid4().hex[:12], secret=secrets.token_urlsafe(32))
    return parts, f"{API_TOKEN_PREFIX}_{parts.user_id}.{parts.token_id}.{parts.secret}"


def parse_api_token(token: str) -> ApiTokenParts | None:
    """The parts of a string shaped like an API token, or None when it is not one."""
    if not token.startswith(f"{API_TOKEN_PREFIX}_"):
        return None
    pieces = token.removeprefix(f"{API_TOKEN_PREFIX}_").split(".")
    if len(pieces) != 3 or not all(pieces):
        return None
    return ApiTokenParts(user_id=pieces[0], token_id=pieces[1], secret=pieces[2])


def hash_api_secret(secret: str) -> str:
    """API token secrets are 256 random bits: a plain SHA-256 is enough (no brute force to slow down)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def api_secret_matches(secret: str, secret_hash: str) -> bool:
    return hmac.compare_digest(hash_api_secret(secret), secret_hash)
