"""schema.graphql is the code's schema, exported (`make schema` rewrites it)."""

from __future__ import annotations

from backend.api.schema import schema
from tests.stack import ROOT


def test_checked_in_schema_matches_the_code() -> None:
    checked_in = (ROOT / "schema.graphql").read_text()
    assert checked_in == schema.as_str() + "\n", "schema.graphql is stale: run `make schema` and commit it"


def test_every_type_and_field_has_a_description() -> None:
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Boolean", "Int", "Float", "ID"}:
            continue
        if not graphql_type.description and name not in {"Query", "Mutation", "Subscription"}:
            missing.append(name)
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
    assert missing == []
