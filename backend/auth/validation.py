"""Rules for usernames, passwords and token names; each problem says how to fix it."""

from __future__ import annotations

import re

from backend.errors import FieldProblem, ValidationFailed
from backend.names import unsafe_character_problem

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,39}$")
PASSWORD_MIN, PASSWORD_MAX = 8, 256
TOKEN_NAME_MAX = 60


def check_username(username: str, field: str = "username") -> FieldProblem | None:
    if USERNAME_PATTERN.fullmatch(username):
        return None
    return FieldProblem(
        field,
        "invalid_username",
        f"'{username}' is not a valid username: use 3 to 40 characters among lowercase letters, digits, "
        "'_', '.' and '-', starting with a letter or digit",
    )


def check_password(password: str, field: str = "password") -> FieldProblem | None:
    if PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return None
    return FieldProblem(
        field,
        "invalid_password",
        f"the password has {len(password)} characters: use between {PASSWORD_MIN} and {PASSWORD_MAX}",
    )


def check_token_name(name: str, field: str = "name") -> FieldProblem | None:
    unsafe = unsafe_character_problem(name, field, "token name")
    if unsafe is not None:
        return unsafe
    if 1 <= len(name.strip()) <= TOKEN_NAME_MAX:
        return None
    return FieldProblem(
        field,
        "invalid_name",
        f"give the token a name of 1 to {TOKEN_NAME_MAX} characters (e.g. 'laptop notebook')",
    )


def raise_problems(*problems: FieldProblem | None) -> None:
    """Raise ValidationFailed with every problem found, if any."""
    found = [p for p in problems if p is not None]
    if found:
        raise ValidationFailed(found)
