"""One Python exception per error the API can answer with.

Expected failures come back from the API as members of a result union that implement `interface Error`
(`DatasetNotFoundError`, `ValidationError`, …): each becomes the exception class of the same name, carrying the
server's message. Whole-operation refusals are top-level GraphQL errors with `extensions.code`: UNAUTHENTICATED
becomes `AuthenticationError`, FORBIDDEN `PermissionDeniedError`, RATE_LIMITED `RateLimitedError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class LabelloopError(Exception):
    """Base of every error the client raises; `message` is the server's explanation (cause and fix)."""

    def __init__(self, message: str, *, type_name: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.type_name = type_name or type(self).__name__


# ---------------------------------------------------------------- whole-operation errors


class AuthenticationError(LabelloopError):
    """No token, or a token the server refused (expired, revoked, forged): `extensions.code` UNAUTHENTICATED."""


class PermissionDeniedError(LabelloopError):
    """The caller's role lacks the permission the operation requires: `extensions.code` FORBIDDEN."""


class RateLimitedError(LabelloopError):
    """Nginx refused the request: too many requests from this address (`extensions.code` RATE_LIMITED)."""


class UnsupportedOperationError(LabelloopError):
    """The server does not know an operation of this client (an older server): upgrade the server or the client."""


class GraphQLRequestError(LabelloopError):
    """Any other top-level GraphQL error (e.g. a limit of the API, or an unexpected server error)."""

    def __init__(self, message: str, *, code: str | None = None, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.errors = errors or []


class ConnectionFailedError(LabelloopError):
    """The server could not be reached (or the connection kept dropping)."""


class TrainingFailedError(LabelloopError):
    """A training run ended FAILED or CANCELLED; `state` says which, `message` why."""

    def __init__(self, message: str, *, run_id: str, state: str) -> None:
        super().__init__(message)
        self.run_id = run_id
        self.state = state


class PromotionProposedError(LabelloopError):
    """The promotion gate failed: production is unchanged and proposal `proposal_id` waits for an ADMIN."""

    def __init__(self, message: str, *, proposal_id: str) -> None:
        super().__init__(message)
        self.proposal_id = proposal_id


# ---------------------------------------------------------------- union members implementing `Error`


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid input field: `field` as named in the operation's arguments (e.g. `params.alpha`)."""

    field: str
    code: str
    message: str


class ValidationError(LabelloopError):
    """Some inputs are invalid; nothing was changed. `field_errors` names each field and its problem."""

    def __init__(self, message: str, *, field_errors: list[FieldError] | None = None) -> None:
        self.field_errors = field_errors or []
        details = "; ".join(f"{e.field}: {e.message}" for e in self.field_errors)
        super().__init__(f"{message} ({details})" if details else message)
        self.message = message


class LoginRateLimitedError(LabelloopError):
    """Too many login attempts from this address (10 a minute): wait `retry_after_seconds`, or use an API token."""

    def __init__(self, message: str, *, retry_after_seconds: int | None = None) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class InvalidCredentialsError(LabelloopError):
    """Unknown username or wrong password."""


class AccountDisabledError(LabelloopError):
    """The account is disabled."""


class DatasetNotFoundError(LabelloopError):
    """No dataset has that id."""


class DatasetArchivedError(LabelloopError):
    """The dataset is archived: restore it first."""


class ItemNotFoundError(LabelloopError):
    """No item has that id."""


class ItemCompleteError(LabelloopError):
    """The item already has the labels its dataset asks for."""


class ConcurrentChangesError(LabelloopError):
    """The item kept changing: try again."""


class EmptyTrainingSetError(LabelloopError):
    """The training-set filter matches no labelled item; nothing was started."""


class TrainingRunNotFoundError(LabelloopError):
    """No training run has that id."""


class TrainingSetNotFoundError(LabelloopError):
    """No training set has that id."""


class RunAlreadyFinishedError(LabelloopError):
    """The run already ended."""


class ModelNotFoundError(LabelloopError):
    """No registered model has that name (models are named after their dataset)."""


class ModelVersionNotFoundError(LabelloopError):
    """The model has no such version."""


class NoPreviousVersionError(LabelloopError):
    """There is no earlier production version to roll back to."""


class NoProductionVersionError(LabelloopError):
    """The model has no production version yet: promote one first."""


class ApiTokenNotFoundError(LabelloopError):
    """The viewer has no active API token with that id."""


_UNION_ERRORS: dict[str, type[LabelloopError]] = {
    cls.__name__: cls
    for cls in (
        InvalidCredentialsError,
        AccountDisabledError,
        DatasetNotFoundError,
        TrainingSetNotFoundError,
        DatasetArchivedError,
        ItemNotFoundError,
        ItemCompleteError,
        ConcurrentChangesError,
        EmptyTrainingSetError,
        TrainingRunNotFoundError,
        RunAlreadyFinishedError,
        ModelNotFoundError,
        ModelVersionNotFoundError,
        NoPreviousVersionError,
        NoProductionVersionError,
        ApiTokenNotFoundError,
    )
}


def error_from_union(result: dict[str, Any]) -> LabelloopError:
    """The exception for a union result whose `__typename` is an error type (selected with `... on Error`)."""
    type_name = str(result.get("__typename", "Error"))
    message = str(result.get("message") or f"the server answered {type_name}")
    if type_name == "ValidationError":
        field_errors = [FieldError(e["field"], e["code"], e["message"]) for e in result.get("fieldErrors") or []]
        return ValidationError(message, field_errors=field_errors)
    if type_name == "LoginRateLimitedError":
        return LoginRateLimitedError(message, retry_after_seconds=result.get("retryAfterSeconds"))
    known = _UNION_ERRORS.get(type_name)
    if known is not None:
        return known(message)
    # an error type added to the API after this client: still a LabelloopError, named as the server names it
    return LabelloopError(message, type_name=type_name)


def error_from_graphql(errors: list[dict[str, Any]]) -> LabelloopError:
    """The exception for top-level GraphQL errors (the first one decides; its message is kept)."""
    first = errors[0] if errors else {}
    message = str(first.get("message") or "the server answered with an error")
    code = (first.get("extensions") or {}).get("code")
    if code == "UNAUTHENTICATED":
        return AuthenticationError(message)
    if code == "FORBIDDEN":
        return PermissionDeniedError(message)
    if code == "RATE_LIMITED":
        return RateLimitedError(message)
    if message.startswith(("Cannot query field", "Unknown type", "Unknown argument")):
        return UnsupportedOperationError(
            f"the server at this address does not support an operation of this client: {message}"
        )
    return GraphQLRequestError(message, code=code, errors=errors)
