"""The evaluation sets of datasets and the evaluation metrics of model versions (MongoDB, by key only).

`evaluation_sets/<dataset>` is the head: the generation in force, its size, label counts, who froze it and when,
and the record of the sets it replaced. The ids of generation g sit in chunks `evaluation_chunks/<dataset>:<g>:<n>`
(1,000 ids each), written before the head moves to g, so a crash while freezing leaves the previous set whole.
`version_evaluations/<model>:<version>` holds a version's metrics on its dataset's evaluation set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from backend.clients.failures import storage
from backend.models.evaluation_entities import EvaluationMetrics, EvaluationSet, ReplacedSet

CHUNK = 1000
HISTORY_KEPT = 20


def _chunk_id(dataset_id: str, generation: int, number: int) -> str:
    return f"{dataset_id}:{generation}:{number}"


def _set(doc: dict[str, Any]) -> EvaluationSet:
    return EvaluationSet(
        dataset_id=doc["_id"],
        generation=doc["generation"],
        size=doc["size"],
        label_counts=dict(doc.get("label_counts") or {}),
        seed=doc["seed"],
        frozen_at=doc["frozen_at"],
        frozen_by=doc["frozen_by"],
        replaced=tuple(
            ReplacedSet(r["generation"], r["size"], r["frozen_at"], r["frozen_by"], r["replaced_at"], r["replaced_by"])
            for r in doc.get("replaced") or []
        ),
    )


def _metrics(doc: dict[str, Any]) -> EvaluationMetrics:
    return EvaluationMetrics(
        model=doc["model"],
        version=doc["version"],
        dataset_id=doc["dataset_id"],
        generation=doc["generation"],
        item_count=doc["item_count"],
        accuracy=doc["accuracy"],
        macro_f1=doc["macro_f1"],
        recall=dict(doc.get("recall") or {}),
        evaluated_at=doc["evaluated_at"],
    )


@storage
class EvaluationRepository:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._heads = db["evaluation_sets"]
        self._chunks = db["evaluation_chunks"]
        self._versions = db["version_evaluations"]

    async def head(self, dataset_id: str) -> EvaluationSet | None:
        doc = await self._heads.find_one({"_id": dataset_id})
        return _set(doc) if doc else None

    async def ids(self, evaluation: EvaluationSet) -> list[str]:
        """The item ids of the set in force (sorted)."""
        chunks = -(-evaluation.size // CHUNK)
        wanted = [_chunk_id(evaluation.dataset_id, evaluation.generation, n) for n in range(chunks)]
        found: list[str] = []
        async for doc in self._chunks.find({"_id": {"$in": wanted}}):
            found.extend(doc["ids"])
        return sorted(found)

    async def freeze(self, new: EvaluationSet, ids: Sequence[str], previous: EvaluationSet | None) -> None:
        """Write the chunks of `new`, then move the head to it (recording the set it replaces), then drop the
        replaced set's chunks."""
        for number, start in enumerate(range(0, len(ids), CHUNK)):
            await self._chunks.replace_one(
                {"_id": _chunk_id(new.dataset_id, new.generation, number)},
                {"ids": list(ids[start : start + CHUNK])},
                upsert=True,
            )
        replaced = [
            {
                "generation": r.generation,
                "size": r.size,
                "frozen_at": r.frozen_at,
                "frozen_by": r.frozen_by,
                "replaced_at": r.replaced_at,
                "replaced_by": r.replaced_by,
            }
            for r in new.replaced[-HISTORY_KEPT:]
        ]
        await self._heads.replace_one(
            {"_id": new.dataset_id},
            {
                "generation": new.generation,
                "size": new.size,
                "label_counts": new.label_counts,
                "seed": new.seed,
                "frozen_at": new.frozen_at,
                "frozen_by": new.frozen_by,
                "replaced": replaced,
            },
            upsert=True,
        )
        if previous is not None:
            old = [_chunk_id(previous.dataset_id, previous.generation, n) for n in range(-(-previous.size // CHUNK))]
            await self._chunks.delete_many({"_id": {"$in": old}})

    async def save_metrics(self, metrics: EvaluationMetrics) -> None:
        await self._versions.replace_one(
            {"_id": f"{metrics.model}:{metrics.version}"},
            {
                "model": metrics.model,
                "version": metrics.version,
                "dataset_id": metrics.dataset_id,
                "generation": metrics.generation,
                "item_count": metrics.item_count,
                "accuracy": metrics.accuracy,
                "macro_f1": metrics.macro_f1,
                "recall": metrics.recall,
                "evaluated_at": metrics.evaluated_at,
            },
            upsert=True,
        )

    async def metrics(self, model: str, version: str) -> EvaluationMetrics | None:
        doc = await self._versions.find_one({"_id": f"{model}:{version}"})
        return _metrics(doc) if doc else None
