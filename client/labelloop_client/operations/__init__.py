"""The client's GraphQL operations, read from `labelloop_client/generated/operations.graphql`.

That document is assembled by `make client` (scripts/client-codegen.sh) from the operations the client shares with
the SPA (frontend/src/graphql/shared/*.graphql) and its own (the `.graphql` files beside this module), and is what
the generated typed models were made from. Each operation is sent as its own document: the operation plus exactly
the fragments it uses (transitively), so that the server never sees an unused fragment.
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

DOCUMENT = "operations.graphql"  # in labelloop_client.generated


def operations_text() -> str:
    """The packaged document: every operation and fragment the client sends."""
    return resources.files("labelloop_client.generated").joinpath(DOCUMENT).read_text(encoding="utf-8")


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
    for definition in parse(operations_text()).definitions:
        if isinstance(definition, OperationDefinitionNode):
            if definition.name is None:
                raise ValueError(f"{DOCUMENT}: every operation needs a name")
            name = definition.name.value
            if name in operations:
                raise ValueError(f"{DOCUMENT}: operation {name} is defined twice")
            operations[name] = definition
        elif isinstance(definition, FragmentDefinitionNode):
            name = definition.name.value
            if name in fragments:
                raise ValueError(f"{DOCUMENT}: fragment {name} is defined twice")
            fragments[name] = definition
    return operations, fragments


def operation_names() -> list[str]:
    """The names of every operation, in the order of the document."""
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
