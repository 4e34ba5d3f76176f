"""Sessions and tokens: login, logout, authentication of each request, API tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import jwt

from backend.auth.entities import ApiToken, AuthMethod, CreatedApiToken, IssuedToken, Principal, User
from backend.auth.errors import (
    ApiTokenNotFound,
    AuthenticationFailed,
    InvalidCredentials,
    LoginRateLimited,
    UserNotFound,
    WrongPassword,
)
from backend.auth.passwords import hash_password, verify_password
from backend.auth.rate_limit import LoginRateLimiter
from backend.auth.repository import UserRepository
from backend.auth.shortcuts import KeyboardShortcuts, checked_shortcuts
from backend.auth.tokens import (
    AccessTokenCodec,
    api_secret_matches,
    hash_api_secret,
    new_api_token,
    parse_api_token,
)
from backend.auth.validation import check_password, check_token_name, raise_problems
from backend.clock import utc_now
from backend.errors import DomainError, FieldProblem, ValidationFailed

MAX_ACTIVE_API_TOKENS = 20


class AccountDisabled(DomainError):
    def __init__(self) -> None:
        super().__init__("this account is disabled: ask an administrator to enable it")


class AuthService:
    """Turns credentials into tokens and tokens into a Principal."""

    def __init__(
        self,
        users: UserRepository,
        codec: AccessTokenCodec,
        limiter: LoginRateLimiter,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._users = users
        self._codec = codec
        self._limiter = limiter
        self._clock = clock

    async def login(self, username: str, password: str, client: str) -> tuple[User, IssuedToken]:
        """An access token for valid credentials.

        Raises LoginRateLimited past the per-client limit, InvalidCredentials for an unknown user or a wrong
        password (one error, same timing), AccountDisabled for a disabled account with the right password.
        """
        retry_after = await self._limiter.hit(client)
        if retry_after is not None:
            raise LoginRateLimited(self._limiter.limit, self._limiter.window_s, retry_after)
        user = await self._users.get_by_username(username.strip().lower())
        if not await verify_password(user.password_hash if user else None, password) or user is None:
            raise InvalidCredentials
        if user.disabled:
            raise AccountDisabled
        return user, self._issue(user)

    def _issue(self, user: User) -> IssuedToken:
        token, expires_at = self._codec.issue(user.id, self._clock())
        return IssuedToken(token=token, expires_at=expires_at)

    async def authenticate(self, bearer: str) -> Principal:
        """The principal a Bearer token stands for; raises AuthenticationFailed with the reason."""
        api_parts = parse_api_token(bearer)
        if api_parts is not None:
            user = await self._active_user(api_parts.user_id)
            token = next((t for t in user.api_tokens if t.id == api_parts.token_id), None)
            if token is None or not api_secret_matches(api_parts.secret, token.secret_hash):
                raise AuthenticationFailed("unknown API token")
            if not token.active:
                raise AuthenticationFailed("this API token was revoked")
            return Principal(user=user, method=AuthMethod.API_TOKEN)
        try:
            claims = self._codec.decode(bearer)
        except jwt.ExpiredSignatureError as exc:
            raise AuthenticationFailed("the access token has expired: log in again") from exc
        except jwt.InvalidTokenError as exc:
            raise AuthenticationFailed(f"invalid access token ({exc})") from exc
        user = await self._active_user(claims.user_id)
        if user.tokens_valid_after is not None and claims.issued_at < user.tokens_valid_after:
            raise AuthenticationFailed("this access token was revoked (logout or password change): log in again")
        return Principal(user=user, method=AuthMethod.ACCESS_TOKEN)

    async def _active_user(self, user_id: str) -> User:
        user = await self._users.get(user_id)
        if user is None:
            raise AuthenticationFailed("the token's user no longer exists")
        if user.disabled:
            raise AuthenticationFailed("this account is disabled")
        return user

    async def logout(self, principal: Principal) -> datetime:
        """Revoke every access token of the user issued until now, and return that instant.

        API tokens are not affected: they are revoked one by one.
        """
        now = self._clock()
        await self._users.update(principal.user.id, tokens_valid_after=now)
        return now

    async def refresh(self, principal: Principal) -> IssuedToken:
        """A fresh access token for a still-valid session."""
        return self._issue(principal.user)

    async def change_own_password(self, principal: Principal, current: str, new: str) -> IssuedToken:
        """Change the caller's password, revoke their other access tokens and every API token, and return a new
        access token.

        Raises ValidationFailed for an unacceptable new password, WrongPassword for a wrong current one.
        """
        raise_problems(check_password(new, "newPassword"))
        if not await verify_password(principal.user.password_hash, current):
            raise WrongPassword
        revoked_at = self._clock()
        await self._users.update(
            principal.user.id,
            password_hash=await hash_password(new),
            tokens_valid_after=revoked_at,
            revoke_api_tokens_at=revoked_at,
        )
        return self._issue(principal.user)

    async def update_keyboard_shortcuts(self, principal: Principal, shortcuts: KeyboardShortcuts) -> KeyboardShortcuts:
        """Store the caller's workspace keys (one-character keys in lower case) and return them as stored.

        Raises ValidationFailed for a key the workspace cannot use, or one key given to two actions; UserNotFound
        when the account is gone.
        """
        checked = checked_shortcuts(shortcuts)
        user = await self._users.set_keyboard_shortcuts(principal.user.id, checked)
        if user is None:
            raise UserNotFound(principal.user.id)
        return user.keyboard_shortcuts

    async def create_api_token(self, principal: Principal, name: str) -> CreatedApiToken:
        """A new API token for the caller; its secret is returned once and only its hash is stored."""
        raise_problems(check_token_name(name))
        if sum(t.active for t in principal.user.api_tokens) >= MAX_ACTIVE_API_TOKENS:
            raise ValidationFailed(
                [
                    FieldProblem(
                        "name",
                        "too_many_tokens",
                        f"you have {MAX_ACTIVE_API_TOKENS} active API tokens: revoke one first",
                    )
                ]
            )
        parts, secret = new_api_token(principal.user.id)
        token = ApiToken(
            id=parts.token_id,
            name=name.strip(),
            secret_hash=hash_api_secret(parts.secret),
            created_at=self._clock(),
        )
        await self._users.add_api_token(principal.user, token)
        return CreatedApiToken(token=token, secret=secret)

    async def revoke_api_token(self, principal: Principal, token_id: str) -> ApiToken:
        """Revoke one of the caller's active tokens; raises ApiTokenNotFound otherwise."""
        if not await self._users.revoke_api_token(principal.user.id, token_id, self._clock()):
            raise ApiTokenNotFound(token_id)
        user = await self._users.get(principal.user.id)
        return next(t for t in (user.api_tokens if user else ()) if t.id == token_id)
