"""User management by administrators, and the demo accounts."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from datetime import datetime

from backend.auth.entities import Principal, User
from backend.auth.errors import UserNotFound
from backend.auth.passwords import hash_password
from backend.auth.permissions import Role
from backend.auth.repository import UsernameTaken, UserRepository
from backend.auth.validation import check_password, check_username, raise_problems
from backend.clock import utc_now
from backend.errors import DomainError, FieldProblem, ValidationFailed

DEMO_ACCOUNTS = (
    ("user", Role.USER),
    ("admin", Role.ADMIN),
)  # password = username, as in the original write-up


class CannotChangeOwnAccount(DomainError):
    def __init__(self, what: str) -> None:
        super().__init__(f"you cannot {what} your own account: ask another administrator")


class LastAdmin(DomainError):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"'{username}' is the only enabled ADMIN: create another ADMIN first (cli create-admin), then delete it"
        )


class NoSuchUsername(DomainError):
    def __init__(self, username: str) -> None:
        super().__init__(f"no account is named '{username}': check the name (usernames are lowercase)")


class UserAdminService:
    """Create users, change roles, disable, reset passwords."""

    def __init__(self, users: UserRepository, clock: Callable[[], datetime] = utc_now) -> None:
        self._users = users
        self._clock = clock

    async def find(self, user_id: str) -> User | None:
        """The account, or None when no user has that id."""
        return await self._users.get(user_id)

    async def list_users(self) -> list[User]:
        """Every account, by username."""
        return await self._users.list_all()

    async def create_user(self, username: str, password: str, role: Role) -> User:
        """A new account; raises ValidationFailed for a bad or taken username or a bad password."""
        username = username.strip().lower()
        raise_problems(check_username(username), check_password(password))
        user = User(
            id=f"u_{uuid.uuid4().hex[:16]}",
            username=username,
            role=role,
            password_hash=await hash_password(password),
            created_at=self._clock(),
        )
        try:
            await self._users.insert(user)
        except UsernameTaken as exc:
            raise ValidationFailed(
                [FieldProblem("username", "taken", f"the username '{username}' is taken: choose another")]
            ) from exc
        return user

    async def change_role(self, actor: Principal, user_id: str, role: Role) -> User:
        """Give `user_id` another role (it applies to their next request)."""
        if actor.user.id == user_id and role != actor.role:
            raise CannotChangeOwnAccount("change the role of")
        return await self._updated(user_id, await self._users.update(user_id, role=role))

    async def set_disabled(self, actor: Principal, user_id: str, disabled: bool) -> User:
        """Disable (every token stops working at once) or enable an account."""
        if actor.user.id == user_id and disabled:
            raise CannotChangeOwnAccount("disable")
        updated = await self._users.update(
            user_id, disabled=disabled, tokens_valid_after=self._clock() if disabled else None
        )
        return await self._updated(user_id, updated)

    async def reset_password(self, user_id: str, new_password: str) -> User:
        """Set a new password and revoke the user's access tokens and API tokens."""
        raise_problems(check_password(new_password, "newPassword"))
        now = self._clock()
        updated = await self._users.update(
            user_id,
            password_hash=await hash_password(new_password),
            tokens_valid_after=now,
            revoke_api_tokens_at=now,
        )
        return await self._updated(user_id, updated)

    @staticmethod
    async def _updated(user_id: str, user: User | None) -> User:
        if user is None:
            raise UserNotFound(user_id)
        return user

    async def ensure_demo_accounts(self) -> None:
        """Create `user`/`user` and `admin`/`admin` when missing (demo mode only; safe when replicas race)."""
        for username, role in DEMO_ACCOUNTS:
            if await self._users.get_by_username(username) is not None:
                continue
            demo = User(
                id=f"demo-{username}",
                username=username,
                role=role,
                password_hash=await hash_password(username),
                created_at=self._clock(),
                demo=True,
            )
            with contextlib.suppress(UsernameTaken):  # another replica created it first
                await self._users.insert(demo)

    async def demo_accounts_present(self) -> list[str]:
        """Usernames of demo accounts still stored (production refuses to start with any)."""
        found = [await self._users.get_by_username(name) for name, _ in DEMO_ACCOUNTS]
        return [u.username for u in found if u is not None and u.demo]

    async def create_admin(self, username: str, password: str) -> User:
        """A new ADMIN account (the command line's `create-admin`, e.g. the first one of a production install);
        raises ValidationFailed for a bad or taken username or a bad password."""
        return await self.create_user(username, password, Role.ADMIN)

    async def delete_user(self, username: str) -> User:
        """Delete the account named `username`: its tokens stop working on the next request, on every replica.
        Its annotations stay (they name the user's id). Raises NoSuchUsername, or LastAdmin when it is the
        only enabled ADMIN left."""
        user = await self._users.get_by_username(username.strip().lower())
        if user is None:
            raise NoSuchUsername(username)
        if user.role is Role.ADMIN and not user.disabled:
            others = [u for u in await self._users.list_all() if u.role is Role.ADMIN and not u.disabled]
            if [u.id for u in others] == [user.id]:
                raise LastAdmin(user.username)
        await self._users.delete(user.id)
        return user

    async def remove_demo_accounts(self) -> list[str]:
        """Delete the demo accounts (`user`, `admin`) that are still stored; returns the usernames deleted.
        An account with a demo name that an operator created is not a demo account and stays."""
        removed = []
        for username, _ in DEMO_ACCOUNTS:
            user = await self._users.get_by_username(username)
            if user is not None and user.demo:
                await self._users.delete(user.id)
                removed.append(username)
        return removed
