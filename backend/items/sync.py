"""Keeps the search index equal to MongoDB: the backlog of failed index writes, a full diff, a full reindex."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass

from backend.items.index import ItemIndex
from backend.items.repository import ItemRepository
from backend.items.store import ItemStore
from backend.jobs.entities import Job, JobKind
from backend.jobs.service import JobService
from backend.wording import counted

BATCH = 1000
Step = Callable[[int, str], Awaitable[None]]  # (units done, what is being done): a job's progress and checkpoint


async def _no_step(done: int, message: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    backlog_indexed: int
    missing: int  # in MongoDB, not in the index
    stale: int  # indexed at an older revision
    orphans: int  # in the index, not in MongoDB

    @property
    def repaired(self) -> int:
        return self.backlog_indexed + self.missing + self.stale + self.orphans


class IndexSync:
    """The reconciler: MongoDB is the truth, the index is made equal to it (the store indexes, or backlogs)."""

    def __init__(self, store: ItemStore, items: ItemRepository, index: ItemIndex) -> None:
        self._store = store
        self._items = items
        self._index = index

    async def drain_backlog(self) -> int:
        """Index the items whose index write failed; return how many were indexed (ItemStore.drain_backlog)."""
        return await self._store.drain_backlog()

    async def reconcile(self, on_step: Step = _no_step) -> ReconcileReport:
        """Drain the backlog, then compare every item's revision with the index and repair the differences.
        `on_step` is awaited between steps (a job reports progress and may stop there)."""
        backlog_indexed = await self.drain_backlog()
        await on_step(backlog_indexed, f"{counted(backlog_indexed, 'item')} indexed from the backlog; comparing")
        truth = {item_id: revision async for item_id, revision in self._items.scan_revisions()}
        stale: list[str] = []
        orphans: list[str] = []
        seen: set[str] = set()
        async for page in self._index.versions(None):
            for item_id, version in page:
                seen.add(item_id)
                revision = truth.get(item_id)
                if revision is None:
                    orphans.append(item_id)
                elif version < revision:
                    stale.append(item_id)
        missing = [item_id for item_id in truth if item_id not in seen]
        await on_step(backlog_indexed, f"compared {counted(len(truth), 'item')}; repairing")
        for start in range(0, len(missing) + len(stale), BATCH):
            ids = (missing + stale)[start : start + BATCH]
            await self._store.index_or_backlog(await self._items.get_many(ids))
            await on_step(backlog_indexed + start + len(ids), "repairing")
        if orphans:  # an item written after the scan above is in the index but not in `truth`: not an orphan
            written_since = {item.id for item in await self._items.get_many(orphans)}
            orphans = [item_id for item_id in orphans if item_id not in written_since]
        await self._index.delete(orphans)
        await self._index.refresh()
        return ReconcileReport(backlog_indexed, len(missing), len(stale), len(orphans))

    async def reindex(self, on_step: Step = _no_step) -> int:
        """Build a new index from MongoDB and swap the alias to it; then reconcile writes made meanwhile.
        `on_step` is awaited after each batch: a job stopping there leaves the alias on the old index (the
        half-built one is dropped by the next reindex)."""
        new_index, old_indices = await self._index.create_next_index()
        batch = []
        count = 0
        async for item in self._items.scan_all():
            batch.append(item)
            if len(batch) >= BATCH * 5:
                await self._index.index(batch, index=new_index)
                count += len(batch)
                batch = []
                await on_step(count, "copying items into the new index")
        await self._index.index(batch, index=new_index)
        count += len(batch)
        await self._index.swap_alias(new_index, old_indices)
        await self.reconcile()
        return count


class IndexJobs:
    """The reconcile and reindex jobs, with their progress on the Job."""

    def __init__(self, sync: IndexSync, jobs: JobService) -> None:
        self._sync = sync
        self._jobs = jobs

    def _step(self, job_id: str) -> Step:
        async def step(done: int, message: str) -> None:
            await self._jobs.progress(job_id, done, message=message)
            await self._jobs.checkpoint(job_id)

        return step

    async def submit_reconcile(self, created_by: str) -> Job:
        """Queue a reconciliation of the index with MongoDB, asked for by the user `created_by`."""
        return await self._jobs.submit(JobKind.RECONCILE, created_by, None, {})

    async def submit_reindex(self, created_by: str) -> Job:
        """Queue a full rebuild of the index from MongoDB, asked for by the user `created_by`."""
        return await self._jobs.submit(JobKind.REINDEX, created_by, None, {})

    async def reconcile(self, job_id: str) -> Job:
        await self._jobs.start(job_id, total=None, message="comparing MongoDB with the search index")
        try:
            report = await self._sync.reconcile(self._step(job_id))
        except Exception as exc:
            await self._jobs.fail(job_id, f"reconciliation stopped ({type(exc).__name__}: {exc})"[:500])
            raise
        message = (
            f"{report.repaired} repaired: {report.backlog_indexed} from the backlog, {report.missing} missing, "
            f"{report.stale} stale, {report.orphans} orphans"
        )
        return await self._jobs.succeed(job_id, message, asdict(report))

    async def reindex(self, job_id: str) -> Job:
        await self._jobs.start(job_id, total=None, message="building a new index from MongoDB")
        try:
            count = await self._sync.reindex(self._step(job_id))
        except Exception as exc:
            await self._jobs.fail(job_id, f"reindex stopped ({type(exc).__name__}: {exc})"[:500])
            raise
        return await self._jobs.succeed(
            job_id, f"{counted(count, 'item')} reindexed; the alias now points at the new index"
        )
