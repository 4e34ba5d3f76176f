"""The one-pass executor of plain objects answers exactly as graphql-core's own executor: data, errors, paths, null
propagation, aliases, fragments, @skip/@include, unions and fields with resolvers."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from backend.graphql.execution import PlainObjectsExecutor


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Entry:
    key: str
    value: str | None


@strawberry.type
class Hit:
    name: str
    score: float | None
    colour: Colour
    at: datetime
    tags: list[str]
    entries: list[Entry]
    maybe: list[Entry] | None

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times


@strawberry.type
class Other:
    reason: str


Found = Annotated[Hit | Other, strawberry.union("Found")]

AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _hit(n: int, **changes: Any) -> Hit:
    values: dict[str, Any] = {
        "name": f"h{n}",
        "score": n / 3 if n % 2 else None,
        "colour": Colour.RED if n % 2 else Colour.BLUE,
        "at": AT,
        "tags": [f"t{n}", "x"],
        "entries": [Entry(key="k", value=str(n)), Entry(key="none", value=None)],
        "maybe": None if n % 2 else [],
    }
    return Hit(**{**values, **changes})


@strawberry.type
class Query:
    @strawberry.field
    def hits(self) -> list[Hit]:
        return [_hit(n) for n in range(4)]

    @strawberry.field
    def broken(self) -> list[Hit]:
        # a null in a non-null field of the second hit, a refused value in the third
        return [_hit(0), _hit(1, name=None), _hit(2, tags=["ok", 3.5j]), _hit(3)]

    @strawberry.field
    def found(self) -> list[Found]:
        return [_hit(0), Other(reason="gone")]


DOCUMENTS = {
    "plain": "{ hits { name score colour at tags entries { key value } maybe { key } __typename } }",
    "aliases-and-fragments": "query { a: hits { ...F n: name } } fragment F on Hit { name entries { v: value } }",
    "resolver-field": "{ hits { name shout(times: 2) } }",
    "include-skip": "query($on: Boolean!) { hits { name score @include(if: $on) tags @skip(if: $on) } }",
    "null-in-non-null": "{ broken { name tags } }",
    "union": "{ found { __typename ... on Hit { name entries { key } } ... on Other { reason } } }",
}


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("on", [True, False])
async def test_the_answer_is_graphql_cores(name: str, on: bool) -> None:
    # given the same schema run by graphql-core's executor and by the one-pass executor
    reference = strawberry.Schema(query=Query, execution_context_class=StrawberryGraphQLCoreExecutionContext)
    one_pass = strawberry.Schema(query=Query, execution_context_class=PlainObjectsExecutor)
    variables = {"on": on} if "$on" in DOCUMENTS[name] else None
    # when both answer the document
    expected = await reference.execute(DOCUMENTS[name], variable_values=variables)
    result = await one_pass.execute(DOCUMENTS[name], variable_values=variables)
    # then the data (key order included) and the errors are the same
    assert result.data == expected.data
    assert list(map(str, result.data or {})) == list(map(str, expected.data or {}))
    assert repr(result.data) == repr(expected.data)
    assert [(e.message, e.path) for e in result.errors or []] == [(e.message, e.path) for e in expected.errors or []]


async def test_a_null_in_a_non_null_field_nulls_its_object_with_graphql_cores_error() -> None:
    # given a list of hits whose second has no name and third a tag that is not a string
    one_pass = strawberry.Schema(query=Query, execution_context_class=PlainObjectsExecutor)
    # when it is asked
    result = await one_pass.execute("{ broken { name tags } }")
    # then the whole list is null (its items are non-null), with the first error graphql-core reports
    assert result.data is None
    assert [(e.message, e.path) for e in result.errors or []] == [
        ("Cannot return null for non-nullable field Hit.name.", ["broken", 1, "name"])
    ]


EXECUTED: list[str] = []


class CountingExecutor(PlainObjectsExecutor):
    """Records the fields graphql-core executes one by one (in EXECUTED)."""

    def execute_field(self, parent_type: Any, source: Any, details: Any, path: Any, position: Any) -> Any:
        EXECUTED.append(f"{parent_type.name}.{details[0].node.name.value}")
        return super().execute_field(parent_type, source, details, path, position)


async def test_plain_objects_skip_graphql_cores_field_by_field_execution() -> None:
    # given the one-pass executor, recording what graphql-core executes field by field
    schema = strawberry.Schema(query=Query, execution_context_class=CountingExecutor)
    EXECUTED.clear()
    # when a list of plain objects is asked, and one with a field that has a resolver
    plain = await schema.execute(DOCUMENTS["plain"])
    with_resolver = await schema.execute("{ hits { name shout } }")
    # then graphql-core executes only the root field of the first; the second's objects take its path
    assert plain.errors is None
    assert with_resolver.errors is None
    assert EXECUTED == ["Query.hits", "Query.hits"] + ["Hit.name", "Hit.shout"] * 4
