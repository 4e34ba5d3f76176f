"""Automations in MongoDB, by key: one document per model (`_id`: the model) and one keyed document listing the
models that have one (`_id`: LIST_ID), which the worker's cron reads every few seconds; and the Redis lock under
which a worker decides for one model."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError

from backend.automations.entities import Automation, LastRun, Schedule, Trigger
from backend.clients import redis_keys
from backend.clients.failures import storage
from backend.models.entities import PromotionMode

log = logging.getLogger("labelloop.automations")
COLLECTION = "automations"
LIST_ID = "~models"  # never a model's name: model names are dataset slugs ([a-z0-9-])


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _doc(automation: Automation) -> dict[str, Any]:
    schedule = automation.schedule
    return {
        "_id": automation.model,
        "dataset_id": automation.dataset_id,
        "enabled": automation.enabled,
        "label_threshold": automation.label_threshold,
        "every_minutes": schedule.every_minutes if schedule else None,
        "daily_at": f"{schedule.daily_at:%H:%M}" if schedule and schedule.daily_at else None,
        "mode": automation.mode.value,
        "updated_by": automation.updated_by,
        "updated_at": automation.updated_at,
        "counting_since": automation.counting_since,
        "last_run": _last_run_doc(automation.last_run),
    }


def _last_run_doc(last: LastRun | None) -> dict[str, Any] | None:
    if last is None:
        return None
    return {
        "run_id": last.run_id,
        "at": last.at,
        "trigger": last.trigger.value,
        "label_count": last.label_count,
        "handoff": last.handoff,
    }


def _automation(doc: dict[str, Any]) -> Automation:
    every, daily = doc.get("every_minutes"), doc.get("daily_at")
    schedule = None
    if every is not None or daily is not None:
        schedule = Schedule(every, time.fromisoformat(daily) if daily else None)
    last = doc.get("last_run")
    return Automation(
        model=doc["_id"],
        dataset_id=doc["dataset_id"],
        enabled=bool(doc["enabled"]),
        label_threshold=doc.get("label_threshold"),
        schedule=schedule,
        mode=PromotionMode(doc["mode"]),
        updated_by=doc["updated_by"],
        updated_at=_aware(doc["updated_at"]),
        counting_since=_aware(doc["counting_since"]),
        last_run=LastRun(
            run_id=last["run_id"],
            at=_aware(last["at"]),
            trigger=Trigger(last["trigger"]),
            label_count=int(last["label_count"]),
            handoff=last.get("handoff", ""),
        )
        if last
        else None,
    )


@storage
class AutomationRepository:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._automations = db[COLLECTION]

    async def get(self, model: str) -> Automation | None:
        doc = await self._automations.find_one({"_id": model})
        return _automation(doc) if doc else None

    async def get_many(self, models: Sequence[str]) -> list[Automation]:
        docs = {d["_id"]: d async for d in self._automations.find({"_id": {"$in": list(models)}})}
        return [_automation(docs[m]) for m in models if m in docs]

    async def models(self) -> list[str]:
        """The models that have an automation (the keyed list document)."""
        doc = await self._automations.find_one({"_id": LIST_ID})
        return list(dict.fromkeys(doc["names"])) if doc else []  # a race may have listed one twice

    async def save(self, automation: Automation) -> None:
        """Store the automation whole, and list its model."""
        doc = _doc(automation)
        await self._automations.replace_one({"_id": automation.model}, doc, upsert=True)
        if automation.model not in await self.models():
            await self._automations.update_one({"_id": LIST_ID}, {"$push": {"names": automation.model}}, upsert=True)

    async def record_run(self, model: str, last: LastRun) -> None:
        """The run just started: it is the last run, and labels count from its start."""
        await self._automations.update_one(
            {"_id": model}, {"$set": {"last_run": _last_run_doc(last), "counting_since": last.at}}
        )

    async def record_handoff(self, model: str, handoff: str) -> None:
        await self._automations.update_one({"_id": model}, {"$set": {"last_run.handoff": handoff}})


@storage
class AutomationLocks:
    """The Redis lock (redis-py's Lock, redis_keys.automation_lock) a worker holds while it decides whether a model's
    automation starts a run: two workers or two cron ticks never decide at once."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def acquire(self, model: str, ttl_s: int) -> Lock | None:
        """The lock, held for at most `ttl_s` seconds; None when another worker holds it."""
        lock = self._redis.lock(redis_keys.automation_lock(model), timeout=ttl_s, blocking=False)
        return lock if await lock.acquire() else None

    async def release(self, lock: Lock) -> None:
        try:
            await lock.release()
        except LockError:  # it expired meanwhile: the decision took longer than its time to live
            log.warning("automation lock %s expired before its release", lock.name)
