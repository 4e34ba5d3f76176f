"""The annotation queue: the next item for an annotator, reserved for a short time so that two annotators
never take the last open slot of the same item (reservations in Redis, shared by every API replica)."""

from __future__ import annotations

import enum
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis

from backend.annotations.reservations import LocalReservations, SharedReservations
from backend.auth.entities import Principal
from backend.auth.permissions import Permission
from backend.clients.redis import RedisOutage
from backend.datasets.service import MAX_OVERLAP, DatasetService
from backend.errors import DomainError
from backend.items.entities import Item, ItemStatus
from backend.items.store import ItemStore

RESERVATION_S = 120
OUTAGE_GRACE_S = 30  # after a Redis outage, how long labels are kept without a slot check (see claim)
CLAIM_S = 30  # a slot taken for one annotateItem call: released when it returns, or forgotten after this long
CANDIDATES = 50
PAGES = 4  # of candidates, at most, before the queue answers that nothing is left


class QueueStrategy(enum.Enum):
    UNLABELED_FIRST = "UNLABELED_FIRST"  # items nobody labelled, oldest first; then the partly labelled
    LEAST_ANNOTATED = "LEAST_ANNOTATED"  # the fewest labels first
    REVIEW = "REVIEW"  # conflicts, for reviewers
    UNCERTAINTY = "UNCERTAINTY"  # the production model's least certain items first (after batch scoring)


class ReviewQueueForbidden(DomainError):
    def __init__(self) -> None:
        super().__init__("the REVIEW queue is for reviewers (permission 'review'): pick another strategy")


@dataclass(frozen=True, slots=True)
class Claim:
    """Who holds the item's slots as annotateItem starts: `held` when the caller held a reservation before; `holders`
    includes the caller when it holds one now (held before, or taken for this write). `guarded` is False when Redis
    was unreachable: no slot was checked, and the label is taken even if it goes one over the overlap target."""

    held: bool
    holders: frozenset[str]
    guarded: bool = True


@dataclass(frozen=True, slots=True)
class Reservation:
    item: Item
    reserved_until: float  # epoch seconds


class AnnotationQueue:
    def __init__(self, datasets: DatasetService, items: ItemStore, redis: Redis, outage: RedisOutage) -> None:
        self._datasets = datasets
        self._items = items
        self._shared = SharedReservations(redis)
        self._outage = outage  # without Redis the queue still serves items, reserved on this replica only
        self._local = LocalReservations()

    async def next_item(
        self, principal: Principal, dataset_id: str, strategy: QueueStrategy, exclude: Sequence[str] = ()
    ) -> Reservation | None:
        """The next item for the caller, reserved for them; None when nothing is left for them."""
        dataset = await self._datasets.get(dataset_id)
        if strategy is QueueStrategy.REVIEW and not principal.can(Permission.REVIEW):
            raise ReviewQueueForbidden
        me = principal.user.username
        target = dataset.settings.overlap_target
        tried = [*exclude]
        for _ in range(PAGES):  # the first page is often taken by the others at work: look further before "empty"
            candidates = await self._items.queue_candidates(
                dataset_id, me, strategy.value, CANDIDATES, exclude=tried, order=dataset.settings.queue_order
            )
            for item_id in await self._not_full(candidates, me, 1 if strategy is QueueStrategy.REVIEW else target):
                reservation = await self._try(item_id, me, strategy, target)
                if reservation is not None:
                    return reservation
            if len(candidates) < CANDIDATES:
                break
            tried += candidates
        return None

    async def _not_full(self, candidates: list[str], me: str, slots: int) -> list[str]:
        """The candidates the caller holds, or whose reservations leave a slot (one Redis round trip; without Redis,
        every candidate)."""
        now = time.time()

        answers = await self._outage.attempt(lambda: self._shared.counts(candidates, me, now), None)
        if answers is None:  # Redis is down: this replica's reservations, in an order of its own
            mine = [c for c in candidates if me in (held := self._local.holders(c, now)) or len(held) < slots]
            return random.sample(mine, len(mine))
        return [item_id for item_id, (count, mine) in zip(candidates, answers, strict=True) if mine or count < slots]

    async def _try(self, item_id: str, me: str, strategy: QueueStrategy, target: int) -> Reservation | None:
        """Reserve a slot of the item for the caller when MongoDB (the truth: the index may lag) says one is open."""
        item = await self._items.get(item_id)
        if item is None:
            return None
        if strategy is QueueStrategy.REVIEW:
            open_slots = 1 if item.status is ItemStatus.CONFLICT else 0
        elif item.gold_label is not None or any(a.annotator == me for a in item.annotations):
            return None
        else:
            open_slots = target - len(item.annotations)
        if open_slots <= 0:
            return None
        now = time.time()
        until = now + RESERVATION_S
        taken = await self._outage.attempt(lambda: self._shared.reserve(item.id, me, now, until, open_slots), None)
        if taken is None:  # Redis is down: reserved on this replica only
            reserved = self._local.reserve(item.id, me, now, until, open_slots)
            return Reservation(item=item, reserved_until=until) if reserved else None
        if taken == 2 and strategy is not QueueStrategy.REVIEW and await self._overbooked(item.id, me, target):
            await self.release(item.id, me)  # a label stored since our read: the slot was not open after all
            return None
        return Reservation(item=item, reserved_until=until) if taken else None

    async def _overbooked(self, item_id: str, me: str, target: int) -> bool:
        """After a new reservation: do labels plus the holders who have not labelled exceed the target?

        The holders are read before the item: a holder that labels and lets go in between is then seen in one of the
        two (its label is stored before its reservation goes); the other way round it could be missed in both.
        """
        holders = await self.reserved_by_others(item_id, me) | {me}
        fresh = await self._items.get(item_id)
        if fresh is None:
            return True
        labelled = {a.annotator for a in fresh.annotations}
        return len(labelled) + len(holders - labelled) > target

    async def claim(self, item_id: str, annotator: str) -> Claim:
        """Before annotateItem reads the item: keep the caller's reservation, or take a slot for this write (while
        fewer than the largest overlap target hold one; the caller checks labels plus holders once it has read the
        item, and releases the slot when it is done)."""
        now = time.time()
        local = self._local.holders(item_id, now)
        if annotator in local:  # reserved on this replica while Redis was down: its label is kept, as then
            return Claim(held=True, holders=local, guarded=False)
        answer = await self._outage.attempt(
            lambda: self._shared.claim(item_id, annotator, now, now + CLAIM_S, MAX_OVERLAP), None
        )
        if answer is None:
            return Claim(held=False, holders=local, guarded=False)  # Redis is down: no slot is checked
        held, holders = answer
        # Just after an outage, an item reserved by another replica on its own is still being labelled: for
        # OUTAGE_GRACE_S, a label is kept even where Redis shows no slot for it (and counted if over the target).
        return Claim(held=bool(held), holders=holders, guarded=not self._outage.failed_within(OUTAGE_GRACE_S))

    async def release(self, item_id: str, annotator: str) -> None:
        """Drop the annotator's reservation (after they labelled the item); without Redis it expires by itself."""
        self._local.release(item_id, annotator)
        await self._outage.attempt(lambda: self._shared.release(item_id, annotator), None)

    async def reserved_by_others(self, item_id: str, annotator: str) -> set[str]:
        """Who else holds a live reservation on the item."""
        now = time.time()
        holders = await self._outage.attempt(lambda: self._shared.holders(item_id, now), frozenset[str]())
        return set(holders - {annotator})
