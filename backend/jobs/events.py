"""The event log of every job: numbered events in MongoDB (the log), published on Redis (the wake-up).

Events of job J live in documents `J:000000`, `J:000001`, … of `job_events`, holding `CHUNK` events each, so
appending and replaying are reads and writes by `_id` (DESIGN §2, access by key).
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from backend.clients import redis_keys
from backend.clients.events import EventBus, Subscription
from backend.clients.failures import storage
from backend.clock import utc_now
from backend.errors import Unavailable
from backend.jobs.entities import EventKind, JobEvent
from backend.jobs.repository import JobRepository

log = logging.getLogger("labelloop.jobs")
CHUNK = 200


def chunk_id(job_id: str, chunk: int) -> str:
    return f"{job_id}:{chunk:06d}"


def encode_event(event: JobEvent) -> str:
    return json.dumps(
        {"seq": event.seq, "at": event.at.isoformat(), "kind": event.kind.value, "data": event.data}, default=str
    )


def decode_event(message: str) -> JobEvent:
    raw = json.loads(message)
    return JobEvent(seq=raw["seq"], at=datetime.fromisoformat(raw["at"]), kind=EventKind(raw["kind"]), data=raw["data"])


@storage
class JobEventLog:
    """`job_events` (the replay log of every job) and the Redis channel that wakes its followers."""

    def __init__(
        self,
        db: AsyncDatabase[dict[str, Any]],
        jobs: JobRepository,
        bus: EventBus,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._events = db["job_events"]
        self._jobs = jobs
        self._bus = bus
        self._clock = clock

    async def record(self, job_id: str, kind: EventKind, data: dict[str, Any]) -> JobEvent:
        """Number, store and publish one event; Redis being away only delays followers (they poll MongoDB)."""
        event = JobEvent(seq=await self._jobs.next_seq(job_id), at=self._clock(), kind=kind, data=data)
        document = {"seq": event.seq, "at": event.at, "kind": event.kind.value, **event.data}
        await self._events.update_one(
            {"_id": chunk_id(job_id, (event.seq - 1) // CHUNK)},
            {"$push": {"events": document}, "$setOnInsert": {"job_id": job_id}},
            upsert=True,
        )
        with contextlib.suppress(Unavailable):
            await self._bus.publish(redis_keys.job(job_id), encode_event(event))
        return event

    async def after(self, job_id: str, after: int) -> list[JobEvent]:
        """Every stored event with seq > `after`, in order."""
        out: list[JobEvent] = []
        chunk = max(0, after) // CHUNK
        while doc := await self._events.find_one({"_id": chunk_id(job_id, chunk)}):
            for raw in doc.get("events", []):
                if raw["seq"] > after:
                    data = {k: v for k, v in raw.items() if k not in ("seq", "at", "kind")}
                    out.append(JobEvent(seq=raw["seq"], at=raw["at"], kind=EventKind(raw["kind"]), data=data))
            if len(doc.get("events", [])) < CHUNK:
                break
            chunk += 1
        out.sort(key=lambda e: e.seq)
        return out

    async def subscribe(self, job_id: str, quiet: bool = False) -> Subscription | None:
        try:
            return await self._bus.subscribe(redis_keys.job(job_id))
        except Unavailable:
            if not quiet:
                log.warning("Redis unreachable: following job %s by polling MongoDB", job_id)
            return None
