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
