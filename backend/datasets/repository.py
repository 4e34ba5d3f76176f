"""Datasets in MongoDB, by `_id` (the slug of the name, unique)."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from backend.clients.failures import storage
from backend.datasets.entities import (
    AnnotationSettings,
    Dataset,
    DatasetKind,
    LabelDefinition,
    QueueOrder,
    TaskType,
)


class DatasetExists(Exception):
    pass


def _to_doc(dataset: Dataset) -> dict[str, Any]:
    return {
        "_id": dataset.id,
        "name": dataset.name,
        "kind": dataset.kind.value,
        "labels": [{"name": lb.name, "hotkey": lb.hotkey, "color": lb.color} for lb in dataset.labels],
        "instructions": dataset.instructions,
        "settings": {
            "overlap_target": dataset.settings.overlap_target,
            "blind": dataset.settings.blind,
            "queue_order": dataset.settings.queue_order.value,
        },
        "created_by": dataset.created_by,
        "created_at": dataset.created_at,
        "updated_at": dataset.updated_at,
        "archived": dataset.archived,
        "feature_names": list(dataset.feature_names),
        "task_type": dataset.task_type.value,
    }


def _settings(doc: dict[str, Any]) -> AnnotationSettings:
    return AnnotationSettings(
        overlap_target=doc.get("overlap_target", 1),
        blind=doc.get("blind", False),
        # datasets made before the setting existed keep the new default: their queue gets shuffled too
        queue_order=QueueOrder(doc.get("queue_order", QueueOrder.RANDOM.value)),
    )


def _from_doc(doc: dict[str, Any]) -> Dataset:
    return Dataset(
        id=doc["_id"],
        name=doc["name"],
        kind=DatasetKind(doc["kind"]),
        labels=tuple(LabelDefinition(lb["name"], lb.get("hotkey"), lb.get("color")) for lb in doc["labels"]),
        instructions=doc.get("instructions", ""),
        settings=_settings(doc.get("settings", {})),
        created_by=doc["created_by"],
        created_at=doc["created_at"],
        updated_at=doc["updated_at"],
        archived=doc.get("archived", False),
        feature_names=tuple(doc.get("feature_names", [])),
        # datasets stored before task types existed are single-label
        task_type=TaskType(doc.get("task_type", TaskType.SINGLE_LABEL.value)),
    )


@storage
class DatasetRepository:
    """The `datasets` collection. Datasets number in the tens: listing them is one cheap scan."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._datasets = db["datasets"]

    async def get(self, dataset_id: str) -> Dataset | None:
        doc = await self._datasets.find_one({"_id": dataset_id})
        return _from_doc(doc) if doc else None

    async def insert(self, dataset: Dataset) -> None:
        """Store a new dataset; raises DatasetExists when its id is taken."""
        try:
            await self._datasets.insert_one(_to_doc(dataset))
        except DuplicateKeyError as exc:
            raise DatasetExists(dataset.id) from exc

    async def replace(self, dataset: Dataset) -> None:
        await self._datasets.replace_one({"_id": dataset.id}, _to_doc(dataset))

    async def list_all(self) -> list[Dataset]:
        return sorted([_from_doc(d) async for d in self._datasets.find({})], key=lambda d: d.name.lower())
