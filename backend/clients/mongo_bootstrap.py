"""What the code needs of MongoDB (collections, unique indexes), checked at start; init-mongo.js creates it.

The application creates none of it: init-mongo.js is the one bootstrap of the database, so that an upgrade that
adds an index has one place to add it. A process that finds something missing refuses to start and says how to run
the script.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

REQUIRED_COLLECTIONS: tuple[str, ...] = (
    "users",
    "datasets",
    "items",
    "index_backlog",
    "jobs",
    "job_events",
    "model_heads",
    "promotions",
    "predictions",
    "model_settings",
    "training_sets",
    "training_snapshots",
    "automations",
    "model_routes",
    "alias_events",
    "evaluation_sets",
    "evaluation_chunks",
    "version_evaluations",
    "promotion_proposals",
    "promotion_proposal_lists",
)


@dataclass(frozen=True, slots=True)
class UniqueIndex:
    """A unique index reads or compare-and-set writes are keyed on."""

    collection: str
    name: str
    field: str
    sparse: bool = False

    def describe(self) -> str:
        sparse = ", sparse" if self.sparse else ""
        return f"{self.collection}.{self.name} (unique{sparse} on {self.field})"

    def matches(self, spec: Mapping[str, Any]) -> bool:
        """Whether a listIndexes entry is this index (same key, unique, same sparseness)."""
        return (
            dict(spec.get("key", {})) == {self.field: 1}
            and bool(spec.get("unique"))
            and bool(spec.get("sparse")) == self.sparse
        )


REQUIRED_INDEXES: tuple[UniqueIndex, ...] = (
    UniqueIndex("users", "username_unique", "username"),
    UniqueIndex("items", "items_cas", "cas", sparse=True),
    UniqueIndex("jobs", "jobs_cas", "cas", sparse=True),
)


class DatabaseNotBootstrapped(RuntimeError):
    """MongoDB lacks a collection or index the code relies on: init-mongo.js has not run on this database."""


def how_to_bootstrap(address: str) -> str:
    """The sentence that says how to run init-mongo.js against `address` (host:port)."""
    return (
        "init-mongo.js creates them, and can be run any number of times: `make up` runs it (native stack), "
        "`docker compose up` runs it in the mongo-init service, or run it by hand from the repository: "
        f'scripts/tools/node_modules/.bin/mongosh "mongodb://{address}/admin" init-mongo.js '
        "(with LABELLOOP_MONGO_DB set when the database is not 'labelloop')"
    )


async def missing_from(db: AsyncDatabase[dict[str, Any]]) -> list[str]:
    """What of REQUIRED_COLLECTIONS and REQUIRED_INDEXES `db` lacks, one phrase each (empty when nothing)."""
    present = set(await db.list_collection_names())
    problems = [f"collection {name}" for name in REQUIRED_COLLECTIONS if name not in present]
    for index in REQUIRED_INDEXES:
        if index.collection not in present:
            problems.append(f"index {index.describe()}")
            continue
        specs = {spec["name"]: spec async for spec in await db[index.collection].list_indexes()}
        spec = specs.get(index.name)
        if spec is None:
            problems.append(f"index {index.describe()}")
        elif not index.matches(spec):
            problems.append(f"index {index.describe()}, which exists with other options: {dict(spec)}")
    return problems


async def check_bootstrapped(db: AsyncDatabase[dict[str, Any]], address: str) -> None:
    """Return when `db` has every required collection and index; raise DatabaseNotBootstrapped naming what lacks."""
    problems = await missing_from(db)
    if problems:
        raise DatabaseNotBootstrapped(
            f"MongoDB database '{db.name}' at {address} is not bootstrapped: it lacks {'; '.join(problems)}. "
            + how_to_bootstrap(address)
        )
