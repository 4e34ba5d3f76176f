"""Items in MongoDB, by key: `_id` is "<dataset>:<external id>"; annotations are embedded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from backend.clients.failures import storage
from backend.items.entities import Annotation, Item, ItemStatus, LabelEvent, LabelScore, ScoredSpan, Span, Suggestion

DUPLICATE_KEY = 11000
UPDATE_CONCURRENCY = 32
# The wire server sends a getMore's whole remainder unless told a batch size, and a message over 48 MB fails.
SCAN_BATCH = 1000
HISTORY_KEPT = 100
CAS_ATTEMPTS = 8


def item_from_doc(doc: dict[str, Any]) -> Item:
    return Item(
        id=doc["_id"],
        dataset_id=doc["dataset_id"],
        external_id=doc["external_id"],
        text=doc.get("text"),
        features=doc.get("features"),
        metadata=doc.get("metadata") or {},
        revision=doc["revision"],
        created_at=doc["created_at"],
        updated_at=doc["updated_at"],
        annotations=tuple(_annotation_from_doc(a) for a in doc.get("annotations", [])),
        gold_label=doc.get("gold_label"),
        status=ItemStatus(doc.get("status", ItemStatus.UNLABELED.value)),
        history=tuple(
            LabelEvent(e["at"], e["actor"], e["action"], e.get("label"), e.get("comment"))
            for e in doc.get("history", [])
        ),
        suggestion=_suggestion_from_doc(doc["suggestion"]) if doc.get("suggestion") else None,
        gold_labels=tuple(doc.get("gold_labels") or ()),
        gold_spans=spans_from_doc(doc.get("gold_spans")),
    )


def spans_from_doc(docs: list[dict[str, Any]] | None) -> tuple[Span, ...]:
    return tuple(Span(d["start"], d["end"], d["label"]) for d in docs or ())


def spans_doc(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [{"start": s.start, "end": s.end, "label": s.label} for s in spans]


def _suggestion_from_doc(doc: dict[str, Any]) -> Suggestion:
    fields = {k: v for k, v in doc.items() if k not in ("labels", "spans")}
    return Suggestion(
        **fields,
        labels=tuple(LabelScore(d["label"], d["score"]) for d in doc.get("labels") or ()),
        spans=tuple(ScoredSpan(d["start"], d["end"], d["label"], d["score"]) for d in doc.get("spans") or ()),
    )


def suggestion_doc(suggestion: Suggestion) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "label": suggestion.label,
        "confidence": suggestion.confidence,
        "uncertainty": suggestion.uncertainty,
        "entropy": suggestion.entropy,
        "model": suggestion.model,
        "version": suggestion.version,
        "at": suggestion.at,
    }
    if suggestion.labels:
        doc["labels"] = [{"label": x.label, "score": x.score} for x in suggestion.labels]
    if suggestion.spans:
        doc["spans"] = [{"start": x.start, "end": x.end, "label": x.label, "score": x.score} for x in suggestion.spans]
    return doc


def _annotation_from_doc(doc: dict[str, Any]) -> Annotation:
    return Annotation(
        doc["annotator"],
        doc["label"],
        doc["created_at"],
        doc["updated_at"],
        doc.get("note"),
        doc.get("suggestion_accepted"),
        doc.get("suggestion_model"),
        doc.get("suggestion_version"),
        tuple(doc.get("labels") or ()),
        spans_from_doc(doc.get("spans")),
    )


def _annotation_doc(annotation: Annotation) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "annotator": annotation.annotator,
        "label": annotation.label,
        "note": annotation.note,
        "created_at": annotation.created_at,
        "updated_at": annotation.updated_at,
    }
    if annotation.suggestion_accepted is not None:  # only where a suggestion was shown: older documents stay alike
        doc["suggestion_accepted"] = annotation.suggestion_accepted
        doc["suggestion_model"] = annotation.suggestion_model
        doc["suggestion_version"] = annotation.suggestion_version
    if annotation.labels:
        doc["labels"] = list(annotation.labels)
    if annotation.spans:
        doc["spans"] = spans_doc(annotation.spans)
    return doc


def gold_doc(gold_label: str | None, gold_labels: Sequence[str], gold_spans: Sequence[Span]) -> dict[str, Any]:
    """The gold answer's fields (a multi-label set and spans only where the dataset has them)."""
    return {
        "gold_label": gold_label,
        "gold_labels": list(gold_labels) or None,
        "gold_spans": spans_doc(gold_spans) or None,
    }


def cas_token(item_id: str, revision: int) -> str:
    """The compare-and-set key of an item at a revision (unique index: looked up by key, never scanned)."""
    return f"{item_id}@{revision}"


def _new_doc(item: Item) -> dict[str, Any]:
    return {
        "_id": item.id,
        "cas": cas_token(item.id, item.revision),
        "dataset_id": item.dataset_id,
        "external_id": item.external_id,
        "text": item.text,
        "features": item.features,
        "metadata": item.metadata,
        "revision": item.revision,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "annotations": [_annotation_doc(a) for a in item.annotations],
        **gold_doc(item.gold_label, item.gold_labels, item.gold_spans),
        "status": item.status.value,
        "history": [
            {"at": e.at, "actor": e.actor, "action": e.action, "label": e.label, "comment": e.comment}
            for e in item.history
        ],
    }


@storage
class ItemRepository:
    """The `items` collection."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._items = db["items"]
        self._backlog = db["index_backlog"]

    async def get(self, item_id: str) -> Item | None:
        doc = await self._items.find_one({"_id": item_id})
        if doc is None:
            return None
        if "cas" not in doc:  # written before compare-and-set keys existed: give it one (keyed, once)
            await self._items.update_one({"_id": item_id}, {"$set": {"cas": cas_token(item_id, doc["revision"])}})
        return item_from_doc(doc)

    async def get_many(self, item_ids: Sequence[str]) -> list[Item]:
        """The items with these ids that exist, in the order asked."""
        by_id = {d["_id"]: item_from_doc(d) async for d in self._items.find({"_id": {"$in": list(item_ids)}})}
        return [by_id[i] for i in item_ids if i in by_id]

    async def upsert_batch(self, items: Sequence[Item], now: datetime) -> list[Item]:
        """Insert new items; for existing ones replace content and metadata (keeping annotations), bumping
        `revision`. Returns every item as stored, with its revision.

        New items go in one unordered insert (fast on the wire server); duplicates of stored ids are then
        updated one by one (re-imports are rarer than first imports).
        """
        if not items:
            return []
        existing: set[int] = set()
        try:
            await self._items.insert_many([_new_doc(i) for i in items], ordered=False)
        except BulkWriteError as exc:
            for error in exc.details.get("writeErrors", []):
                if error.get("code") != DUPLICATE_KEY:
                    raise
                existing.add(error["index"])
        if not existing:
            return list(items)
        limit = asyncio.Semaphore(UPDATE_CONCURRENCY)

        async def update(item: Item) -> Item:
            async with limit:
                for _ in range(CAS_ATTEMPTS):
                    current = await self.get(item.id)
                    if current is None:
                        break
                    revision = current.revision + 1
                    doc = await self._items.find_one_and_update(
                        {"cas": cas_token(item.id, current.revision)},
                        {
                            "$set": {
                                "text": item.text,
                                "features": item.features,
                                "metadata": item.metadata,
                                "updated_at": now,
                                "revision": revision,
                                "cas": cas_token(item.id, revision),
                                **(
                                    {
                                        **gold_doc(item.gold_label, item.gold_labels, item.gold_spans),
                                        "status": item.status.value,
                                    }
                                    if item.gold_label
                                    else {}
                                ),
                            }
                        },
                        return_document=ReturnDocument.AFTER,
                    )
                    if doc is not None:
                        return item_from_doc(doc)
            raise RuntimeError(f"item {item.id} kept changing during its re-import")

        updated = await asyncio.gather(*(update(items[i]) for i in sorted(existing)))
        result = list(items)
        for index, item in zip(sorted(existing), updated, strict=True):
            result[index] = item
        return result

    async def replace_labels(
        self,
        item: Item,
        annotations: Sequence[Annotation],
        gold_label: str | None,
        status: ItemStatus,
        event: LabelEvent,
        now: datetime,
        gold_labels: Sequence[str] = (),
        gold_spans: Sequence[Span] = (),
    ) -> Item | None:
        """Write the item's labels if it is still at `item.revision` (compare-and-set on one document, found
        by its unique `cas` key: a filter on `_id` and `revision` together would scan the whole collection
        on the MongoDB-wire server).

        Returns the item as stored, or None when another write came first (the caller reads and retries).
        """
        history = [*item.history, event][-HISTORY_KEPT:]
        revision = item.revision + 1
        result = await self._items.find_one_and_update(
            {"cas": cas_token(item.id, item.revision)},
            {
                "$set": {
                    "annotations": [_annotation_doc(a) for a in annotations],
                    **gold_doc(gold_label, gold_labels, gold_spans),
                    "status": status.value,
                    "updated_at": now,
                    "history": [
                        {"at": e.at, "actor": e.actor, "action": e.action, "label": e.label, "comment": e.comment}
                        for e in history
                    ],
                    "revision": revision,
                    "cas": cas_token(item.id, revision),
                },
            },
            return_document=ReturnDocument.AFTER,
        )
        return item_from_doc(result) if result else None

    async def set_suggestion(self, item: Item, suggestion: Suggestion) -> Item | None:
        """Store the model's suggestion if the item is still at `item.revision` (compare-and-set by the `cas`
        key, as for labels); None when another write came first."""
        revision = item.revision + 1
        result = await self._items.find_one_and_update(
            {"cas": cas_token(item.id, item.revision)},
            {
                "$set": {
                    "suggestion": suggestion_doc(suggestion),
                    "revision": revision,
                    "cas": cas_token(item.id, revision),
                }
            },
            return_document=ReturnDocument.AFTER,
        )
        return item_from_doc(result) if result else None

    async def scan_revisions(self, dataset_id: str | None = None) -> AsyncIterator[tuple[str, int]]:
        """(id, revision) of every item (of one dataset): a full scan, for the reconciler and exports only."""
        query: dict[str, Any] = {"dataset_id": dataset_id} if dataset_id else {}
        async for doc in self._items.find(query, {"revision": 1}).batch_size(SCAN_BATCH * 10):
            yield doc["_id"], doc["revision"]

    async def scan_all(self) -> AsyncIterator[Item]:
        """Every item, by key in batches, for the reindex job. The MongoDB-wire server collects a query's whole
        answer in its memory before the first batch: whole documents of a million items do not fit its heap (an
        export of 1M items ran it out of memory), their ids do. So a full scan that keeps only `_id`, then the
        documents by `_id`, SCAN_BATCH at a time."""
        ids = [doc["_id"] async for doc in self._items.find({}, {"_id": 1}).batch_size(SCAN_BATCH * 10)]
        for start in range(0, len(ids), SCAN_BATCH):
            for item in await self.get_many(ids[start : start + SCAN_BATCH]):
                yield item

    # ---- the index backlog: ids whose index write failed, retried by the reconciler

    async def add_to_backlog(self, item_ids: Sequence[str], now: datetime) -> None:
        if not item_ids:
            return
        try:
            await self._backlog.insert_many([{"_id": i, "since": now} for i in item_ids], ordered=False)
        except BulkWriteError as exc:
            if any(e.get("code") != DUPLICATE_KEY for e in exc.details.get("writeErrors", [])):
                raise

    async def backlog(self, limit: int) -> list[str]:
        """Up to `limit` ids waiting to be indexed (a small collection: scanned)."""
        return [d["_id"] async for d in self._backlog.find({}, {"_id": 1}).limit(limit)]

    async def remove_from_backlog(self, item_ids: Sequence[str]) -> None:
        if item_ids:
            await self._backlog.delete_many({"_id": {"$in": list(item_ids)}})
