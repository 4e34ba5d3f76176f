"""Promotions (MongoDB, by key) and the prediction log (MongoDB insert-only + an Elasticsearch index for
aggregations).

A model's head document `model_heads/<name>` holds its production stack (the versions promoted, last on top) and
the number of promotion events; event n of model M is `promotions/M:<n>`, so history is read by `_id`.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from elasticsearch import ApiError, AsyncElasticsearch, TransportError
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from backend.clients.elasticsearch import ensure_index
from backend.clients.failures import storage
from backend.clients.mongo import MACHINE_WRITES
from backend.models.entities import PredictionRecord, PredictionSource, PromotionAction, PromotionEvent

log = logging.getLogger("labelloop.models")
PREDICTIONS_INDEX = "labelloop-predictions"
# what a SHADOW prediction keeps of its production pair (backend/models/shadow.py reads them back)
SHADOW_FIELDS: dict[str, Any] = {
    "paired_id": {"type": "keyword"},
    "champion_version": {"type": "keyword"},
    "champion_label": {"type": "keyword"},
    "champion_confidence": {"type": "float"},
    "agrees": {"type": "boolean"},
}


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
        gate=doc.get("gate"),
        override_reason=doc.get("override_reason"),
        job_id=doc.get("job_id"),
    )


@storage
class ModelRepository:
    def __init__(self, db: AsyncDatabase[dict[str, Any]], es: AsyncElasticsearch, replicas: int = 0) -> None:
        self._heads = db["model_heads"]
        self._promotions = db["promotions"]
        self._predictions = db.get_collection("predictions", write_concern=MACHINE_WRITES)
        self._settings = db["model_settings"]
        self._es = es
        self._replicas = replicas  # copies of the index's shard on other nodes (docs/scaling.md)

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
                "source": {"type": "keyword"},
            },
            # MongoDB keeps every prediction: this index is for the monitoring figures, which may lag a few seconds.
            # Fewer refreshes and an fsync of the translog every few seconds (not per bulk request) take most of
            # Elasticsearch's CPU off the serving path (docs/models.md).
            refresh_interval="5s",
            translog={"durability": "async", "sync_interval": "5s"},
            replicas=self._replicas,
        )
        # added since the index was first made (idempotent); rows without it are PRODUCTION traffic
        await self._es.indices.put_mapping(index=PREDICTIONS_INDEX, properties={"source": {"type": "keyword"}})
        await self._es.indices.put_mapping(index=PREDICTIONS_INDEX, properties=SHADOW_FIELDS)
        await self._es.indices.put_mapping(index=PREDICTIONS_INDEX, properties={"label_set": {"type": "keyword"}})

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

    async def apply(self, model: str, job_id: str, version: str | None) -> tuple[int, list[str]]:
        """Push `version` on the production stack (None: pop its top) once per job: a retried job finds its change
        applied and gets the same answer. (event sequence, the stack before the change).

        `applied` lists the job of each event since it exists, so event n's job is found again after a crash.
        """
        change: dict[str, Any] = {"$push": {"applied": job_id}, "$inc": {"events": 1}}
        if version is None:
            change["$pop"] = {"stack": 1}
        else:
            change["$push"]["stack"] = version
        try:
            before = await self._heads.find_one_and_update(
                {"_id": model, "applied": {"$ne": job_id}},
                change,
                upsert=version is not None,
                return_document=ReturnDocument.BEFORE,
            )
        except DuplicateKeyError:  # the head exists and has the job applied: the upsert found no match
            before = None
        if before is not None:
            return before.get("events", 0) + 1, list(before.get("stack", []))
        head = await self._heads.find_one({"_id": model}) or {}  # a new head, or the job applied before
        applied = list(head.get("applied", []))
        if job_id not in applied:
            return 0, []  # a pop with no head: nothing was ever promoted
        sequence = head.get("events", 0) - (len(applied) - 1 - applied.index(job_id))
        stack = list(head.get("stack", []))
        return sequence, stack[:-1] if version is not None else stack

    async def event(self, model: str, sequence: int) -> PromotionEvent | None:
        doc = await self._promotions.find_one({"_id": _event_id(model, sequence)})
        return _event(doc) if doc else None

    async def production_version(self, model: str) -> str | None:
        """The top of the production stack: the truth of what is in production (None: nothing promoted)."""
        stack = await self.production_stack(model)
        return stack[-1] if stack else None

    async def production_versions(self, models: Sequence[str]) -> dict[str, str | None]:
        """Model → its production version, for the models that have a head document."""
        found: dict[str, str | None] = {}
        async for head in self._heads.find({"_id": {"$in": list(models)}}):
            stack = head.get("stack") or []
            found[head["_id"]] = stack[-1] if stack else None
        return found

    async def record(self, event: PromotionEvent) -> None:
        """Insert the event; a retried job finds it there already."""
        with contextlib.suppress(DuplicateKeyError):
            await self._insert(event)

    async def _insert(self, event: PromotionEvent) -> None:
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
                "gate": event.gate,
                "override_reason": event.override_reason,
                "job_id": event.job_id,
            }
        )

    async def history(self, model: str, skip: int = 0, limit: int | None = None) -> tuple[list[PromotionEvent], int]:
        """`limit` promotion events of `model` after the `skip` newest, newest first, and how many it has in all."""
        head = await self._heads.find_one({"_id": model})
        count = head.get("events", 0) if head else 0
        newest = count - skip
        oldest = max(newest - limit, 0) if limit is not None else 0
        if newest <= 0:
            return [], count
        ids = [_event_id(model, n) for n in range(newest, oldest, -1)]
        docs = {d["_id"]: d async for d in self._promotions.find({"_id": {"$in": ids}})}
        return [_event(docs[i]) for i in ids if i in docs], count

    @staticmethod
    def event_id(model: str, sequence: int) -> str:
        return _event_id(model, sequence)

    # --- settings -----------------------------------------------------------------------------------------------

    async def feedback_target(self, model: str) -> tuple[str, float] | None:
        doc = await self._settings.find_one({"_id": model})
        if not doc or not doc.get("feedback_dataset"):
            return None
        return doc["feedback_dataset"], float(doc["feedback_threshold"])

    async def feedback_settings(self, model: str) -> tuple[str | None, float | None]:
        """(target dataset or None when off, threshold or None when never set)."""
        doc = await self._settings.find_one({"_id": model}) or {}
        threshold = doc.get("feedback_threshold")
        return doc.get("feedback_dataset") or None, float(threshold) if threshold is not None else None

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

        The chunk keeps its rows as JSON lines (`rows`, one object per prediction: id, model, version, replica, at,
        label, confidence, latency_ms, source, input_digest), under the first row's time-ordered id, so a retried
        chunk is not stored twice. The MongoDB-wire server stores documents by Java serialization, object by object:
        a chunk of 5,000 nested rows cost it about 20 µs per row, a document per row about 150 µs; one string costs
        next to nothing. Elasticsearch gets the same lines (without the digest), in one bulk request.
        """
        if not records:
            return
        lines: list[str] = []
        bulk: list[str] = []
        for r in records:
            source = {
                "model": r.model,
                "version": r.version,
                "replica": r.replica,
                "at": r.at.isoformat(),
                "label": r.label,
                "confidence": r.confidence,
                "latency_ms": r.latency_ms,
                "source": r.source.value,
            }
            if r.labels is not None:  # a multi-label model's set (`label` holds its key)
                source["label_set"] = list(r.labels)
            if r.champion is not None:  # a shadow prediction: its pair, for the champion/challenger comparison
                source |= {
                    "paired_id": r.champion.prediction_id,
                    "champion_version": r.champion.version,
                    "champion_label": r.champion.label,
                    "champion_confidence": r.champion.confidence,
                    "agrees": r.champion.label == r.label,
                }
            kept: dict[str, Any] = {}
            if r.spans:  # a span model: the entity labels it found (per-label rates), and the spans in MongoDB
                source["label_set"] = sorted({s.label for s in r.spans})
                kept["spans"] = [[s.start, s.end, s.label, round(s.score, 6)] for s in r.spans]
            bulk.append(f'{{"index":{{"_id":"{r.id}"}}}}')  # ids are hex digits
            bulk.append(json.dumps(source))
            lines.append(json.dumps({"id": r.id, **source, **kept, "input_digest": r.input_digest}))
        chunk = {
            "_id": records[0].id,
            "first_at": records[0].at,
            "last_at": records[-1].at,
            "count": len(records),
            "format": "jsonl",
            "rows": "\n".join(lines),
        }
        with contextlib.suppress(DuplicateKeyError):  # written by an earlier try whose answer was lost
            await self._predictions.insert_one(chunk)
        try:
            # an NDJSON body as it is; only the errors come back, not one entry per row
            answer = await self._es.bulk(
                index=PREDICTIONS_INDEX,
                operations=cast(Any, "\n".join(bulk) + "\n"),
                filter_path="errors,items.*.error",
            )
        except (ElasticsearchConnectionError, TransportError, ApiError):
            log.warning("%d predictions not indexed (Elasticsearch unreachable); MongoDB has them", len(records))
            return
        if answer.get("errors"):
            errors = answer.get("items", [])
            log.warning("%d of %d predictions not indexed: %s", len(errors), len(records), str(errors[:1])[:300])

    async def aggregate(
        self, model: str, version: str | None, since: datetime, sources: Sequence[PredictionSource]
    ) -> dict[str, Any]:
        """The monitoring figures of the predictions from `sources` (`counted`), and the count per source of every
        prediction in the window (`by_source`: rows logged before sources existed are PRODUCTION)."""
        clauses: list[dict[str, Any]] = [{"term": {"model": model}}, {"range": {"at": {"gte": since.isoformat()}}}]
        if version:
            clauses.append({"term": {"version": version}})
        wanted: dict[str, Any] = {"terms": {"source": [s.value for s in sources]}}
        if PredictionSource.PRODUCTION in sources:
            wanted = {"bool": {"should": [wanted, {"bool": {"must_not": [{"exists": {"field": "source"}}]}}]}}
        response = await self._es.search(
            index=PREDICTIONS_INDEX,
            query={"bool": {"filter": clauses}},
            size=0,
            track_total_hits=True,
            aggs={
                "by_source": {"terms": {"field": "source", "missing": PredictionSource.PRODUCTION.value, "size": 10}},
                "counted": {
                    "filter": wanted,
                    "aggs": {
                        "per_minute": {"date_histogram": {"field": "at", "fixed_interval": "1m", "min_doc_count": 0}},
                        "latency": {"percentiles": {"field": "latency_ms", "percents": [50, 95, 99]}},
                        "confidence": {
                            "histogram": {
                                "field": "confidence",
                                "interval": 0.1,
                                "extended_bounds": {"min": 0, "max": 0.9},
                            }
                        },
                        "labels": {"terms": {"field": "label", "size": 100}},
                        # multi-label and span models: predictions using each label (label_set holds every one)
                        "label_set": {"terms": {"field": "label_set", "size": 100}},
                        "versions": {"terms": {"field": "version", "size": 100}},
                    },
                },
            },
        )
        counted = response["aggregations"]["counted"]
        return {"total": counted["doc_count"], "by_source": response["aggregations"]["by_source"], **counted}
