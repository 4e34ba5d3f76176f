"""One failure vocabulary: above the storage layer, no module imports a driver's exception type (it catches
`backend.errors.Unavailable`, which backend/clients/failures.py makes of them)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DRIVERS = ("pymongo", "elasticsearch", "elastic_transport", "redis", "mlflow")
# The storage layer, which turns driver errors into Unavailable.
STORAGE = ("backend/clients/",)
STORAGE_SUFFIXES = ("repository.py", "store.py", "index.py")


def _is_exception_name(name: str) -> bool:
    return name.endswith(("Error", "Exception", "Failure", "Timeout", "ERRORS"))


def driver_exception_imports(source: str) -> list[str]:
    """`module.Name` of every exception type the source imports from a driver (or a driver's `exceptions`/`errors`
    module imported whole)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in DRIVERS:
            if node.module.rsplit(".", 1)[-1] in ("errors", "exceptions"):
                found.extend(f"{node.module}.{alias.name}" for alias in node.names)
            else:
                found.extend(f"{node.module}.{a.name}" for a in node.names if _is_exception_name(a.name))
        elif isinstance(node, ast.Import):
            found.extend(
                alias.name
                for alias in node.names
                if alias.name.split(".")[0] in DRIVERS and alias.name.rsplit(".", 1)[-1] in ("errors", "exceptions")
            )
    return found


def _above_storage(path: str) -> bool:
    return not (path.startswith(STORAGE) or path.endswith(STORAGE_SUFFIXES))


def test_the_scan_sees_every_kind_of_driver_exception_import() -> None:
    # given imports of exception types, whole exception modules, and of a client class
    source = (
        "from pymongo.errors import ConnectionFailure\n"
        "from elasticsearch import ConnectionError as EsDown\n"
        "import redis.exceptions\n"
        "from redis.asyncio import Redis\n"
        "from mlflow.exceptions import MlflowException\n"
    )
    # when it is scanned
    found = driver_exception_imports(source)
    # then the exception types are found, the client class is not
    assert found == [
        "pymongo.errors.ConnectionFailure",
        "elasticsearch.ConnectionError",
        "redis.exceptions",
        "mlflow.exceptions.MlflowException",
    ]


def test_no_module_above_the_storage_layer_imports_a_driver_exception_type() -> None:
    # given every module of backend/ and worker/ outside the storage layer
    modules = sorted(
        str(path.relative_to(ROOT))
        for folder in ("backend", "worker")
        for path in (ROOT / folder).rglob("*.py")
        if _above_storage(str(path.relative_to(ROOT)))
    )
    # when their imports are read
    leaks = {module: driver_exception_imports((ROOT / module).read_text()) for module in modules}
    # then none imports a driver's exception type
    assert {module: names for module, names in leaks.items() if names} == {}
    assert "backend/graphql/errors.py" in modules
