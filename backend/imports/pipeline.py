"""An import's writes: each batch stored in MongoDB (durable before it counts), then indexed in the background while
the next batch is parsed and stored, so that Elasticsearch's bulk of one batch overlaps MongoDB's insert of the next.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from backend.items.entities import Item
from backend.items.store import ItemStore

log = logging.getLogger("labelloop.imports")


class BatchWriter:
    """Writes an import's batches: `stored` counts the items in MongoDB, `waiting` those left in the index backlog.

    At most one batch is being indexed at a time; `finish` waits for it. An item counts as stored once MongoDB has
    it: if the process dies before its batch is indexed, the reconciler indexes it (as after any interrupted write).
    """

    def __init__(self, items: ItemStore) -> None:
        self._items = items
        self._indexing: asyncio.Task[list[str]] | None = None
        self.stored = 0
        self.waiting = 0

    async def add(self, batch: Sequence[Item]) -> None:
        """Store `batch` in MongoDB (while the previous batch is indexed), then start indexing it."""
        if not batch:
            return
        stored = await self._items.write(batch)
        await self.finish()
        self.stored += len(stored)
        self._indexing = asyncio.create_task(self._items.index_or_backlog(stored))

    async def finish(self) -> None:
        """Wait until the batch being indexed is indexed or in the backlog. Raises what indexing raised (MongoDB
        refusing the backlog)."""
        task, self._indexing = self._indexing, None
        if task is not None:
            self.waiting += len(await task)

    async def abandon(self) -> None:
        """On the way out of a stopped or failed import: finish the batch being indexed without raising (its
        items are stored; if they miss the index now, the reconciler adds them)."""
        try:
            await self.finish()
        except Exception:
            log.exception("an import's last batch was not indexed: the reconciler will add it")
