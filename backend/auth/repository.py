"""Users in MongoDB, by key: `_id`, or equality on the unique `username` index."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from backend.auth.entities import ApiToken, User
from backend.auth.permissions import Role
from backend.auth.shortcuts import KeyboardShortcuts
from backend.clients.failures import storage


class UsernameTaken(Exception):
    def __init__(self, username: str) -> None:
        super().__init__(username)
        self.username = username


def _token_from_doc(doc: dict[str, Any]) -> ApiToken:
    return ApiToken(
        id=doc["id"],
        name=doc["name"],
        secret_hash=doc["secret_hash"],
        created_at=doc["created_at"],
        revoked_at=doc.get("revoked_at"),
        last_used_at=doc.get("last_used_at"),
    )


def _user_from_doc(doc: dict[str, Any]) -> User:
    return User(
        id=doc["_id"],
        username=doc["username"],
        role=Role(doc["role"]),
        password_hash=doc["password_hash"],
        created_at=doc["created_at"],
        disabled=doc.get("disabled", False),
        demo=doc.get("demo", False),
        tokens_valid_after=doc.get("tokens_valid_after"),
        api_tokens=tuple(_token_from_doc(t) for t in doc.get("api_tokens", [])),
        keyboard_shortcuts=KeyboardShortcuts.from_doc(doc.get("keyboard_shortcuts")),
    )


def _doc_from_token(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "name": token.name,
        "secret_hash": token.secret_hash,
        "created_at": token.created_at,
        "revoked_at": token.revoked_at,
        "last_used_at": token.last_used_at,
    }


@storage
class UserRepository:
    """The `users` collection. API tokens are embedded in their user (bounded, read with the user)."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._users = db["users"]

    async def get(self, user_id: str) -> User | None:
        """The user with `user_id`, or None."""
        doc = await self._users.find_one({"_id": user_id})
        return _user_from_doc(doc) if doc else None

    async def get_by_username(self, username: str) -> User | None:
        """The user named `username` (unique index equality), or None."""
        doc = await self._users.find_one({"username": username})
        return _user_from_doc(doc) if doc else None

    async def insert(self, user: User) -> None:
        """Store a new user; raises UsernameTaken when the name (or id) exists."""
        doc = {
            "_id": user.id,
            "username": user.username,
            "role": user.role.value,
            "password_hash": user.password_hash,
            "created_at": user.created_at,
            "disabled": user.disabled,
            "demo": user.demo,
            "tokens_valid_after": user.tokens_valid_after,
            "api_tokens": [_doc_from_token(t) for t in user.api_tokens],
        }
        try:
            await self._users.insert_one(doc)
        except DuplicateKeyError as exc:
            raise UsernameTaken(user.username) from exc

    async def list_all(self) -> list[User]:
        """Every user, by username. Accounts number in the hundreds at most, so one scan is cheap."""
        return sorted([_user_from_doc(d) async for d in self._users.find({})], key=lambda u: u.username)

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
        """Set the given fields (and, with `revoke_api_tokens_at`, revoke every active API token in the same
        write); return the updated user, or None when it does not exist."""
        changes: dict[str, Any] = {}
        if role is not None:
            changes["role"] = role.value
        if password_hash is not None:
            changes["password_hash"] = password_hash
        if disabled is not None:
            changes["disabled"] = disabled
        if tokens_valid_after is not None:
            changes["tokens_valid_after"] = tokens_valid_after
        if revoke_api_tokens_at is not None:
            return await self._update_revoking_tokens(user_id, changes, revoke_api_tokens_at)
        doc = await self._users.find_one_and_update(
            {"_id": user_id}, {"$set": changes}, return_document=ReturnDocument.AFTER
        )
        return _user_from_doc(doc) if doc else None

    async def _update_revoking_tokens(self, user_id: str, changes: dict[str, Any], at: datetime) -> User | None:
        # The token list is rewritten whole (no positional `$` update on the MongoDB-wire server), guarded by
        # `tokens_version` like revoke_api_token, so a token created meanwhile is never lost nor left active.
        for _ in range(5):
            doc = await self._users.find_one({"_id": user_id}, {"api_tokens": 1, "tokens_version": 1})
            if doc is None:
                return None
            tokens = doc.get("api_tokens", [])
            for token in tokens:
                if token.get("revoked_at") is None:
                    token["revoked_at"] = at
            version = doc.get("tokens_version", 0)
            updated = await self._users.find_one_and_update(
                {"_id": user_id, "tokens_version": version} if version else {"_id": user_id, "tokens_version": None},
                {"$set": {**changes, "api_tokens": tokens, "tokens_version": version + 1}},
                return_document=ReturnDocument.AFTER,
            )
            if updated is not None:
                return _user_from_doc(updated)
        raise RuntimeError(f"API tokens of user {user_id} changed 5 times during one password change")

    async def set_keyboard_shortcuts(self, user_id: str, shortcuts: KeyboardShortcuts) -> User | None:
        """Replace the user's workspace keys; return the updated user, or None when it does not exist."""
        doc = await self._users.find_one_and_update(
            {"_id": user_id},
            {"$set": {"keyboard_shortcuts": shortcuts.to_doc()}},
            return_document=ReturnDocument.AFTER,
        )
        return _user_from_doc(doc) if doc else None

    async def add_api_token(self, user: User, token: ApiToken) -> User:
        """Append `token` to the user's tokens."""
        await self._users.update_one(
            {"_id": user.id}, {"$push": {"api_tokens": _doc_from_token(token)}, "$inc": {"tokens_version": 1}}
        )
        return replace(user, api_tokens=(*user.api_tokens, token))

    async def revoke_api_token(self, user_id: str, token_id: str, at: datetime) -> bool:
        """Mark an active token revoked; False when the user has no such active token.

        The MongoDB-wire server has no positional `$` update, so the token list is rewritten whole, guarded by
        `tokens_version` (compare-and-set on the one document; retried if a token was added meanwhile).
        """
        for _ in range(5):
            doc = await self._users.find_one({"_id": user_id}, {"api_tokens": 1, "tokens_version": 1})
            tokens = (doc or {}).get("api_tokens", [])
            target = next((t for t in tokens if t["id"] == token_id and t.get("revoked_at") is None), None)
            if doc is None or target is None:
                return False
            target["revoked_at"] = at
            version = doc.get("tokens_version", 0)
            result = await self._users.update_one(
                {"_id": user_id, "tokens_version": version} if version else {"_id": user_id, "tokens_version": None},
                {"$set": {"api_tokens": tokens, "tokens_version": version + 1}},
            )
            if result.modified_count == 1:
                return True
        raise RuntimeError(f"API tokens of user {user_id} changed 5 times during one revocation")

    async def delete(self, user_id: str) -> bool:
        """Delete the account; False when it did not exist."""
        result = await self._users.delete_one({"_id": user_id})
        return result.deleted_count == 1
