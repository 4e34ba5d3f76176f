"""Each user's workspace keys (WCAG 2.1.4): stored with the user, read back by `viewer`, checked on the way in."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import create_user, error_code, login, post, user_document

FIELDS = "enabled labelHotkeys submit skip undo previous next note"
VIEWER_KEYS = f"{{ viewer {{ keyboardShortcuts {{ {FIELDS} }} }} }}"
UPDATE = f"""
mutation($shortcuts: KeyboardShortcutsInput!) {{
  updateKeyboardShortcuts(shortcuts: $shortcuts) {{
    __typename
    ... on UpdateKeyboardShortcutsSuccess {{ keyboardShortcuts {{ {FIELDS} }} }}
    ... on ValidationError {{ message fieldErrors {{ field code message }} }}
  }}
}}
"""
DEFAULTS = {
    "enabled": True,
    "labelHotkeys": True,
    "submit": "Enter",
    "skip": "s",
    "undo": "u",
    "previous": "ArrowLeft",
    "next": "ArrowRight",
    "note": "/",
}


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture
def person(admin_token: str) -> tuple[dict[str, Any], str]:
    user = create_user(admin_token)
    return user, login(user["username"], user["password"])


def test_a_new_user_has_the_default_keys(person: tuple[dict[str, Any], str]) -> None:
    # given a user who never changed their keys
    _, token = person
    # when they read them
    body = post(VIEWER_KEYS, {}, token)
    # then they are the defaults, and nothing is stored for them
    assert body["data"]["viewer"]["keyboardShortcuts"] == DEFAULTS


def test_remapped_keys_are_stored_with_the_user_and_read_back_at_once(person: tuple[dict[str, Any], str]) -> None:
    # given a user with the default keys (read once, so the API has them cached)
    user, token = person
    assert post(VIEWER_KEYS, {}, token)["data"]["viewer"]["keyboardShortcuts"] == DEFAULTS
    # when they give skip the key K, turn undo off, and leave the others out
    body = post(UPDATE, {"shortcuts": {"enabled": True, "labelHotkeys": False, "skip": "K", "undo": None}}, token)
    # then the letter is stored in lower case, undo is off, the omitted keys are the defaults
    expected = {**DEFAULTS, "labelHotkeys": False, "skip": "k", "undo": None}
    assert body["data"]["updateKeyboardShortcuts"] == {
        "__typename": "UpdateKeyboardShortcutsSuccess",
        "keyboardShortcuts": expected,
    }
    assert post(VIEWER_KEYS, {}, token)["data"]["viewer"]["keyboardShortcuts"] == expected
    stored = user_document(user["id"])
    assert stored is not None
    assert stored["keyboard_shortcuts"] == {
        "enabled": True,
        "label_hotkeys": False,
        "submit": "Enter",
        "skip": "k",
        "undo": None,
        "previous": "ArrowLeft",
        "next": "ArrowRight",
        "note": "/",
    }


def test_all_keys_can_be_turned_off(person: tuple[dict[str, Any], str]) -> None:
    # given a user
    _, token = person
    # when they turn every workspace key off
    body = post(UPDATE, {"shortcuts": {"enabled": False}}, token)
    # then the viewer says so
    assert body["data"]["updateKeyboardShortcuts"]["keyboardShortcuts"] == {**DEFAULTS, "enabled": False}
    assert post(VIEWER_KEYS, {}, token)["data"]["viewer"]["keyboardShortcuts"]["enabled"] is False


def test_one_key_for_two_actions_is_refused_and_nothing_changes(person: tuple[dict[str, Any], str]) -> None:
    # given a user whose skip key is K
    user, token = person
    post(UPDATE, {"shortcuts": {"enabled": True, "skip": "k"}}, token)
    # when they give undo the same key (in capitals)
    body = post(UPDATE, {"shortcuts": {"enabled": True, "skip": "j", "undo": "J"}}, token)
    # then a ValidationError names the field and the fix, and the stored keys are unchanged
    result = body["data"]["updateKeyboardShortcuts"]
    assert result["__typename"] == "ValidationError"
    assert result["fieldErrors"] == [
        {
            "field": "shortcuts.undo",
            "code": "duplicate_key",
            "message": "'j' is already the key of skip: give undo another key, or null to turn it off",
        }
    ]
    stored = user_document(user["id"])
    assert stored is not None
    assert (stored["keyboard_shortcuts"]["skip"], stored["keyboard_shortcuts"]["undo"]) == ("k", "u")


@pytest.mark.parametrize("key", ["Tab", "", " ", "ctrl+s"])
def test_a_key_the_workspace_cannot_use_is_refused(key: str, person: tuple[dict[str, Any], str]) -> None:
    # given a user
    user, token = person
    # when they give skip a key that is not one character nor a known key name
    body = post(UPDATE, {"shortcuts": {"enabled": True, "skip": key}}, token)
    # then a ValidationError says which keys are accepted, and nothing was stored
    result = body["data"]["updateKeyboardShortcuts"]
    assert result["__typename"] == "ValidationError"
    assert [(e["field"], e["code"]) for e in result["fieldErrors"]] == [("shortcuts.skip", "invalid_key")]
    assert result["fieldErrors"][0]["message"].startswith(f"'{key}' is not a key the workspace can use for skip:")
    stored = user_document(user["id"])
    assert stored is not None
    assert "keyboard_shortcuts" not in stored


def test_an_anonymous_caller_cannot_change_keys() -> None:
    # given no token
    # when the mutation is sent
    body = post(UPDATE, {"shortcuts": {"enabled": False}})
    # then it is refused as unauthenticated
    assert error_code(body) == "UNAUTHENTICATED"
    assert body["data"] is None
