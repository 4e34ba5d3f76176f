"""The user behind each request, from memory while it is unchanged.

Every authenticated request needs its user (disabled? tokens revoked? role?). Reading it from MongoDB each time
costs more than the rest of a small request's checks together, so every replica keeps the users it has seen, each
with the *stamp* it was read under. A stamp is a random value in Redis, replaced after every change of the user in
MongoDB. A request reads the stamp (one Redis GET) and uses the cached user only when it is the same; a change made
through any replica therefore applies to the next request on every replica, as before.

Order makes it safe: a reader reads the stamp before the user, a writer replaces the stamp after the user; so a
cached copy is never older than its stamp. When Redis cannot be reached, requests read MongoDB as they did without
the cache; a change whose stamp could not be replaced (Redis failing at that instant) reaches the other replicas
within MAX_AGE_S, the longest a copy is kept.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from backend.auth.entities import ApiToken, User
from backend.auth.permissions import Role
from backend.auth.repository import UserRepository
from backend.auth.shortcuts import KeyboardShortcuts
from backend.clients import redis_keys
from backend.clients.failures import storage
from backend.clients.redis import RedisOutage

log = logging.getLogger("labelloop.auth")
MAX_AGE_S = 60.0
MAX_USERS = 10_000
STAMP_TTL_S = 86_400  # an idle user's stamp goes; the next read makes a new one


_stamp_key = redis_keys.user_stamp


@storage
class CachedUserRepository(UserRepository):
    def __init__(
        self,
        db: AsyncDatabase[dict[str, Any]],
        redis: Redis,
        outage: RedisOutage,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(db)
        self._redis = redis
        self._outage = outage
        self._clock = clock
        self._cache: dict[str, tuple[str, float, User]] = {}  # user id → (stamp, read at, user)

    async def get(self, user_id: str) -> User | None:
        stamp = await self._stamp(user_id)
        cached = self._cache.get(user_id)
        now = self._clock()
        if cached is not None and stamp is not None and cached[0] == stamp and now - cached[1] < MAX_AGE_S:
            return cached[2]
        user = await super().get(user_id)
        if user is None or stamp is None:
            self._cache.pop(user_id, None)
            return user
        if len(self._cache) >= MAX_USERS and user_id not in self._cache:
            self._cache.pop(next(iter(self._cache)))  # the oldest entry
        self._cache[user_id] = (stamp, now, user)
        return user

    async def _stamp(self, user_id: str) -> str | None:
        """The user's current stamp (made now if it has none); None when Redis cannot tell."""
        return await self._outage.attempt(lambda: self._read_stamp(user_id), None)

    async def _read_stamp(self, user_id: str) -> str | None:
        key = _stamp_key(user_id)
        value = await self._redis.get(key)
        if value is None:
            fresh = secrets.token_hex(8)
            if not await self._redis.set(key, fresh, nx=True, ex=STAMP_TTL_S):
                return None  # a writer set one meanwhile: read MongoDB this time
            return fresh
        return value.decode() if isinstance(value, bytes) else str(value)

    async def _restamp(self, user_id: str) -> None:
        self._cache.pop(user_id, None)
        stamped = await self._outage.attempt(
            lambda: self._redis.set(_stamp_key(user_id), secrets.token_hex(8), ex=STAMP_TTL_S), None
        )
        if stamped is None:
            log.warning(
                "user %s changed, but Redis is unreachable: other replicas see it within %.0f s", user_id, MAX_AGE_S
            )

    async def update(
        self,
        user_id: str,
        *,
        role: Role | None = None,
        password_hash: str | None = None,
        disabled: bool | None = None,
        tokens_valid_after: datetime | None = None,
        revoke_api_tokens_at: datetime | None = None,
    ) -> User | None:
        try:
            return await super().update(
                user_id,
                role=role,
                password_hash=password_hash,
                disabled=disabled,
                tokens_valid_after=tokens_valid_after,
                revoke_api_tokens_at=revoke_api_tokens_at,
            )
        finally:
            await self._restamp(user_id)

    async def set_keyboard_shortcuts(self, user_id: str, shortcuts: KeyboardShortcuts) -> User | None:
        try:
            return await super().set_keyboard_shortcuts(user_id, shortcuts)
        finally:
            await self._restamp(user_id)

    async def add_api_token(self, user: User, token: ApiToken) -> User:
        try:
            return await super().add_api_token(user, token)
        finally:
            await self._restamp(user.id)

    async def revoke_api_token(self, user_id: str, token_id: str, at: datetime) -> bool:
        try:
            return await super().revoke_api_token(user_id, token_id, at)
        finally:
            await self._restamp(user_id)

    async def delete(self, user_id: str) -> bool:
        try:
            return await super().delete(user_id)
        finally:
            await self._restamp(user_id)
