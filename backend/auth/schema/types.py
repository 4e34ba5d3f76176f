"""GraphQL types of accounts: users, API tokens, keyboard shortcuts, the viewer."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from backend.auth import entities
from backend.auth.permissions import PERMISSION_DESCRIPTIONS, Permission, Role, denial_reason
from backend.auth.shortcuts import KeyboardShortcuts as KeyboardShortcutsEntity
from backend.graphql.enums import described_enum

described_enum(
    Role,
    name="Role",
    description="USER: annotators. ADMIN: ML engineers.",
    values={
        Role.USER: "Annotators: label, search, and call the production model.",
        Role.ADMIN: "ML engineers: everything a USER does, plus review, datasets, training, promotion and accounts.",
    },
)
described_enum(
    Permission,
    name="Permission",
    description="Something a viewer may do; each operation's description says which one it requires.",
    values={permission: f"May {what}." for permission, what in PERMISSION_DESCRIPTIONS.items()},
)


@strawberry.enum(description="How the viewer authenticated.")
class AuthMethod(enum.Enum):
    ACCESS_TOKEN = strawberry.enum_value(entities.AuthMethod.ACCESS_TOKEN, description="A `login` access token.")
    API_TOKEN = strawberry.enum_value(entities.AuthMethod.API_TOKEN, description="A long-lived API token.")


@strawberry.type(description="An account.")
class User:
    id: strawberry.ID = strawberry.field(description="Stable id; it never changes, even when the username does.")
    username: str = strawberry.field(description="Login name (lowercase).")
    role: Role = strawberry.field(description="USER or ADMIN.")
    disabled: bool = strawberry.field(description="A disabled account cannot log in, and its tokens stop working.")
    created_at: datetime = strawberry.field(description="When the account was created.")

    @classmethod
    def from_entity(cls, user: entities.User) -> User:
        return cls(
            id=strawberry.ID(user.id),
            username=user.username,
            role=user.role,
            disabled=user.disabled,
            created_at=user.created_at,
        )


@strawberry.type(description="A long-lived token for notebooks and scripts (its secret is never shown again).")
class ApiToken:
    id: strawberry.ID = strawberry.field(description="Stable id, used to revoke it.")
    name: str = strawberry.field(description="What the owner called it.")
    created_at: datetime = strawberry.field(description="When it was created.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked; null while active.")

    @classmethod
    def from_entity(cls, token: entities.ApiToken) -> ApiToken:
        return cls(
            id=strawberry.ID(token.id),
            name=token.name,
            created_at=token.created_at,
            revoked_at=token.revoked_at,
        )


_KEY = "The key (a KeyboardEvent.key value: one character in lower case, or a name such as `ArrowLeft`) that"


@strawberry.type(
    description="The viewer's keys on the annotate and review pages (WCAG 2.1.4): each can be changed or turned off."
)
class KeyboardShortcuts:
    enabled: bool = strawberry.field(description="False: no workspace key acts at all; the buttons still do.")
    label_hotkeys: bool = strawberry.field(description="False: the datasets' label hotkeys do nothing.")
    submit: str | None = strawberry.field(description=f"{_KEY} submits the chosen label; null: off.")
    skip: str | None = strawberry.field(description=f"{_KEY} skips the item; null: off.")
    undo: str | None = strawberry.field(description=f"{_KEY} undoes your last label; null: off.")
    previous: str | None = strawberry.field(description=f"{_KEY} shows the previous item of the session; null: off.")
    next: str | None = strawberry.field(description=f"{_KEY} shows the next item of the session; null: off.")
    note: str | None = strawberry.field(description=f"{_KEY} moves into the note or comment field; null: off.")

    @classmethod
    def from_entity(cls, shortcuts: KeyboardShortcutsEntity) -> KeyboardShortcuts:
        return cls(
            enabled=shortcuts.enabled,
            label_hotkeys=shortcuts.label_hotkeys,
            submit=shortcuts.submit,
            skip=shortcuts.skip,
            undo=shortcuts.undo,
            previous=shortcuts.previous,
            next=shortcuts.next,
            note=shortcuts.note,
        )


_DEFAULTS = KeyboardShortcutsEntity()


def _input_key(action: str) -> str | None:
    default = getattr(_DEFAULTS, action)
    field: str | None = strawberry.field(
        default=strawberry.UNSET,
        description=f"Key that does {action} (default `{default}`); null: off; omitted: the default.",
    )
    return field


@strawberry.input(
    description="The whole new key map: a null key turns that action off, an omitted one gets its default."
)
class KeyboardShortcutsInput:
    enabled: bool = strawberry.field(description="False turns every workspace key off.")
    label_hotkeys: bool = strawberry.field(default=True, description="False turns the datasets' label hotkeys off.")
    submit: str | None = _input_key("submit")
    skip: str | None = _input_key("skip")
    undo: str | None = _input_key("undo")
    previous: str | None = _input_key("previous")
    next: str | None = _input_key("next")
    note: str | None = _input_key("note")

    def to_entity(self) -> KeyboardShortcutsEntity:
        keys = {
            action: getattr(_DEFAULTS, action) if value is strawberry.UNSET else value
            for action, value in (
                ("submit", self.submit),
                ("skip", self.skip),
                ("undo", self.undo),
                ("previous", self.previous),
                ("next", self.next),
                ("note", self.note),
            )
        }
        return KeyboardShortcutsEntity(enabled=self.enabled, label_hotkeys=self.label_hotkeys, **keys)


@strawberry.type(description="Whether the viewer may do one thing, and if not, why.")
class PermissionGrant:
    permission: Permission = strawberry.field(description="The permission this line explains.")
    description: str = strawberry.field(description="What it allows.")
    enabled: bool = strawberry.field(description="Whether the viewer has it.")
    disabled_reason: str | None = strawberry.field(description="Why not, for a disabled control; null if enabled.")


@strawberry.type(description="The authenticated caller.")
class Viewer:
    user: User = strawberry.field(description="The caller's account.")
    auth_method: AuthMethod = strawberry.field(description="How the caller authenticated on this request.")
    permissions: list[PermissionGrant] = strawberry.field(description="Every permission, granted or not.")
    api_tokens: list[ApiToken] = strawberry.field(description="The caller's API tokens, newest first.")
    keyboard_shortcuts: KeyboardShortcuts = strawberry.field(
        description="The caller's keys on the annotate and review pages."
    )

    @classmethod
    def from_principal(cls, principal: entities.Principal) -> Viewer:
        return cls(
            user=User.from_entity(principal.user),
            auth_method=AuthMethod(principal.method),
            permissions=[
                PermissionGrant(
                    permission=p,
                    description=PERMISSION_DESCRIPTIONS[p],
                    enabled=principal.can(p),
                    disabled_reason=denial_reason(principal.role, p),
                )
                for p in Permission
            ],
            api_tokens=[
                ApiToken.from_entity(t)
                for t in sorted(principal.user.api_tokens, key=lambda t: t.created_at, reverse=True)
            ],
            keyboard_shortcuts=KeyboardShortcuts.from_entity(principal.user.keyboard_shortcuts),
        )
