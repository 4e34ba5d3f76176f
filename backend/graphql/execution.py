"""Execution of plain objects in one pass: what costs a large page its CPU is graphql-core's work per field.

graphql-core completes every field of every object on its own: a path, a resolve info, the resolver call, awaitable
checks and the completion of its type, about 5 µs each, so a 100-hit search page (some 2,000 fields) spends most of
its time there. Most objects of a page are *plain*: every field asked is a Strawberry field without resolver,
permission or extension (its value is an attribute), of a scalar, enum, list or plain object type. For those, the
executor below builds once per selection a plan (each response key with its getter and its type's own
`coerce_output_value`) and completes each object with it in one dict comprehension: same types, same coercion, same
keys in the same order, so the same JSON.

Anything the plan does not cover keeps graphql-core's path: resolvers, arguments, unions and interfaces, `is_type_of`,
`@defer`/`@stream`, schema extensions that hook each field (`resolve`). A value the plan cannot complete (null in a
non-null field, a value its type refuses, an error) makes the plan give up on that object, which graphql-core then
executes as usual, so errors, their paths and null propagation are graphql-core's own.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    Undefined,
    is_leaf_type,
)
from graphql.execution.collect_fields import DeferUsage, FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

Complete = Callable[[Any], Any]
Plan = tuple[tuple[str, Complete], ...]


class NotPlain(Exception):
    """A value the plan leaves to graphql-core (null in a non-null field, a value its type refuses…)."""


def _leaf(coerce: Callable[[Any], Any]) -> Complete:
    def complete(value: Any) -> Any:
        if isinstance(value, Exception):
            raise NotPlain
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise NotPlain
        return coerced

    return complete


def _non_null(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if value is None:
            raise NotPlain
        completed = inner(value)
        if completed is None:
            raise NotPlain
        return completed

    return complete


def _nullable(inner: Complete) -> Complete:
    return lambda value: None if value is None or value is Undefined else inner(value)


def _list(item: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise NotPlain
        return [item(v) for v in value]

    return complete


def _object(plan: Plan) -> Complete:
    def complete(value: Any) -> Any:
        if isinstance(value, Exception):
            raise NotPlain
        return {name: field(value) for name, field in plan}

    return complete


def _constant(value: str) -> Complete:
    return lambda _source: value


def _getter(field: StrawberryField) -> Callable[[Any], Any]:
    if field.default_resolver is getattr:
        return operator.attrgetter(field.python_name)
    resolver, name = field.default_resolver, field.python_name
    return lambda source: resolver(source, name)


class PlainObjectsExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, completing plain objects in one pass (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # per request: plans by selection (graphql-core memoizes each selection's grouped field set)
        self._plans: dict[int, tuple[GroupedFieldSet, Plan | None]] = {}
        self._hooked = bool(self.middleware_manager and self.middleware_manager.middlewares)

    def execute_collected_subfields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path,
        grouped_field_set: GroupedFieldSet,
        new_defer_usages: Sequence[DeferUsage],
        delivery_group_map: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if delivery_group_map is None and not new_defer_usages and not self._hooked:
            plan = self._plan(parent_type, grouped_field_set)
            if plan is not None:
                try:
                    return {name: field(source_value) for name, field in plan}
                except Exception:  # noqa: S110 - graphql-core does it again, with its own errors
                    pass
        return super().execute_collected_subfields(
            parent_type, source_value, path, grouped_field_set, new_defer_usages, delivery_group_map
        )

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> Plan | None:
        cached = self._plans.get(id(grouped_field_set))
        if cached is not None:
            return cached[1]
        plan = self._build_plan(parent_type, grouped_field_set)
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)  # kept alive: its id is not reused
        return plan

    def _build_plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> Plan | None:
        if parent_type.is_type_of is not None:
            return None
        plan: list[tuple[str, Complete]] = []
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            if any(d.defer_usage is not None for d in details) or node.arguments:
                return None
            name = node.name.value
            if name == "__typename":
                plan.append((response_name, _constant(parent_type.name)))
                continue
            field_def = parent_type.fields.get(name)
            field = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF) if field_def else None
            if (
                field_def is None
                or field_def.args
                or not isinstance(field, StrawberryField)
                or not field.is_basic_field
            ):
                return None
            complete = self._field(field_def.type, details, _getter(field))
            if complete is None:
                return None
            plan.append((response_name, complete))
        return tuple(plan)

    def _field(self, type_: GraphQLOutputType, details: FieldDetailsList, get: Complete) -> Complete | None:
        """The completion of a field from its source object: scalars and enums (most fields) in one function."""
        non_null = isinstance(type_, GraphQLNonNull)
        leaf = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if not is_leaf_type(leaf):
            complete = self._completer(type_, details)
            return None if complete is None else lambda source: complete(get(source))
        coerce = leaf.coerce_output_value

        def complete_leaf(source: Any) -> Any:
            value = get(source)
            if value is None or value is Undefined:
                if non_null:
                    raise NotPlain
                return None
            if isinstance(value, Exception):
                raise NotPlain
            coerced = coerce(value)
            if coerced is None or coerced is Undefined:
                raise NotPlain
            return coerced

        return complete_leaf

    def _completer(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        """The completion of a value of `type_` (in a list, or of an object field)."""
        if isinstance(type_, GraphQLNonNull):
            inner = self._completer(type_.of_type, details)
            return None if inner is None else _non_null(inner)
        inner = self._nullable_completer(type_, details)
        return None if inner is None else _nullable(inner)

    def _nullable_completer(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        if isinstance(type_, GraphQLList):
            item = self._completer(type_.of_type, details)
            return None if item is None else _list(item)
        if is_leaf_type(type_):
            return _leaf(type_.coerce_output_value)
        if isinstance(type_, GraphQLObjectType):
            grouped_field_set, new_defer_usages, forbidden = self.collect_subfields(type_, details)
            if new_defer_usages or forbidden or type_.is_type_of is not None:
                return None
            plan = self._plan(type_, grouped_field_set)
            return None if plan is None else _object(plan)
        return None  # unions and interfaces: graphql-core resolves their type
