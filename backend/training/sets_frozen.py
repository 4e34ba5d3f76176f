"""The frozen training set of a run: which items it trained on, with the label used and a hash of each item's
content, stored when the run takes its snapshot.

Documents `<run id>:000000`, `<run id>:000001`, … of `training_snapshots` hold `CHUNK` items each, in id order, so
writing and paging are by `_id` (like `job_events`). The run's data hash covers every frozen item's id, label and
content hash: two runs with the same data hash trained on the same data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from backend.clients.failures import storage
from backend.items.entities import Item
from backend.pages import Page, check_page_size, offset_after, offset_cursor

CHUNK = 1000


@dataclass(frozen=True, slots=True)
class FrozenItem:
    item_id: str
    label: str  # the label the run trained it with
    content_sha256: str  # of the item's content as canonical JSON (see content_hash)


def canonical_json(value: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(item: Item) -> str:
    """SHA-256 of what a model sees of the item: `{"text": …}` or `{"features": {…}}`, as canonical JSON."""
    content: dict[str, Any] = {"text": item.text} if item.features is None else {"features": item.features}
    return hashlib.sha256(canonical_json(content)).hexdigest()


def data_hash(items: Iterable[FrozenItem]) -> str:
    """SHA-256 over the frozen items in id order: one canonical JSON line [id, label, content hash] each."""
    digest = hashlib.sha256()
    for item in sorted(items, key=lambda i: i.item_id):
        digest.update(canonical_json([item.item_id, item.label, item.content_sha256]) + b"\n")
    return digest.hexdigest()


def _chunk_id(run_id: str, chunk: int) -> str:
    return f"{run_id}:{chunk:06d}"


@storage
class FrozenSetStore:
    """`training_snapshots`: the frozen items of each run, by key."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._chunks = db["training_snapshots"]

    async def freeze(self, run_id: str, items: Sequence[FrozenItem]) -> None:
        """Store the run's frozen items (a later attempt of the same run overwrites them; readers stop at the run's
        item count, so a longer earlier attempt's last chunks are never read)."""
        ordered = sorted(items, key=lambda i: i.item_id)
        for start in range(0, len(ordered), CHUNK):
            rows = [[i.item_id, i.label, i.content_sha256] for i in ordered[start : start + CHUNK]]
            await self._chunks.replace_one(
                {"_id": _chunk_id(run_id, start // CHUNK)}, {"run_id": run_id, "items": rows}, upsert=True
            )

    async def page(self, run_id: str, total: int, first: int, after: str | None) -> Page[FrozenItem]:
        """The frozen items after the cursor, in id order; raises ValidationFailed for a bad page argument."""
        check_page_size(first)
        start = offset_after(after)
        end = min(start + first, total)
        nodes: list[FrozenItem] = []
        for chunk in range(start // CHUNK, (end - 1) // CHUNK + 1 if end > start else start // CHUNK):
            doc = await self._chunks.find_one({"_id": _chunk_id(run_id, chunk)})
            for offset, row in enumerate((doc or {}).get("items", [])):
                position = chunk * CHUNK + offset
                if start <= position < end:
                    nodes.append(FrozenItem(row[0], row[1], row[2]))
        return Page(
            nodes=nodes,
            end_cursor=offset_cursor(start + len(nodes) - 1) if nodes else None,
            has_next_page=start + first < total,
            total_count=total,
        )
