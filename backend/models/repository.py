"""Promotions (MongoDB, by key) and the prediction log (MongoDB insert-only + an Elasticsearch index for
aggregations).

A model's head document `model_heads/<name>` holds its production stack (the versions promoted, last on top) and
the number of promotion events; event n of model M is `promotions/M:<n>`, so history is read by `_id`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, TransportError
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from backend.clients.elasticsearch import ensure_index
from backend.models.entities import PredictionRecord, PromotionAction, PromotionEvent

log = logging.getLogger("labelloop.models")
PREDICTIONS_INDEX = "labelloop-predictions"


def _event_id(model: str, sequence: int) -> str:
    return f"{model}:{sequence:06d}"


def _event(doc: dict[str, Any]) -> PromotionEvent:
    return PromotionEvent(
        id=doc["_id"],
        model=doc["model"],
        sequence=doc["sequence"],
        action=PromotionAction(doc["action"]),
        version=doc["version"],
        previous_version=doc.get("previous_version"),
        actor=doc["actor"],
        reason=doc["reason"],
        at=doc["at"],
        run_id=doc.get("run_id"),
        metrics=doc.get("metrics") or {},
    )


class ModelRepository:
    def __init__(self, db: AsyncDatabase[dict[str, Any]], es: AsyncElasticsearch) -> None:
        self._heads = db["model_heads"]
        self._promotions = db["promotions"]
        self._predictions = db["predictions"]
        self._settings = db["model_settings"]
        self._es = es

    async def ensure_index(self) -> None:
        await ensure_index(
            self._es,
            PREDICTIONS_INDEX,
            {
                "model": {"type": "keyword"},
                "version": {"type": "keyword"},
                "replica": {"type": "keyword"},
                "at": {"type": "date"},
                "label": {"type": "keyword"},
                "confidence": {"type": "float"},
                "latency_ms": {"type": "float"},
            },
            refresh_interval="1s",
        )

    async def production_stack(self, model: str) -> list[str]:
        head = await self._heads.find_one({"_id": model})
        return list(head.get("stack", [])) if head else []

    async def push(self, model: str, version: str) -> tuple[int, list[str]]:
        """Put `version` on top of the production stack; (event sequence, the stack before)."""
        head = await self._heads.find_one_and_update(
            {"_id": model},
            {"$push": {"stack": version}, "$inc": {"events": 1}},
            upsert=True,
            return_document=ReturnDocument.BEFORE,
        )
        head = head or {}
        return head.get("events", 0) + 1, list(head.get("stack", []))

    async def pop(self, model: str) -> tuple[int, list[str]]:
        """Take the top off the production stack; (event sequence, the stack before)."""
        head = await self._heads.find_one_and_update(
            {"_id": model}, {"$pop": {"stack": 1}, "$inc": {"events": 1}}, return_document=ReturnDocument.BEFORE
        )
        head = head or {}
        return head.get("events", 0) + 1, list(head.get("stack", []))

    async def record(self, event: PromotionEvent) -> None:
        await self._promotions.insert_one(
            {
                "_id": event.id,
                "model": event.model,
                "sequence": event.sequence,
                "action": event.action.value,
                "version": event.version,
                "previous_version": event.previous_version,
                "actor": event.actor,
                "reason": event.reason,
                "at": event.at,
                "run_id": event.run_id,
                "metrics": event.metrics,
            }
        )

    async def history(self, model: str) -> list[PromotionEvent]:
        """Every promotion event of `model`, newest first."""
        head = await self._heads.find_one({"_id": model})
        count = head.get("events", 0) if head else 0
        if not count:
            return []
        ids = [_event_id(model, n) for n in range(count, 0, -1)]
        docs = {d["_id"]: d async for d in self._promotions.find({"_id": {"$in": ids}})}
        return [_event(docs[i]) for i in ids if i in docs]

    @staticmethod
    def event_id(model: str, sequence: int) -> str:
        return _event_id(model, sequence)

    # --- settings -----------------------------------------------------------------------------------------------

    async def feedback_target(self, model: str) -> tuple[str, float] | None:
        doc = await self._settings.find_one({"_id": model})
        if not doc or not doc.get("feedback_dataset"):
            return None
        return doc["feedback_dataset"], float(doc["feedback_threshold"])

    async def set_feedback_target(self, model: str, dataset_id: str | None, threshold: float) -> None:
        await self._settings.update_one(
            {"_id": model},
            {"$set": {"feedback_dataset": dataset_id, "feedback_threshold": threshold}},
            upsert=True,
        )

    # --- the prediction log -------------------------------------------------------------------------------------

    async def log_predictions(self, records: Sequence[PredictionRecord]) -> None:
        """Insert one chunk document into MongoDB (the record), then index each row for aggregations (best effort:
        MongoDB has them).

        A chunk's `_id` is its first record's id (time-ordered), so a retried chunk is not stored twice. One
        document per chunk, not per row: the MongoDB-wire server spends about seven times less per row that way.
        """
        rows = [
            {
                "id": r.id,
                "model": r.model,
                "version": r.version,
                "replica": r.replica,
                "at": r.at,
                "label": r.label,
                "confidence": r.confidence,
                "latency_ms": r.latency_ms,
                "input_digest": r.input_digest,
            }
            for r in records
        ]
        if not rows:
            return
        chunk = {"_id": rows[0]["id"], "first_at": rows[0]["at"], "count": len(rows), "records": rows}
        with contextlib.suppress(DuplicateKeyError):  # written by an earlier try whose answer was lost
            await self._predictions.insert_one(chunk)
        operations: list[dict[str, Any]] = []
        for row in rows:
            operations.append({"index": {"_index": PREDICTIONS_INDEX, "_id": row["id"]}})
            operations.append({k: v for k, v in row.items() if k != "id"})
        try:
            # only the errors come back, not one entry per row
            answer = await self._es.bulk(operations=operations, filter_path="errors,items.*.error")
        except (ElasticsearchConnectionError, TransportError, ApiError):
            log.warning("%d predictions not indexed (Elasticsearch unreachable); MongoDB has them", len(rows))
            return
        if answer.get("errors"):
            errors = answer.get("items", [])
            log.warning("%d of %d predictions not indexed: %s", len(errors), len(rows), str(errors[:1])[:300])

    async def aggregate(self, model: str, version: str | None, since: datetime) -> dict[str, Any]:
        clauses: list[dict[str, Any]] = [{"term": {"model": model}}, {"range": {"at": {"gte": since.isoformat()}}}]
        if version:
            clauses.append({"term": {"version": version}})
        response = await self._es.search(
            index=PREDICTIONS_INDEX,
            query={"bool": {"filter": clauses}},
            size=0,
            track_total_hits=True,
            aggs={
                "per_minute": {"date_histogram": {"field": "at", "fixed_interval": "1m", "min_doc_count": 0}},
                "latency": {"percentiles": {"field": "latency_ms", "percents": [50, 95, 99]}},
                "confidence": {
                    "histogram": {"field": "confidence", "interval": 0.1, "extended_bounds": {"min": 0, "max": 0.9}}
                },
                "labels": {"terms": {"field": "label", "size": 100}},
                "versions": {"terms": {"field": "version", "size": 100}},
            },
        )
        return {"total": response["hits"]["total"]["value"], **response["aggregations"]}
