"""The permission catalogue says what each permission allows, and nothing it does not."""

from __future__ import annotations

from backend.auth.permissions import PERMISSION_DESCRIPTIONS, Permission


def test_manage_datasets_does_not_claim_exports() -> None:
    # given the description of manage_datasets (exports need the ADMIN role, not only this permission)
    description = PERMISSION_DESCRIPTIONS[Permission.MANAGE_DATASETS]
    # then it names what it allows, and says exports are for the ADMIN role
    assert (
        description == "create, import, change and archive datasets (exporting their items is for the ADMIN role only)"
    )
