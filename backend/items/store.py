"""The one owner of items: MongoDB holds the truth, Elasticsearch a copy for search, and what the copy missed waits in
the index backlog until the reconciler indexes it. Every write of an item, and of its index document, goes through
here; other domains read and write items through this store (or ItemService), never the repository or the index.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.clients import redis_keys
from backend.clients.queue import JobQueue
from backend.clock import utc_now
from backend.datasets.entities import QueueOrder
from backend.errors import Unavailable
from backend.items.entities import (
    Annotation,
    Item,
    ItemFilter,
    ItemSort,
    ItemStatus,
    LabelEvent,
    SearchPage,
    Span,
    Suggestion,
)
from backend.items.index import ItemIndex
from backend.items.repository import ItemRepository

BACKLOG_BATCH = 1000
SUGGESTION_ATTEMPTS = 5  # compare-and-set: an annotator may write meanwhile
RECONCILE_DELAY_S = 10.0  # time for a restarted service to be back before the reconciler compares
log = logging.getLogger("labelloop.items")


@dataclass(frozen=True, slots=True)
class Stored:
    """Items as written to MongoDB, and how many of them wait in the backlog for the search index."""

    items: list[Item]
    waiting: int


class ReconcileRequests:
    """Asks the worker for a reconciliation soon, after events that can leave the index behind MongoDB without a
    backlog entry: an API replica starting (one may have died between its MongoDB write and its index write), and
    an item write whose MongoDB answer was lost (the write may have been stored). Requests within the same half
    minute share one job; the worker also reconciles when it starts and every 10 minutes."""

    def __init__(self, queue: JobQueue) -> None:
        self._queue = queue

    async def soon(self, reason: str) -> None:
        """Queue a reconciliation in about RECONCILE_DELAY_S seconds; never raises (the periodic one remains)."""
        job_id = redis_keys.reconcile_soon(int(time.time() // 30))
        try:
            await self._queue.enqueue("reconcile_soon", reason, job_id=job_id, defer_s=RECONCILE_DELAY_S)
        except (Unavailable, OSError) as exc:
            log.warning("could not ask for a reconciliation after %s (%s): the periodic one will repair", reason, exc)
        else:
            log.info("reconciliation asked for after %s", reason)


class ItemStore:
    """Items: read by key from MongoDB, searched in Elasticsearch, written to both (or to MongoDB and the backlog).

    Raises `Unavailable` when MongoDB does not answer a write; an Elasticsearch outage never fails a write (the
    items wait in the backlog), but fails a search.
    """

    def __init__(
        self,
        repository: ItemRepository,
        index: ItemIndex,
        reconcile: ReconcileRequests,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._items = repository
        self._index = index
        self._reconcile = reconcile
        self._clock = clock

    # ---- reads by key (MongoDB, the truth)

    async def get(self, item_id: str) -> Item | None:
        return await self._items.get(item_id)

    async def get_many(self, item_ids: Sequence[str]) -> list[Item]:
        """The items with these ids that exist, in the order asked."""
        return await self._items.get_many(item_ids)

    # ---- reads from the search copy

    async def search(
        self,
        dataset_id: str,
        item_filter: ItemFilter,
        sort: ItemSort,
        first: int,
        after: str | None,
        with_facets: bool = True,
        viewer: str | None = None,
    ) -> SearchPage:
        """One page of matching items with highlights, total and facets (ItemIndex.search)."""
        return await self._index.search(dataset_id, item_filter, sort, first, after, with_facets, viewer)

    async def count(self, dataset_id: str, item_filter: ItemFilter | None = None) -> int:
        return await self._index.count(dataset_id, item_filter)

    def ids(self, dataset_id: str, item_filter: ItemFilter) -> AsyncIterator[list[str]]:
        """Pages of the matching item ids, through a point in time."""
        return self._index.ids(dataset_id, item_filter)

    async def queue_candidates(
        self, dataset_id: str, annotator: str, strategy: str, size: int, exclude: list[str], order: QueueOrder
    ) -> list[str]:
        """Ids of items that may need the annotator, in queue order (the caller checks each by key)."""
        return await self._index.queue_candidates(dataset_id, annotator, strategy, size, exclude, order)

    async def count_labelled(self, dataset_id: str, item_filter: ItemFilter) -> int:
        """How many matching items have a label (an annotation or a gold label): a training set's size."""
        return await self._index.count_labelled(dataset_id, item_filter)

    async def count_labelled_since(self, dataset_id: str, since: datetime) -> int:
        """How many items of the dataset got an annotation after `since` (the index's `labelled_at`): the new
        labels an automation counts, read without a write on the annotate path."""
        return await self._index.count_labelled_since(dataset_id, since)

    def labelled_ids(self, dataset_id: str, item_filter: ItemFilter) -> AsyncIterator[list[str]]:
        """Pages of the ids of the matching labelled items: a training set (the caller reads them by key)."""
        return self._index.labelled_ids(dataset_id, item_filter)

    def annotated(self, dataset_id: str, with_text: bool = False) -> AsyncIterator[list[dict[str, Any]]]:
        """Pages of {annotations, gold_label, gold_answer} (and text) of the dataset's annotated items, for agreement
        figures."""
        return self._index.annotated(dataset_id, with_text)

    async def open_point_in_time(self) -> str:
        return await self._index.open_point_in_time()

    async def close_point_in_time(self, pit_id: str) -> None:
        await self._index.close_point_in_time(pit_id)

    async def ids_after(
        self, dataset_id: str, item_filter: ItemFilter, pit_id: str, search_after: list[Any] | None, first: int
    ) -> tuple[list[str], str, list[Any] | None]:
        """One page of ids through a point in time (ItemIndex.ids_after)."""
        return await self._index.ids_after(dataset_id, item_filter, pit_id, search_after, first)

    async def refresh(self) -> None:
        """Make the latest writes visible to search now; nothing when Elasticsearch is down (it catches up)."""
        try:
            await self._index.refresh()
        except Unavailable:
            log.info("search index not refreshed: Elasticsearch is unreachable")

    # ---- writes: MongoDB first, then the index, else the backlog

    async def add(self, items: Sequence[Item]) -> Stored:
        """Insert new items, replace the content of existing ones (keeping their labels); then index them."""
        stored = await self.write(items)
        failed = await self.index_or_backlog(stored)
        return Stored(stored, len(failed))

    async def write(self, items: Sequence[Item]) -> list[Item]:
        """`add`'s MongoDB half: the items as stored (durable when this returns). The caller then passes them to
        `index_or_backlog` (an import indexes one batch while it stores the next)."""
        return await self._items.upsert_batch(items, self._clock())

    async def write_labels(
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
        """Write the item's labels if it is still at `item.revision`, then index it (else backlog it).

        Returns the item as stored, or None when another write came first (the caller reads and retries).
        """
        try:
            stored = await self._items.replace_labels(
                item, annotations, gold_label, status, event, now, gold_labels, gold_spans
            )
        except Unavailable as exc:
            if exc.dependency == "mongo":
                # MongoDB may have stored the write before its answer was lost: the index is then behind it
                await self._reconcile.soon(f"an interrupted write of item {item.id}")
            raise
        if stored is not None and not await self._index.index_one(stored):
            await self._items.add_to_backlog([stored.id], self._clock())
        return stored

    async def suggest(self, suggestions: Sequence[tuple[Item, Suggestion]]) -> list[Item]:
        """Store each model suggestion on its item (re-read when an annotator wrote meanwhile), then index them;
        returns the items written (an item deleted meanwhile is skipped)."""
        stored = []
        for item, suggestion in suggestions:
            current: Item | None = item
            for _ in range(SUGGESTION_ATTEMPTS):
                if current is None:
                    break
                written = await self._items.set_suggestion(current, suggestion)
                if written is not None:
                    stored.append(written)
                    break
                current = await self._items.get(item.id)
        await self.index_or_backlog(stored)
        return stored

    async def index_or_backlog(self, items: Sequence[Item]) -> list[str]:
        """Index items already in MongoDB; those the index refuses or cannot take now go to the backlog.

        Returns the ids left in the backlog. Raises Unavailable only when MongoDB cannot take the backlog.
        """
        try:
            failed = await self._index.index(items)
        except Unavailable:
            failed = [item.id for item in items]
        await self._items.add_to_backlog(failed, self._clock())
        return failed

    async def drain_backlog(self) -> int:
        """Index the items whose index write failed; return how many were indexed.

        Raises Unavailable while Elasticsearch (or MongoDB) is still down: the backlog stays as it is.
        """
        indexed = 0
        while ids := await self._items.backlog(BACKLOG_BATCH):
            items = await self._items.get_many(ids)
            failed = set(await self._index.index(items))
            done = [i for i in ids if i not in failed]
            await self._items.remove_from_backlog(done)
            indexed += len([i for i in items if i.id not in failed])
            if failed:
                break  # the index still refuses some: leave them for the next run
        return indexed
