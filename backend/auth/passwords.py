"""argon2id password hashing (argon2-cffi), run off the event loop: hashing takes tens of milliseconds."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 "low memory" profile
# Verified when the username is unknown, so that both failures take the same time.
_DUMMY_HASH = _hasher.hash("labelloop-timing-equaliser")


async def hash_password(password: str) -> str:
    """The argon2id hash of `password`."""
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches `password_hash`; with no hash, spends the same time and returns False."""

    def verify() -> bool:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)
