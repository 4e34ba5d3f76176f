"""The permission catalogue and the role map. Every GraphQL operation declares one of these (or is public)."""

from __future__ import annotations

import enum


class Role(enum.Enum):
    """What kind of account a user has."""

    USER = "USER"  # annotators
    ADMIN = "ADMIN"  # ML engineers


class Permission(enum.Enum):
    """Something a viewer may do. The value is the name written in schema descriptions."""

    USE_ACCOUNT = "use_account"
    VIEW_DATA = "view_data"
    ANNOTATE = "annotate"
    PREDICT = "predict"
    VIEW_MODELS = "view_models"
    REVIEW = "review"
    MANAGE_DATASETS = "manage_datasets"
    TRAIN_MODEL = "train_model"
    PROMOTE_MODEL = "promote_model"
    MANAGE_USERS = "manage_users"
    USE_ADMIN_TOOLS = "use_admin_tools"


PERMISSION_DESCRIPTIONS: dict[Permission, str] = {
    Permission.USE_ACCOUNT: "read your own profile, change your password, log out, manage your API tokens",
    Permission.VIEW_DATA: "read datasets and items, and search them",
    Permission.ANNOTATE: "label items",
    Permission.PREDICT: "call the production model",
    Permission.VIEW_MODELS: "read model versions, training runs and their metrics",
    Permission.REVIEW: "resolve conflicts and set gold labels",
    Permission.MANAGE_DATASETS: (
        "create, import, change and archive datasets (exporting their items is for the ADMIN role only)"
    ),
    Permission.TRAIN_MODEL: "start and cancel trainings",
    Permission.PROMOTE_MODEL: "promote a model version to production and roll back",
    Permission.MANAGE_USERS: "create users, change their roles, disable them, reset their passwords",
    Permission.USE_ADMIN_TOOLS: "open the MLflow UI and the database browser (mongo-express)",
}

_USER_PERMISSIONS = frozenset(
    {
        Permission.USE_ACCOUNT,
        Permission.VIEW_DATA,
        Permission.ANNOTATE,
        Permission.PREDICT,
        Permission.VIEW_MODELS,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.USER: _USER_PERMISSIONS,
    Role.ADMIN: frozenset(Permission),
}


def roles_with(permission: Permission) -> list[Role]:
    """The roles that grant `permission`, in declaration order."""
    return [role for role in Role if permission in ROLE_PERMISSIONS[role]]


def denial_reason(role: Role, permission: Permission) -> str | None:
    """Why `role` may not use `permission` (None when it may), phrased for the person who tried."""
    if permission in ROLE_PERMISSIONS[role]:
        return None
    allowed = " or ".join(r.value for r in roles_with(permission))
    return (
        f"requires the permission '{permission.value}' ({PERMISSION_DESCRIPTIONS[permission]}), "
        f"which role {allowed} has and your role {role.value} does not"
    )
