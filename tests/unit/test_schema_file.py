"""schema.graphql is the code's schema, exported (`make schema` rewrites it)."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

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


def test_every_argument_input_field_and_enum_value_has_a_description() -> None:
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [f"{name}.{value}" for value, spec in graphql_type.values.items() if not spec.description]
        if isinstance(graphql_type, GraphQLInputObjectType):
            missing += [f"{name}.{field}" for field, spec in graphql_type.fields.items() if not spec.description]
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                missing += [f"{name}.{field_name}({arg})" for arg, spec in field.args.items() if not spec.description]
    assert missing == []


def test_no_description_is_two_words_or_fewer() -> None:
    # "When.", "Who.", "The model.": a description must add something to the name it describes
    thin = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType | GraphQLInputObjectType):
            continue
        for field_name, field in graphql_type.fields.items():
            if field.description and len(field.description.split()) <= 2:
                thin.append(f"{name}.{field_name}: {field.description}")
    assert thin == []
