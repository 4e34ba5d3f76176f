"""GraphQL types and operations of accounts, sessions and API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.auth import entities
from backend.auth.admin import CannotChangeOwnAccount
from backend.auth.errors import (
    ApiTokenNotFound,
    InvalidCredentials,
    LoginRateLimited,
    UserNotFound,
    WrongPassword,
)
from backend.auth.permissions import Permission, Role
from backend.auth.schema.types import ApiToken, KeyboardShortcuts, KeyboardShortcutsInput, User, Viewer
from backend.auth.service import AccountDisabled
from backend.graphql.context import Info
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.pagination import Connection
from backend.graphql.permissions import public, requires
from backend.pages import page_of

# ---- results and errors


@maps_error(InvalidCredentials)
@strawberry.type(description="Unknown username or wrong password (deliberately not saying which).")
class InvalidCredentialsError(Error):
    pass


@maps_error(LoginRateLimited)
@strawberry.type(description="Too many login attempts from this client; wait and try again.")
class LoginRateLimitedError(Error):
    retry_after_seconds: int = strawberry.field(description="Seconds until attempts are accepted again.")

    @classmethod
    def from_exception(cls, exc: LoginRateLimited) -> LoginRateLimitedError:
        return cls(message=exc.message, retry_after_seconds=exc.retry_after_s)


@maps_error(AccountDisabled)
@strawberry.type(description="The account is disabled.")
class AccountDisabledError(Error):
    pass


@maps_error(WrongPassword)
@strawberry.type(description="The current password given is wrong.")
class WrongPasswordError(Error):
    pass


@maps_error(UserNotFound)
@strawberry.type(description="No user has that id.")
class UserNotFoundError(Error):
    pass


@maps_error(ApiTokenNotFound)
@strawberry.type(description="The viewer has no active API token with that id.")
class ApiTokenNotFoundError(Error):
    pass


@maps_error(CannotChangeOwnAccount)
@strawberry.type(description="Administrators cannot demote or disable themselves.")
class CannotChangeOwnAccountError(Error):
    pass


@strawberry.type(description="Logged in: send `accessToken` as 'Authorization: Bearer …'.")
class LoginSuccess:
    access_token: str = strawberry.field(description="A short-lived JWT.")
    expires_at: datetime = strawberry.field(description="When it stops working; call `refreshAccessToken` before.")
    viewer: Viewer = strawberry.field(description="Who you are now, and what you may do.")


@strawberry.type(description="Every access token issued to you until now is revoked.")
class LogoutSuccess:
    revoked_before: datetime = strawberry.field(description="Tokens issued before this instant no longer work.")


@strawberry.type(description="A new API token. Copy `token` now: it is shown only once.")
class CreateApiTokenSuccess:
    token: str = strawberry.field(description="The whole secret token, for 'Authorization: Bearer …'.")
    api_token: ApiToken = strawberry.field(description="Its stored description.")


@strawberry.type(description="The API token no longer works.")
class RevokeApiTokenSuccess:
    api_token: ApiToken = strawberry.field(description="The revoked token.")


@strawberry.type(description="Your keys as stored; they apply to your next key press.")
class UpdateKeyboardShortcutsSuccess:
    keyboard_shortcuts: KeyboardShortcuts = strawberry.field(description="The keys as stored.")


@strawberry.type(description="The user as stored after the change.")
class UserSuccess:
    user: User = strawberry.field(description="The account as it is now.")


LoginResult = Annotated[
    LoginSuccess | InvalidCredentialsError | LoginRateLimitedError | AccountDisabledError,
    strawberry.union("LoginResult", description="Result of `login`."),
]
ChangeOwnPasswordResult = Annotated[
    LoginSuccess | WrongPasswordError | ValidationError,
    strawberry.union("ChangeOwnPasswordResult", description="Result of `changeOwnPassword`."),
]
CreateApiTokenResult = Annotated[
    CreateApiTokenSuccess | ValidationError,
    strawberry.union("CreateApiTokenResult", description="Result of `createApiToken`."),
]
RevokeApiTokenResult = Annotated[
    RevokeApiTokenSuccess | ApiTokenNotFoundError,
    strawberry.union("RevokeApiTokenResult", description="Result of `revokeApiToken`."),
]
UpdateKeyboardShortcutsResult = Annotated[
    UpdateKeyboardShortcutsSuccess | UserNotFoundError | ValidationError,
    strawberry.union("UpdateKeyboardShortcutsResult", description="Result of `updateKeyboardShortcuts`."),
]
CreateUserResult = Annotated[
    UserSuccess | ValidationError, strawberry.union("CreateUserResult", description="Result of `createUser`.")
]
UpdateUserResult = Annotated[
    UserSuccess | UserNotFoundError | CannotChangeOwnAccountError | ValidationError,
    strawberry.union("UpdateUserResult", description="Result of a change to a user by an administrator."),
]


def _login_success(user: entities.User, issued: entities.IssuedToken, method: str) -> LoginSuccess:
    principal = entities.Principal(user=user, method=method)
    return LoginSuccess(
        access_token=issued.token, expires_at=issued.expires_at, viewer=Viewer.from_principal(principal)
    )


@strawberry.type
class AuthQuery:
    @strawberry.field(**requires(Permission.USE_ACCOUNT, "The caller: account, permissions and API tokens."))
    async def viewer(self, info: Info) -> Viewer:
        return Viewer.from_principal(info.context.require_principal())

    @strawberry.field(**requires(Permission.MANAGE_USERS, "One account, or null when no user has that id."))
    async def user(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The user's id, as `users` or `createUser` returned it.")
        ],
    ) -> User | None:
        found = await info.context.services.user_admin.find(str(id))
        return User.from_entity(found) if found else None

    @strawberry.field(**requires(Permission.MANAGE_USERS, "Every account, by username."))
    async def users(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[User]:
        page = page_of(await info.context.services.user_admin.list_users(), first, after)
        return Connection.of(page, User.from_entity)


@strawberry.type
class AuthMutation:
    @strawberry.mutation(**public("Exchange a username and password for a short-lived access token."))
    async def login(
        self,
        info: Info,
        username: Annotated[str, strawberry.argument(description="The account's login name.")],
        password: Annotated[
            str, strawberry.argument(description="The account's password; it is checked, never stored or logged.")
        ],
    ) -> LoginResult:
        user, issued = await info.context.services.auth.login(username, password, info.context.client)
        return _login_success(user, issued, entities.AuthMethod.ACCESS_TOKEN)

    @strawberry.mutation(**requires(Permission.USE_ACCOUNT, "Revoke every access token issued to you until now."))
    async def logout(self, info: Info) -> LogoutSuccess:
        principal = info.context.require_principal()
        revoked_before = await info.context.services.auth.logout(principal)
        return LogoutSuccess(revoked_before=revoked_before)

    @strawberry.mutation(**requires(Permission.USE_ACCOUNT, "A fresh access token for the current session."))
    async def refresh_access_token(self, info: Info) -> LoginSuccess:
        principal = info.context.require_principal()
        issued = await info.context.services.auth.refresh(principal)
        return _login_success(principal.user, issued, entities.AuthMethod.ACCESS_TOKEN)

    @strawberry.mutation(
        **requires(Permission.USE_ACCOUNT, "Change your password; your other access tokens stop working.")
    )
    async def change_own_password(
        self,
        info: Info,
        current_password: Annotated[
            str, strawberry.argument(description="Your password now, to prove it is you at the keyboard.")
        ],
        new_password: Annotated[str, strawberry.argument(description="The new password, 8 to 256 characters.")],
    ) -> ChangeOwnPasswordResult:
        principal = info.context.require_principal()
        issued = await info.context.services.auth.change_own_password(principal, current_password, new_password)
        return _login_success(principal.user, issued, entities.AuthMethod.ACCESS_TOKEN)

    @strawberry.mutation(**requires(Permission.USE_ACCOUNT, "Create an API token for notebooks and scripts."))
    async def create_api_token(
        self,
        info: Info,
        name: Annotated[
            str,
            strawberry.argument(
                description="A name to recognise the token by later (e.g. the notebook or machine that uses it)."
            ),
        ],
    ) -> CreateApiTokenResult:
        created = await info.context.services.auth.create_api_token(info.context.require_principal(), name)
        return CreateApiTokenSuccess(token=created.secret, api_token=ApiToken.from_entity(created.token))

    @strawberry.mutation(**requires(Permission.USE_ACCOUNT, "Revoke one of your API tokens."))
    async def revoke_api_token(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The token's id, as `viewer.apiTokens` lists it (never the secret)."),
        ],
    ) -> RevokeApiTokenResult:
        token = await info.context.services.auth.revoke_api_token(info.context.require_principal(), str(id))
        return RevokeApiTokenSuccess(api_token=ApiToken.from_entity(token))

    @strawberry.mutation(
        **requires(Permission.USE_ACCOUNT, "Change or turn off your keys on the annotate and review pages.")
    )
    async def update_keyboard_shortcuts(
        self,
        info: Info,
        shortcuts: Annotated[
            KeyboardShortcutsInput,
            strawberry.argument(description="Your keys for the workspace's actions; a key may serve one action only."),
        ],
    ) -> UpdateKeyboardShortcutsResult:
        stored = await info.context.services.auth.update_keyboard_shortcuts(
            info.context.require_principal(), shortcuts.to_entity()
        )
        return UpdateKeyboardShortcutsSuccess(keyboard_shortcuts=KeyboardShortcuts.from_entity(stored))

    @strawberry.mutation(**requires(Permission.MANAGE_USERS, "Create an account."))
    async def create_user(
        self,
        info: Info,
        username: Annotated[
            str,
            strawberry.argument(
                description=(
                    "The new account's login name: 3 to 40 lowercase letters, digits, '_', '.' or '-', starting with "
                    "a letter or digit."
                )
            ),
        ],
        password: Annotated[
            str,
            strawberry.argument(
                description="Its first password, 8 to 256 characters; the user can change it after logging in."
            ),
        ],
        role: Annotated[
            Role,
            strawberry.argument(
                description="USER for annotators, ADMIN for ML engineers who train, promote and manage accounts."
            ),
        ],
    ) -> CreateUserResult:
        return UserSuccess(
            user=User.from_entity(await info.context.services.user_admin.create_user(username, password, role))
        )

    @strawberry.mutation(**requires(Permission.MANAGE_USERS, "Give a user another role."))
    async def change_user_role(
        self,
        info: Info,
        user_id: Annotated[strawberry.ID, strawberry.argument(description="The account to change; not your own.")],
        role: Annotated[Role, strawberry.argument(description="Its new role; you cannot change your own.")],
    ) -> UpdateUserResult:
        admin = info.context.services.user_admin
        user = await admin.change_role(info.context.require_principal(), str(user_id), role)
        return UserSuccess(user=User.from_entity(user))

    @strawberry.mutation(
        **requires(Permission.MANAGE_USERS, "Disable an account (its tokens stop working at once) or enable it.")
    )
    async def set_user_disabled(
        self,
        info: Info,
        user_id: Annotated[strawberry.ID, strawberry.argument(description="The account to disable or enable again.")],
        disabled: Annotated[
            bool,
            strawberry.argument(
                description="True: its tokens stop working at once and it cannot log in. False: it can log in again."
            ),
        ],
    ) -> UpdateUserResult:
        admin = info.context.services.user_admin
        user = await admin.set_disabled(info.context.require_principal(), str(user_id), disabled)
        return UserSuccess(user=User.from_entity(user))

    @strawberry.mutation(
        **requires(Permission.MANAGE_USERS, "Set a new password; the user's access tokens stop working.")
    )
    async def reset_user_password(
        self,
        info: Info,
        user_id: Annotated[strawberry.ID, strawberry.argument(description="The account whose password is replaced.")],
        new_password: Annotated[
            str, strawberry.argument(description="The password to hand to the user, 8 to 256 characters.")
        ],
    ) -> UpdateUserResult:
        user = await info.context.services.user_admin.reset_password(str(user_id), new_password)
        return UserSuccess(user=User.from_entity(user))
