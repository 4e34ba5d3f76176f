"""The notebook client's operations (those it shares with the SPA, frontend/src/graphql/shared/*.graphql, and its
own, client/labelloop_client/operations/*.graphql) are valid against the checked-in schema.graphql, so a schema
change that breaks the client fails here (no services needed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from graphql import FragmentDefinitionNode, GraphQLSchema, build_schema, parse, print_ast, validate
from labelloop_client import errors, operations
from labelloop_client.client import training_label

from tests.stack import ROOT

SHARED_DIR = ROOT / "frontend" / "src" / "graphql" / "shared"
OPERATIONS_DIR = ROOT / "client" / "labelloop_client" / "operations"


@cache
def _schema() -> GraphQLSchema:
    return build_schema((ROOT / "schema.graphql").read_text())


def _files() -> list[Path]:
    return sorted(SHARED_DIR.glob("*.graphql")) + sorted(OPERATIONS_DIR.glob("*.graphql"))


def _names(text: str) -> list[str]:
    return [d.name.value for d in parse(text).definitions if getattr(d, "name", None)]  # type: ignore[attr-defined]


def _fragments_of_other_files(path: Path) -> str:
    return "\n".join(
        print_ast(definition)
        for other in _files()
        if other != path
        for definition in parse(other.read_text()).definitions
        if isinstance(definition, FragmentDefinitionNode)
    )


def test_the_package_sends_every_shared_and_client_operation() -> None:
    # given the definitions of the shared folder and of the client's own folder
    on_disk = sorted(name for path in _files() for name in _names(path.read_text()))

    # when the package's document (generated/operations.graphql, assembled by `make client`) is read
    packaged = sorted(_names(operations.operations_text()))

    # then it holds the same operations and fragments, from both folders
    assert packaged == on_disk, "client/labelloop_client/generated/operations.graphql is stale: run `make client`"
    assert [p.name for p in sorted(SHARED_DIR.glob("*.graphql"))] == [
        "auth.graphql",
        "automations.graphql",
        "errors.graphql",
        "items.graphql",
        "models.graphql",
        "trainingSets.graphql",
    ]
    assert {"fragments.graphql", "items.graphql", "training.graphql"} <= {p.name for p in _files()}


@pytest.mark.parametrize("path", _files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_operation_file_is_valid_against_schema_graphql(path: Path) -> None:
    # given one operation file, with the fragments of the other files (each file may use them)
    text = path.read_text() + "\n" + _fragments_of_other_files(path)

    # when graphql-core validates it against the checked-in schema
    document = parse(text)
    problems = [
        error.message
        for error in validate(_schema(), document)
        if not error.message.startswith("Fragment '") or "is never used" not in error.message
    ]

    # then nothing is wrong (fragments that this file does not use are fine: other files use them)
    assert problems == []


def test_every_operation_is_sent_as_a_valid_document_of_its_own() -> None:
    # given every operation the client sends, built as it sends it (the operation and the fragments it uses)
    names = operations.operation_names()

    # when each is validated as a whole document (an unused fragment would be an error here)
    problems = {name: [e.message for e in validate(_schema(), operations.document(name))] for name in names}

    # then all are valid, and the helpers' operations are among them
    assert {name: messages for name, messages in problems.items() if messages} == {}
    assert {
        "Search",
        "AnnotateItem",
        "ExportItems",
        "StartTraining",
        "FollowTrainingRun",
        "CompareTrainingRuns",
    } <= set(names)
    assert {"PromoteModelVersion", "RollbackModel", "Predict"} <= set(names)


def test_the_operations_file_names_are_unique_across_files() -> None:
    # given every named definition of every file
    seen: dict[str, str] = {}
    duplicates = []
    for path in _files():
        for definition in parse(path.read_text()).definitions:
            name = definition.name.value if getattr(definition, "name", None) else None  # type: ignore[attr-defined]
            where = f"{path.parent.name}/{path.name}"
            if name in seen:
                duplicates.append(f"{name} in {seen[name]} and {where}")
            seen[name or "?"] = where

    # then no operation or fragment is defined twice (the client looks them up by name)
    assert duplicates == []


def test_union_errors_become_the_exception_of_their_type_with_the_server_message() -> None:
    # given union results as the API answers them
    validation = {
        "__typename": "ValidationError",
        "message": "invalid input in params.alpha: nothing was changed",
        "fieldErrors": [{"field": "params.alpha", "code": "invalid_param", "message": "'alpha' must be at most 1"}],
    }
    not_found = {"__typename": "DatasetNotFoundError", "message": "no dataset 'x'"}
    limited = {"__typename": "LoginRateLimitedError", "message": "too many attempts", "retryAfterSeconds": 42}
    unknown = {"__typename": "SomethingNewError", "message": "new in the server"}

    # when they are mapped
    mapped = [errors.error_from_union(r) for r in (validation, not_found, limited, unknown)]

    # then each is its own class, with the message and the details
    assert [type(e).__name__ for e in mapped] == [
        "ValidationError",
        "DatasetNotFoundError",
        "LoginRateLimitedError",
        "LabelloopError",
    ]
    assert mapped[0].message == "invalid input in params.alpha: nothing was changed"
    assert mapped[0].field_errors == [  # type: ignore[attr-defined]
        errors.FieldError("params.alpha", "invalid_param", "'alpha' must be at most 1")
    ]
    assert mapped[2].retry_after_seconds == 42  # type: ignore[attr-defined]
    assert mapped[3].type_name == "SomethingNewError"
    assert all(isinstance(e, errors.LabelloopError) for e in mapped)


def test_top_level_errors_map_on_their_code() -> None:
    # given top-level GraphQL errors
    def top(code: str | None, message: str = "m") -> list[dict[str, object]]:
        return [{"message": message, "extensions": {"code": code} if code else {}}]

    # when mapped, then the code decides the class
    assert type(errors.error_from_graphql(top("UNAUTHENTICATED"))) is errors.AuthenticationError
    assert type(errors.error_from_graphql(top("FORBIDDEN"))) is errors.PermissionDeniedError
    assert type(errors.error_from_graphql(top("RATE_LIMITED"))) is errors.RateLimitedError
    unsupported = errors.error_from_graphql(top(None, "Cannot query field 'predict' on type 'Query'."))
    assert type(unsupported) is errors.UnsupportedOperationError
    assert type(errors.error_from_graphql(top(None, "Document contains more than 4000 tokens"))) is (
        errors.GraphQLRequestError
    )


def test_the_training_label_is_the_gold_label_else_a_clear_majority() -> None:
    # given exported rows
    def row(gold: str | None, *labels: str) -> dict[str, object]:
        return {"gold_label": gold, "annotations": [{"annotator": f"a{i}", "label": x} for i, x in enumerate(labels)]}

    # then gold wins, a majority counts, a tie or no label leaves the item out
    assert training_label(row("pos", "neg", "neg")) == ("pos", "gold")
    assert training_label(row(None, "neg", "neg", "pos")) == ("neg", "majority")
    assert training_label(row(None, "neg")) == ("neg", "majority")
    assert training_label(row(None, "neg", "pos")) == (None, None)
    assert training_label(row(None)) == (None, None)
