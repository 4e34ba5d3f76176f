"""The role map, and the reason a disabled control shows."""

from __future__ import annotations

from backend.auth.permissions import ROLE_PERMISSIONS, Permission, Role, denial_reason


def test_admin_has_every_permission_and_user_the_annotator_ones() -> None:
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)
    assert {p.value for p in ROLE_PERMISSIONS[Role.USER]} == {
        "use_account",
        "view_data",
        "annotate",
        "predict",
        "view_models",
    }


def test_a_denial_names_the_permission_what_it_allows_and_the_roles() -> None:
    assert denial_reason(Role.USER, Permission.TRAIN_MODEL) == (
        "requires the permission 'train_model' (start and cancel trainings), "
        "which role ADMIN has and your role USER does not"
    )
    assert denial_reason(Role.ADMIN, Permission.TRAIN_MODEL) is None
