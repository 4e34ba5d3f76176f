"""The annotation queue: the next item for an annotator, reserved for a short time so that two annotators
never take the last open slot of the same item (reservations in Redis, shared by every API replica)."""

from __future__ import annotations

import enum
import time
from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis

from backend.auth.entities import Principal
from backend.auth.permissions import Permission
from backend.datasets.service import DatasetService
from backend.errors import DomainError
from backend.items.entities import Item, ItemStatus
from backend.items.index import ItemIndex
from backend.items.repository import ItemRepository

RESERVATION_S = 120
CANDIDATES = 50

# Atomically: forget expired reservations; keep the caller's if held; else take one if a slot is open.
_RESERVE = """
local key, me, now, until_, open_slots = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZSCORE', key, me) then
  redis.call('ZADD', key, until_, me)
  redis.call('EXPIRE', key, math.ceil(until_ - now) + 1)
  return 1
end
if redis.call('ZCARD', key) < open_slots then
  redis.call('ZADD', key, until_, me)
  redis.call('EXPIRE', key, math.ceil(until_ - now) + 1)
  return 2
end
return 0
"""


class QueueStrategy(enum.Enum):
    UNLABELED_FIRST = "UNLABELED_FIRST"  # items nobody labelled, oldest first; then the partly labelled
    LEAST_ANNOTATED = "LEAST_ANNOTATED"  # the fewest labels first
    REVIEW = "REVIEW"  # conflicts, for reviewers
    UNCERTAINTY = "UNCERTAINTY"  # the production model's least certain items first (after batch scoring)


class ReviewQueueForbidden(DomainError):
    def __init__(self) -> None:
        super().__init__("the REVIEW queue is for reviewers (permission 'review'): pick another strategy")


@dataclass(frozen=True, slots=True)
class Reservation:
    item: Item
    reserved_until: float  # epoch seconds


def _key(item_id: str) -> str:
    return f"labelloop:reservations:{item_id}"


class AnnotationQueue:
    def __init__(self, datasets: DatasetService, items: ItemRepository, index: ItemIndex, redis: Redis) -> None:
        self._datasets = datasets
        self._items = items
        self._index = index
        self._redis = redis
        self._reserve = redis.register_script(_RESERVE)

    async def next_item(
        self, principal: Principal, dataset_id: str, strategy: QueueStrategy, exclude: Sequence[str] = ()
    ) -> Reservation | None:
        """The next item for the caller, reserved for them; None when nothing is left for them."""
        dataset = await self._datasets.get(dataset_id)
        if strategy is QueueStrategy.REVIEW and not principal.can(Permission.REVIEW):
            raise ReviewQueueForbidden
        me = principal.user.username
        target = dataset.settings.overlap_target
        candidates = await self._index.queue_candidates(dataset_id, me, strategy.value, CANDIDATES, exclude=[*exclude])
        for item_id in candidates:
            item = await self._items.get(item_id)  # the truth: the index may lag by a second
            if item is None:
                continue
            if strategy is QueueStrategy.REVIEW:
                open_slots = 1 if item.status is ItemStatus.CONFLICT else 0
            elif item.gold_label is not None or any(a.annotator == me for a in item.annotations):
                continue
            else:
                open_slots = target - len(item.annotations)
            if open_slots <= 0:
                continue
            now = time.time()
            until = now + RESERVATION_S
            taken = await self._reserve(keys=[_key(item.id)], args=[me, now, until, open_slots])
            if taken == 2 and strategy is not QueueStrategy.REVIEW and await self._overbooked(item.id, me, target):
                await self.release(item.id, me)  # a label stored since our read: the slot was not open after all
                continue
            if taken:
                return Reservation(item=item, reserved_until=until)
        return None

    async def _overbooked(self, item_id: str, me: str, target: int) -> bool:
        """After a new reservation: do labels plus the holders who have not labelled exceed the target?"""
        fresh = await self._items.get(item_id)
        if fresh is None:
            return True
        labelled = {a.annotator for a in fresh.annotations}
        holders = await self.reserved_by_others(item_id, me) | {me}
        return len(labelled) + len(holders - labelled) > target

    async def release(self, item_id: str, annotator: str) -> None:
        """Drop the annotator's reservation (after they labelled the item)."""
        await self._redis.zrem(_key(item_id), annotator)

    async def reserved_by_others(self, item_id: str, annotator: str) -> set[str]:
        """Who else holds a live reservation on the item."""
        now = time.time()
        members = await self._redis.zrangebyscore(_key(item_id), now, "+inf")
        return {n for m in members if (n := m.decode() if isinstance(m, bytes) else m) != annotator}
