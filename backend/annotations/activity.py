"""Live activity of a dataset: each new label is published on Redis; followers get snapshots of the
queue depth, status counts, labels per minute and agreement, at most about once a second (counts come from
the index, which shows a write within its one-second refresh)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from backend.annotations.report import AgreementService
from backend.annotations.visibility import BlindView
from backend.clients import redis_keys
from backend.clients.events import EventBus
from backend.clients.redis import RedisOutage
from backend.datasets.service import DatasetService
from backend.items.entities import ItemFilter, ItemSort
from backend.items.store import ItemStore

MIN_INTERVAL_S = 1.0
# Agreement reads every labelled item from the index: each dataset's figure is shared by all its followers
# and recomputed at most this often, not once per snapshot and follower.
AGREEMENT_TTL_S = 10.0


_channel = redis_keys.dataset_activity
_minute_key = redis_keys.labels_per_minute


@dataclass(frozen=True, slots=True)
class LabelNotice:
    annotator: str
    item_id: str
    label: str | None  # None for a deletion
    at: float


@dataclass(frozen=True, slots=True)
class ActivitySnapshot:
    dataset_id: str
    at: float
    statuses: dict[str, int]
    queue_depth: int  # items still wanting labels (UNLABELED or IN_PROGRESS)
    labels_last_minute: int
    percent_agreement: float | None
    recent: list[LabelNotice] = field(default_factory=list)  # the labels since the previous snapshot


class ActivityService:
    def __init__(
        self,
        datasets: DatasetService,
        items: ItemStore,
        agreement: AgreementService,
        events: EventBus,
        redis: Redis,
        outage: RedisOutage,
    ) -> None:
        self._outage = outage
        self._datasets = datasets
        self._items = items
        self._agreement = agreement
        self._events = events
        self._redis = redis
        self._agreement_cache: dict[str, tuple[float, float | None]] = {}

    async def record(self, dataset_id: str, annotator: str, item_id: str, label: str | None) -> None:
        """Publish one label change and count it in its minute."""
        now = time.time()
        key = _minute_key(dataset_id, int(now // 60))
        notice = {"annotator": annotator, "item_id": item_id, "label": label, "at": now}

        async def publish() -> list[Any]:
            async with self._redis.pipeline(transaction=False) as pipe:  # one round trip
                pipe.incr(key)
                pipe.expire(key, 180)
                self._events.publish_in(pipe, _channel(dataset_id), json.dumps(notice))
                return await pipe.execute()

        # live activity is a view: without Redis the label is stored all the same, and followers resume after
        await self._outage.attempt(publish, [])

    async def snapshot(
        self, dataset_id: str, view: BlindView, recent: list[LabelNotice] | None = None
    ) -> ActivitySnapshot:
        """The dataset's activity now, as the viewer may see it (blind: their own work, no agreement)."""
        page = view.page(
            await self._items.search(dataset_id, ItemFilter(), ItemSort.NEWEST, 1, None, viewer=view.viewer)
        )
        statuses = {f.value: f.count for f in page.facets.statuses}
        now = time.time()
        minute = int(now // 60)
        counts = await self._outage.attempt(
            lambda: self._redis.mget([_minute_key(dataset_id, minute), _minute_key(dataset_id, minute - 1)]),
            [None, None],
        )
        # the last 60 s: this minute so far, plus the matching share of the previous one
        current, previous = (int(c) if c else 0 for c in counts)
        last_minute = current + int(previous * (1 - (now % 60) / 60))
        percent = None if view.blind else await self._percent_agreement(dataset_id, now)
        return ActivitySnapshot(
            dataset_id=dataset_id,
            at=now,
            statuses=statuses,
            # blind: IN_PROGRESS is what the viewer labelled, so their queue is what they have not
            queue_depth=statuses.get("UNLABELED", 0) + (0 if view.blind else statuses.get("IN_PROGRESS", 0)),
            labels_last_minute=last_minute,
            percent_agreement=percent,
            recent=[n for n in recent or [] if view.sees_labels_of(n.annotator)],
        )

    async def _percent_agreement(self, dataset_id: str, now: float) -> float | None:
        cached = self._agreement_cache.get(dataset_id)
        if cached is not None and now - cached[0] < AGREEMENT_TTL_S:
            return cached[1]
        value = (await self._agreement.report(dataset_id)).percent_agreement
        self._agreement_cache[dataset_id] = (now, value)
        return value

    async def follow(self, dataset_id: str, view: BlindView) -> AsyncIterator[ActivitySnapshot]:
        """A snapshot now, then one after each burst of labels (at most about once a second), as `view` sees it."""
        await self._datasets.get(dataset_id)
        subscription = await self._events.subscribe(_channel(dataset_id))
        try:
            yield await self.snapshot(dataset_id, view)
            while True:
                message = await subscription.next(timeout_s=30.0)
                if message is None:
                    continue
                recent = [LabelNotice(**json.loads(message))]
                deadline = time.monotonic() + MIN_INTERVAL_S
                while (left := deadline - time.monotonic()) > 0:  # gather the burst
                    more = await subscription.next(timeout_s=left)
                    if more is not None:
                        recent.append(LabelNotice(**json.loads(more)))
                yield await self.snapshot(dataset_id, view, recent)
        finally:
            await subscription.close()
