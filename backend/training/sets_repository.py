"""Training sets in MongoDB, by key only: each set is the document `training_sets/<set id>`, and a dataset's list is
the document `training_sets/dataset:<dataset id>` (its sets' ids and names, changed by compare-and-set on its
`version`, which keeps names unique within the dataset)."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from backend.clients.failures import storage
from backend.training.sets import LabelRule, TrainingSet, duplicate_name

ATTEMPTS = 20


def _list_id(dataset_id: str) -> str:
    return f"dataset:{dataset_id}"


def _to_doc(training_set: TrainingSet) -> dict[str, Any]:
    return {
        "_id": training_set.id,
        "dataset_id": training_set.dataset_id,
        "name": training_set.name,
        "filter": training_set.item_filter,
        "label_rule": training_set.label_rule.value,
        "min_agreement": training_set.min_agreement,
        "created_by": training_set.created_by,
        "created_at": training_set.created_at,
        "updated_at": training_set.updated_at,
    }


def _from_doc(doc: dict[str, Any]) -> TrainingSet:
    return TrainingSet(
        id=doc["_id"],
        dataset_id=doc["dataset_id"],
        name=doc["name"],
        item_filter=doc.get("filter") or {},
        label_rule=LabelRule(doc["label_rule"]),
        min_agreement=doc.get("min_agreement"),
        created_by=doc["created_by"],
        created_at=doc["created_at"],
        updated_at=doc["updated_at"],
    )


class _Conflict(Exception):
    """Another writer changed the dataset's list between our read and our write: read it again."""


@storage
class TrainingSetRepository:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._sets = db["training_sets"]

    async def insert(self, training_set: TrainingSet) -> None:
        """Add the set to its dataset's list (raises ValidationFailed for a name the dataset has), then store it."""
        await self._change_list(training_set.dataset_id, add=training_set)
        await self._sets.replace_one({"_id": training_set.id}, _to_doc(training_set), upsert=True)

    async def replace(self, current: TrainingSet, changed: TrainingSet) -> None:
        if changed.name != current.name:
            await self._change_list(changed.dataset_id, add=changed)
        await self._sets.replace_one({"_id": changed.id}, _to_doc(changed), upsert=True)

    async def delete(self, training_set: TrainingSet) -> None:
        await self._change_list(training_set.dataset_id, remove=training_set.id)
        await self._sets.delete_one({"_id": training_set.id})

    async def get(self, set_id: str) -> TrainingSet | None:
        doc = await self._sets.find_one({"_id": set_id}) if not set_id.startswith("dataset:") else None
        return _from_doc(doc) if doc else None

    async def of_dataset(self, dataset_id: str) -> list[TrainingSet]:
        """Every set of the dataset (its list, then its sets by `_id: {$in}`)."""
        listing = await self._sets.find_one({"_id": _list_id(dataset_id)})
        ids = [entry["id"] for entry in (listing or {}).get("entries", [])]
        if not ids:
            return []
        docs = [doc async for doc in self._sets.find({"_id": {"$in": ids}})]
        return [_from_doc(doc) for doc in docs]

    async def _change_list(self, dataset_id: str, add: TrainingSet | None = None, remove: str | None = None) -> None:
        for _ in range(ATTEMPTS):
            try:
                await self._try_change(dataset_id, add, remove)
                return
            except _Conflict:
                continue
        raise RuntimeError(f"the training sets of '{dataset_id}' kept changing under {ATTEMPTS} attempts")

    async def _try_change(self, dataset_id: str, add: TrainingSet | None, remove: str | None) -> None:
        listing = await self._sets.find_one({"_id": _list_id(dataset_id)})
        entries: list[dict[str, str]] = list((listing or {}).get("entries", []))
        if add is not None:
            others = [e for e in entries if e["id"] != add.id]
            if any(e["name"].casefold() == add.name.casefold() for e in others):
                raise duplicate_name(dataset_id, add.name)
            entries = [*others, {"id": add.id, "name": add.name}]
        if remove is not None:
            entries = [e for e in entries if e["id"] != remove]
        if listing is None:
            try:
                await self._sets.insert_one({"_id": _list_id(dataset_id), "entries": entries, "version": 1})
            except DuplicateKeyError as exc:
                raise _Conflict from exc
            return
        result = await self._sets.update_one(
            {"_id": _list_id(dataset_id), "version": listing["version"]},
            {"$set": {"entries": entries, "version": listing["version"] + 1}},
        )
        if result.matched_count == 0:
            raise _Conflict
