"""Named aliases and shadow settings of models in MongoDB, by key.

`model_routes/<model>` holds, in one document, what every replica needs to route a model's calls: its named
aliases (`aliases`: alias → version; `production` is not among them, promotion owns it), its shadow setting
(`shadow_alias`, `shadow_percent`) and the number of alias events. Alias event n of model M is
`alias_events/M:<n>` (insert-only), so the history is read by `_id` like the promotion history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from backend.clients.failures import storage


@dataclass(frozen=True, slots=True)
class AliasEvent:
    """One change of a named alias: set (`version`) or removed (`version` None). Permanent."""

    id: str  # "<model>:<sequence>"
    model: str
    sequence: int
    alias: str
    version: str | None
    previous_version: str | None
    actor: str
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ModelRoutes:
    """Where a model's calls may go besides production: its named aliases and its shadow share."""

    model: str
    aliases: dict[str, str] = field(default_factory=dict)
    shadow_alias: str | None = None
    shadow_percent: int = 0

    @property
    def challenger_version(self) -> str | None:
        """The version that shadows production calls, or None when shadowing is off or its alias is unset."""
        if not self.shadow_alias or self.shadow_percent <= 0:
            return None
        return self.aliases.get(self.shadow_alias)


def _event_id(model: str, sequence: int) -> str:
    return f"{model}:{sequence:06d}"


def _routes(model: str, doc: dict[str, Any] | None) -> ModelRoutes:
    doc = doc or {}
    return ModelRoutes(
        model=model,
        aliases={str(k): str(v) for k, v in (doc.get("aliases") or {}).items()},
        shadow_alias=doc.get("shadow_alias") or None,
        shadow_percent=int(doc.get("shadow_percent") or 0),
    )


@storage
class AliasRepository:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._routes = db["model_routes"]
        self._events = db["alias_events"]

    async def routes(self, model: str) -> ModelRoutes:
        return _routes(model, await self._routes.find_one({"_id": model}))

    async def set_alias(self, model: str, alias: str, version: str | None) -> tuple[int, str | None]:
        """Point `alias` at `version` (None: remove it); (the event's sequence, the version it pointed at before).
        `alias` is a checked name (no dot, no dollar sign)."""
        change: dict[str, Any] = {"$inc": {"events": 1}}
        if version is None:
            change["$unset"] = {f"aliases.{alias}": ""}
        else:
            change["$set"] = {f"aliases.{alias}": version}
        before = await self._routes.find_one_and_update(
            {"_id": model}, change, upsert=True, return_document=ReturnDocument.BEFORE
        )
        before = before or {}
        return int(before.get("events", 0)) + 1, (before.get("aliases") or {}).get(alias)

    async def set_shadow(self, model: str, alias: str | None, percent: int) -> None:
        await self._routes.update_one(
            {"_id": model}, {"$set": {"shadow_alias": alias, "shadow_percent": percent}}, upsert=True
        )

    async def record(self, event: AliasEvent) -> None:
        await self._events.insert_one(
            {
                "_id": event.id,
                "model": event.model,
                "sequence": event.sequence,
                "alias": event.alias,
                "version": event.version,
                "previous_version": event.previous_version,
                "actor": event.actor,
                "reason": event.reason,
                "at": event.at,
            }
        )

    async def history(self, model: str, skip: int, limit: int) -> tuple[list[AliasEvent], int]:
        """`limit` alias events of `model` after the `skip` newest, newest first, and how many it has in all."""
        head = await self._routes.find_one({"_id": model})
        count = int(head.get("events", 0)) if head else 0
        newest = count - skip
        if newest <= 0:
            return [], count
        ids = [_event_id(model, n) for n in range(newest, max(newest - limit, 0), -1)]
        docs = {d["_id"]: d async for d in self._events.find({"_id": {"$in": ids}})}
        return [_event(docs[i]) for i in ids if i in docs], count

    @staticmethod
    def event_id(model: str, sequence: int) -> str:
        return _event_id(model, sequence)


def _event(doc: dict[str, Any]) -> AliasEvent:
    return AliasEvent(
        id=doc["_id"],
        model=doc["model"],
        sequence=doc["sequence"],
        alias=doc["alias"],
        version=doc.get("version"),
        previous_version=doc.get("previous_version"),
        actor=doc["actor"],
        reason=doc["reason"],
        at=doc["at"],
    )
