"""`predict`: production by default (offered to the challenger when the model shadows), or, for an ADMIN, a named
version or alias, logged as PINNED traffic (monitoring and the feedback loop count PRODUCTION only)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from backend.auth.entities import Principal
from backend.auth.permissions import Permission, denial_reason
from backend.clients.mlflow import MlflowTracking
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.models.aliases import AliasService
from backend.models.entities import PredictionBatch, PredictionSource
from backend.models.service import ModelVersionNotFound
from backend.models.serving import ModelNotFound, ModelServer
from backend.models.shadow import ShadowScorer
from backend.models.versions_cache import VersionCache

PINNED_PERMISSION = Permission.PROMOTE_MODEL  # the ADMIN's permission over model versions


class PinnedPredictionForbidden(DomainError):
    def __init__(self, reason: str) -> None:
        super().__init__(
            f"predicting with a chosen version or alias {reason}; leave out `version` and `alias` to use the "
            "production version"
        )


class Predictor:
    def __init__(
        self,
        tracking: MlflowTracking,
        server: ModelServer,
        aliases: AliasService,
        versions: VersionCache,
        shadow: ShadowScorer,
    ) -> None:
        self._tracking = tracking
        self._server = server
        self._aliases = aliases
        self._versions = versions
        self._shadow = shadow

    async def predict(
        self,
        principal: Principal,
        name: str,
        inputs: Sequence[Any],
        traffic: PredictionSource = PredictionSource.PRODUCTION,
        version: str | None = None,
        alias: str | None = None,
    ) -> PredictionBatch:
        """Predict with production (default), or with `version` or `alias` (ADMIN only). Raises
        PinnedPredictionForbidden (nothing is predicted nor logged), ValidationFailed, ModelNotFound,
        ModelVersionNotFound, AliasNotSet, NoProductionVersion."""
        if traffic in (PredictionSource.PINNED, PredictionSource.SHADOW):
            raise ValidationFailed(
                [
                    FieldProblem(
                        "traffic",
                        "invalid",
                        f"{traffic.value} traffic is set by the API (PINNED: a call naming a version or alias; "
                        "SHADOW: the challenger's): give PRODUCTION, PLAYGROUND or TEST",
                    )
                ]
            )
        if version is None and alias is None:
            batch = await self._server.predict(name, inputs, traffic)
            if traffic is PredictionSource.PRODUCTION:
                await self._shadow.offer(name, inputs, batch)
            return batch
        reason = denial_reason(principal.role, PINNED_PERMISSION)
        if reason is not None:
            raise PinnedPredictionForbidden(reason)
        if version is not None and alias is not None:
            raise ValidationFailed([FieldProblem("alias", "conflict", "give a version or an alias, not both")])
        chosen = version.strip() if version is not None else await self._aliases.resolve(name, (alias or "").strip())
        await self._check_version(name, chosen)
        loaded = await self._versions.get(name, chosen)
        source = PredictionSource.PINNED if traffic is PredictionSource.PRODUCTION else traffic
        return await self._server.predict(name, inputs, source, loaded)

    async def _check_version(self, name: str, version: str) -> None:
        if self._versions.cached(name, version) is not None:
            return
        if await asyncio.to_thread(self._tracking.model_version, name, version) is None:
            if not await asyncio.to_thread(self._tracking.model_versions, name):
                raise ModelNotFound(name)
            raise ModelVersionNotFound(name, version)
