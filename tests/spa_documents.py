"""The SPA's GraphQL operations as it sends them: one operation of frontend/src/graphql with the fragments it uses."""

from __future__ import annotations

from pathlib import Path

from graphql import DocumentNode, FragmentDefinitionNode, FragmentSpreadNode, OperationDefinitionNode, parse, print_ast
from graphql.language import Visitor, visit

SHARED = Path(__file__).resolve().parent.parent / "frontend" / "src" / "graphql" / "shared"


class _Spreads(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
        self.names.add(node.name.value)


def _spreads(node: OperationDefinitionNode | FragmentDefinitionNode) -> set[str]:
    visitor = _Spreads()
    visit(node, visitor)
    return visitor.names


def spa_operation(name: str) -> str:
    """The text of the SPA's operation `name` (in frontend/src/graphql/shared) with every fragment it spreads."""
    document = parse("\n".join(p.read_text() for p in sorted(SHARED.glob("*.graphql"))))
    operation = next(
        d for d in document.definitions if isinstance(d, OperationDefinitionNode) and d.name and d.name.value == name
    )
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    needed, todo = set[str](), _spreads(operation)
    while todo:
        fragment = todo.pop()
        if fragment not in needed:
            needed.add(fragment)
            todo |= _spreads(fragments[fragment])
    used = [operation, *(fragments[f] for f in sorted(needed))]
    return print_ast(DocumentNode(definitions=tuple(used)))
