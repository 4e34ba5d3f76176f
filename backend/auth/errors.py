"""Expected failures of the auth domain."""

from __future__ import annotations

from dataclasses import dataclass

from backend.errors import DomainError


class InvalidCredentials(DomainError):
    def __init__(self) -> None:
        super().__init__("unknown username or wrong password")


class LoginRateLimited(DomainError):
    def __init__(self, limit: int, window_s: int, retry_after_s: int) -> None:
        super().__init__(
            f"too many login attempts: at most {limit} per {window_s} s from one client; try again in {retry_after_s} s"
        )
        self.retry_after_s = retry_after_s


class UserNotFound(DomainError):
    def __init__(self, user_id: str) -> None:
        super().__init__(f"no user has id '{user_id}'")
        self.user_id = user_id


class ApiTokenNotFound(DomainError):
    def __init__(self, token_id: str) -> None:
        super().__init__(f"you have no API token with id '{token_id}'")
        self.token_id = token_id


class WrongPassword(DomainError):
    def __init__(self) -> None:
        super().__init__("the current password is wrong")


@dataclass(frozen=True, slots=True)
class AuthenticationFailed(Exception):
    """The request carried a token that cannot be accepted; `reason` says why (not shown for bad passwords)."""

    reason: str
