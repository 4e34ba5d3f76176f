"""What an operation asks of a field's result, for resolvers that can skip work nobody asked for."""

from __future__ import annotations

from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from backend.graphql.context import Info


def _active(directives: dict[str, dict[str, Any]]) -> bool:
    # @skip / @include with their `if` already resolved from the variables; anything unsure counts as asked
    return directives.get("skip", {}).get("if") is not True and directives.get("include", {}).get("if") is not False


def _asks(selections: list[Selection], name: str) -> bool:
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == name and _active(selection.directives):
                return True
        # any type condition: a fragment on another member of the union only makes this answer "asked" wrongly,
        # which costs work, never a missing field
        elif (
            isinstance(selection, FragmentSpread | InlineFragment)
            and _active(selection.directives)
            and _asks(selection.selections, name)
        ):
            return True
    return False


def asks_for(info: Info, name: str) -> bool:
    """Whether the current field's selection (through fragments, after @skip/@include) has the field `name` at its
    first level, for any alias."""
    return any(_asks(field.selections, name) for field in info.selected_fields if isinstance(field, SelectedField))
