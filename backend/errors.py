"""The base of every expected failure; the GraphQL layer turns each into a union member."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """An expected failure whose message is safe and useful to show to the caller."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One invalid input field: which, a stable code, and a sentence that says how to fix it."""

    field: str
    code: str
    message: str


class ValidationFailed(DomainError):
    """Some inputs are invalid; nothing was changed."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        fields = ", ".join(p.field for p in problems)
        super().__init__(f"invalid input in {fields}: nothing was changed")
        self.problems = problems


# Elasticsearch pages by from + size, and refuses a window past 10,000 hits (index.max_result_window).
MAX_RESULT_WINDOW = 10_000


def check_range(field: str, value: int, low: int, high: int, hint: str) -> None:
    """Raise ValidationFailed (code `out_of_range`) unless low <= value <= high; `hint` says what to ask for."""
    if not low <= value <= high:
        raise ValidationFailed([FieldProblem(field, "out_of_range", f"{value} is out of range: {hint}")])


def check_page(first: int, offset: int, max_first: int) -> None:
    """Validate an offset page: 1 <= first <= max_first, and the page inside the first MAX_RESULT_WINDOW results."""
    check_range("first", first, 1, max_first, f"ask for 1 to {max_first} per page")
    last = MAX_RESULT_WINDOW - first
    check_range("offset", offset, 0, last, f"skip 0 to {last} (narrow the filters to reach older ones)")


class Unavailable(Exception):
    """A store or service did not answer (down, timed out, refused): the one outage error above the storage layer.

    Raised by `backend/clients/`, repositories and stores in place of any driver's exception, so that no service,
    resolver, container or worker module needs to know a driver. `dependency` is one of "mongo", "elasticsearch",
    "redis", "mlflow"; `reason` is a short sentence for logs and health reports, never shown to a caller as is.
    """

    def __init__(self, dependency: str, reason: str) -> None:
        super().__init__(f"{dependency} is unavailable: {reason}")
        self.dependency = dependency
        self.reason = reason
