"""Named aliases besides `production` (e.g. `challenger`): set and removed by an ADMIN with a reason.

MongoDB (`model_routes`, backend/models/alias_store.py) is the truth for named aliases: serving and the versions'
`aliases` read it. MLflow's registry gets the same alias afterwards, as a mirror for people browsing MLflow; a
failure between the two is repaired by the next change of that alias. Each change is an alias event (insert-only,
`modelAliasHistory`). `production` is promotion's alone: it is refused here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections.abc import Callable
from datetime import datetime

from backend.auth.entities import Principal
from backend.clients.mlflow import MlflowTracking
from backend.clock import utc_now
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.models.alias_store import AliasEvent, AliasRepository
from backend.models.directory import RouteDirectory
from backend.models.entities import PRODUCTION, ModelVersion
from backend.models.service import REASON_MAX, ModelService, ModelVersionNotFound
from backend.models.serving import ModelNotFound
from backend.pages import Page, check_page_size, offset_after, offset_cursor

log = logging.getLogger("labelloop.aliases")
ALIAS_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,39}")
RESERVED = re.compile(r"latest|v\d+")  # MLflow's registry reserves these names


class ProductionAliasReserved(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "the alias 'production' is moved by promotion only: use `promoteModelVersion` (or `rollbackModel`)"
        )


class AliasNotSet(DomainError):
    def __init__(self, name: str, alias: str) -> None:
        super().__init__(f"model '{name}' has no alias '{alias}': its versions' `aliases` list the ones it has")


def check_alias(alias: str, field: str = "alias") -> str:
    """`alias` trimmed; raises ProductionAliasReserved for `production`, ValidationFailed for a bad name."""
    alias = alias.strip()
    if alias == PRODUCTION:
        raise ProductionAliasReserved
    if not ALIAS_PATTERN.fullmatch(alias):
        raise ValidationFailed(
            [
                FieldProblem(
                    field,
                    "invalid_alias",
                    "an alias is 1 to 40 lower-case letters, digits, '-' or '_', starting with a letter "
                    f"(e.g. 'challenger'); got {alias[:60]!r}",
                )
            ]
        )
    if RESERVED.fullmatch(alias):
        raise ValidationFailed(
            [FieldProblem(field, "reserved_alias", f"'{alias}' is reserved by MLflow's registry: choose another")]
        )
    return alias


def check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed([FieldProblem("reason", "required", "say why (it is kept in the alias history)")])
    if len(reason) > REASON_MAX:
        raise ValidationFailed([FieldProblem("reason", "too_long", f"keep the reason under {REASON_MAX} characters")])
    return reason


class AliasService:
    def __init__(
        self,
        tracking: MlflowTracking,
        store: AliasRepository,
        directory: RouteDirectory,
        models: ModelService,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._tracking = tracking
        self._store = store
        self._directory = directory
        self._models = models
        self._clock = clock

    async def set(self, principal: Principal, name: str, alias: str, version: str, reason: str) -> AliasEvent:
        """Point `alias` of `name` at `version`; the event. Raises ProductionAliasReserved, ValidationFailed,
        ModelNotFound, ModelVersionNotFound."""
        alias, reason = check_alias(alias), check_reason(reason)
        await self._existing(name, version)
        sequence, previous = await self._store.set_alias(name, alias, version)
        event = await self._record(principal, name, sequence, alias, version, previous, reason)
        await self._mirror(name, alias, version)
        return event

    async def remove(self, principal: Principal, name: str, alias: str, reason: str) -> AliasEvent:
        """Remove `alias` from `name`; the event. Raises ProductionAliasReserved, ValidationFailed, AliasNotSet."""
        alias, reason = check_alias(alias), check_reason(reason)
        if alias not in (await self._store.routes(name)).aliases:
            raise AliasNotSet(name, alias)
        sequence, previous = await self._store.set_alias(name, alias, None)
        event = await self._record(principal, name, sequence, alias, None, previous, reason)
        await self._mirror(name, alias, None)
        return event

    async def history(self, name: str, first: int, after: str | None) -> Page[AliasEvent]:
        """A page of the alias events of `name`, newest first; raises ValidationFailed for a bad argument."""
        check_page_size(first)
        start = offset_after(after)
        events, total = await self._store.history(name, start, first)
        end = min(start + first, total)
        return Page(events, offset_cursor(end - 1) if events else None, end < total, total)

    async def resolve(self, name: str, alias: str) -> str:
        """The version `alias` of `name` points to (as this replica knows it); raises AliasNotSet."""
        if alias == PRODUCTION:
            found = await self._models.production_version(name)
        else:
            found = (await self._directory.get(name)).aliases.get(alias)
        if found is None:
            raise AliasNotSet(name, alias)
        return found

    async def versions(self, name: str, first: int, after: str | None) -> Page[ModelVersion]:
        """`ModelService.versions` with each version's named aliases (from MongoDB, the truth)."""
        page = await self._models.versions(name, first, after)
        named = (await self._store.routes(name)).aliases
        return page.map(lambda v: _with_aliases(v, named))

    async def version(self, name: str, version: str) -> ModelVersion | None:
        found = await self._models.version(name, version)
        return _with_aliases(found, (await self._store.routes(name)).aliases) if found else None

    async def _existing(self, name: str, version: str) -> None:
        if await self._models.version(name, version) is None:
            if not await asyncio.to_thread(self._tracking.model_versions, name):
                raise ModelNotFound(name)
            raise ModelVersionNotFound(name, version)

    async def _record(
        self,
        principal: Principal,
        name: str,
        sequence: int,
        alias: str,
        version: str | None,
        previous: str | None,
        reason: str,
    ) -> AliasEvent:
        event = AliasEvent(
            id=AliasRepository.event_id(name, sequence),
            model=name,
            sequence=sequence,
            alias=alias,
            version=version,
            previous_version=previous,
            actor=principal.user.username,
            reason=reason,
            at=self._clock(),
        )
        await self._store.record(event)
        await self._directory.announce(name)
        return event

    async def _mirror(self, name: str, alias: str, version: str | None) -> None:
        try:
            if version is None:
                await asyncio.to_thread(self._tracking.delete_alias, name, alias)
            else:
                await asyncio.to_thread(self._tracking.set_alias, name, alias, version)
        except Exception:  # MongoDB has it; MLflow's copy is for browsing and is written again on the next change
            log.warning("alias %s of %s not mirrored to MLflow", alias, name, exc_info=True)


def _with_aliases(version: ModelVersion, named: dict[str, str]) -> ModelVersion:
    """`version` with MLflow's `production` (if it holds it) and the named aliases MongoDB gives it."""
    aliases = {a for a in version.aliases if a == PRODUCTION}
    aliases |= {alias for alias, target in named.items() if target == version.version}
    return dataclasses.replace(version, aliases=tuple(sorted(aliases)))
