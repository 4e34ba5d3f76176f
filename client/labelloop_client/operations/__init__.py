"""The client's GraphQL operations, read from the `.graphql` files beside this module.

Each operation is sent as its own document: the operation plus exactly the fragments it uses (transitively),
so that the server never sees an unused fragment and every file can share `fragments.graphql`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    Node,
    OperationDefinitionNode,
    Visitor,
    parse,
    visit,
)


def operation_files() -> dict[str, str]:
    """Every `.graphql` file of the package: name → text."""
    folder = resources.files(__name__)
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".graphql")
    }


class _SpreadCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_args: object) -> None:
        self.names.add(node.name.value)


def _spreads(node: Node) -> set[str]:
    collector = _SpreadCollector()
    visit(node, collector)
    return collector.names


@cache
def _definitions() -> tuple[dict[str, OperationDefinitionNode], dict[str, FragmentDefinitionNode]]:
    operations: dict[str, OperationDefinitionNode] = {}
    fragments: dict[str, FragmentDefinitionNode] = {}
    for file_name, text in operation_files().items():
        for definition in parse(text).definitions:
            if isinstance(definition, OperationDefinitionNode):
                if definition.name is None:
                    raise ValueError(f"{file_name}: every operation needs a name")
                name = definition.name.value
                if name in operations:
                    raise ValueError(f"{file_name}: operation {name} is defined twice")
                operations[name] = definition
            elif isinstance(definition, FragmentDefinitionNode):
                name = definition.name.value
                if name in fragments:
                    raise ValueError(f"{file_name}: fragment {name} is defined twice")
                fragments[name] = definition
    return operations, fragments


def operation_names() -> list[str]:
    """The names of every operation, in file order."""
    return list(_definitions()[0])


@cache
def document(name: str) -> DocumentNode:
    """The document sent for operation `name`: the operation and the fragments it uses."""
    operations, fragments = _definitions()
    operation = operations[name]
    needed: list[FragmentDefinitionNode] = []
    pending = sorted(_spreads(operation))
    seen: set[str] = set()
    while pending:
        fragment_name = pending.pop()
        if fragment_name in seen:
            continue
        seen.add(fragment_name)
        fragment = fragments[fragment_name]
        needed.append(fragment)
        pending.extend(sorted(_spreads(fragment) - seen))
    return DocumentNode(definitions=(operation, *sorted(needed, key=lambda f: f.name.value)))
