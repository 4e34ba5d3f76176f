"""The error model: `interface Error`, ValidationError, and domain exceptions turned into union members."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLUnionType, get_nullable_type
from strawberry.extensions import FieldExtension

from backend.errors import DomainError, FieldProblem, Unavailable, ValidationFailed


@strawberry.interface(description="An expected failure: the operation did nothing, and `message` says why.")
class Error:
    message: str = strawberry.field(description="What went wrong and how to fix it, in one or two sentences.")


@strawberry.type(description="One invalid input field.")
class FieldError:
    field: str = strawberry.field(description="The input field, as named in the operation's arguments.")
    code: str = strawberry.field(description="A stable machine-readable code, e.g. `invalid_username`.")
    message: str = strawberry.field(description="What is wrong with the value and how to fix it.")

    @classmethod
    def from_problem(cls, problem: FieldProblem) -> FieldError:
        return cls(field=problem.field, code=problem.code, message=problem.message)


@strawberry.type(description="Some inputs are invalid; nothing was changed.")
class ValidationError(Error):
    field_errors: list[FieldError] = strawberry.field(description="Each invalid field with its problem.")


_ERROR_TYPES: dict[type[DomainError], Callable[[DomainError], Any]] = {}


def maps_error(*exception_types: type[DomainError]) -> Callable[[type[Any]], type[Any]]:
    """Class decorator: the GraphQL error type stands for these domain exceptions.

    It is built with its `from_exception(exc)` classmethod when it has one, else from the message alone.
    """

    def register(graphql_type: type[Any]) -> type[Any]:
        factory = getattr(graphql_type, "from_exception", None) or (lambda exc: graphql_type(message=exc.message))
        for exception_type in exception_types:
            _ERROR_TYPES[exception_type] = factory
        return graphql_type

    return register


def _validation_error(exc: DomainError) -> ValidationError:
    problems = exc.problems if isinstance(exc, ValidationFailed) else []
    return ValidationError(message=exc.message, field_errors=[FieldError.from_problem(p) for p in problems])


_ERROR_TYPES[ValidationFailed] = _validation_error


def to_graphql_error(exc: DomainError) -> Any:
    """The union member for a domain exception; unmapped exceptions propagate (and are masked)."""
    for exception_type in type(exc).__mro__:
        factory = _ERROR_TYPES.get(exception_type)
        if factory is not None:
            return factory(exc)
    raise exc


def _returns_union(info: strawberry.Info) -> bool:
    return isinstance(get_nullable_type(info._raw_info.return_type), GraphQLUnionType)


def _handle(exc: DomainError, info: strawberry.Info) -> Any:
    """A union member when the field returns a union; otherwise a top-level error with the message."""
    if _returns_union(info):
        return to_graphql_error(exc)
    extensions: dict[str, Any] = {"code": "BAD_USER_INPUT"}
    if isinstance(exc, ValidationFailed):
        extensions["fieldErrors"] = [{"field": p.field, "code": p.code, "message": p.message} for p in exc.problems]
    raise GraphQLError(exc.message, extensions=extensions) from exc


# What callers are told is unreachable, by the `Unavailable.dependency` the storage layer names.
UNREACHABLE = {
    "elasticsearch": "search (Elasticsearch)",
    "mongo": "the database (MongoDB)",
    "redis": "the queue and live events (Redis)",
}


def unreachable_message(dependency: str) -> str:
    """The sentence a caller gets when `dependency` does not answer (never the driver's text)."""
    return f"{UNREACHABLE.get(dependency, dependency)} is unreachable right now: try again in a moment (see `health`)"


def _unavailable(exc: Exception) -> GraphQLError | None:
    """A coded top-level error when a service the field needs is unreachable (not a bug: retry later)."""
    # the storage layer raises Unavailable in place of every driver's outage error (backend/clients/failures.py)
    if not isinstance(exc, Unavailable) or exc.dependency not in UNREACHABLE:
        return None
    return GraphQLError(unreachable_message(exc.dependency), extensions={"code": "SERVICE_UNAVAILABLE"})


class DomainErrorsAsUnion(FieldExtension):
    """Returns the union member of an expected failure instead of raising it (or a coded top-level error)."""

    def resolve(self, next_: Callable[..., Any], source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        try:
            return next_(source, info, **kwargs)
        except DomainError as exc:
            return _handle(exc, info)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        try:
            result = next_(source, info, **kwargs)
            # A subscription resolver gives an async generator, to be returned as it is.
            return await result if inspect.isawaitable(result) else result
        except DomainError as exc:
            return _handle(exc, info)
        except Exception as exc:
            unavailable = _unavailable(exc)
            if unavailable is None:
                raise
            raise unavailable from exc
