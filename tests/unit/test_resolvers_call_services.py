"""Resolvers call services only: no schema module reaches a client or a repository through the context."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from backend.container import Services, Storage

ROOT = Path(__file__).resolve().parents[2]
NOT_SERVICES = {"storage", "training_repository"}  # settings: configuration, not storage
# Not yet: its `trainingRun` resolver reads the repository until the task model lands (the lead removes this).
NOT_YET = {"backend/training/schema.py"}


def services_used(source: str) -> set[str]:
    """The attributes read from any `….services` in the source."""
    return {
        node.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr == "services"
    }


def test_the_container_hands_out_services_and_keeps_storage_apart() -> None:
    # given the container's fields
    fields = {f.name for f in dataclasses.fields(Services)}
    storage = {f.name for f in dataclasses.fields(Storage)}
    # then no client or repository is one of them, except inside `storage`
    assert fields & {"mongo", "search", "redis", "mlflow", "queue", "users"} == set()
    assert not any(name.endswith(("_repository", "_index")) for name in fields)
    assert {"mongo", "search", "redis", "mlflow", "queue", "items", "item_index"} <= storage


def test_no_resolver_reaches_storage_through_the_context() -> None:
    # given every schema module (the only ones that resolve GraphQL fields)
    schemas = sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "backend").rglob("*.py") if "schema" in (*p.parent.parts[-1:], p.stem)
    )
    services = {f.name for f in dataclasses.fields(Services)} - NOT_SERVICES
    # when their uses of the context's services are read
    used = {path: services_used((ROOT / path).read_text()) for path in schemas if path not in NOT_YET}
    # then each is a service
    assert {path: names - services for path, names in used.items() if names - services} == {}
    assert "datasets" in used["backend/datasets/schema.py"]
