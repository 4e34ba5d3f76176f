"""Promotion proposals and gate settings (MongoDB, by key only).

A proposal is `promotion_proposals/<job id>` (the PROMOTION job that left it); the model's list of proposals, newest
last, is one keyed document `promotion_proposal_lists/<model>`. Gate settings live on `model_settings/<model>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from backend.clients.failures import storage
from backend.models.promotion_gate import GateSettings

OPEN, ACCEPTED, DECLINED = "OPEN", "ACCEPTED", "DECLINED"


@dataclass(frozen=True, slots=True)
class PromotionProposal:
    """A version the gate (or PROPOSE mode) left for an ADMIN to accept or decline."""

    id: str  # the PROMOTION job that proposed it
    model: str
    version: str
    proposed_by: str
    reason: str
    at: datetime
    gate: dict[str, Any]
    status: str  # OPEN, ACCEPTED, DECLINED
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    promotion_job_id: str | None = None  # the job an acceptance submitted


def _proposal(doc: dict[str, Any]) -> PromotionProposal:
    return PromotionProposal(
        id=doc["_id"],
        model=doc["model"],
        version=doc["version"],
        proposed_by=doc["proposed_by"],
        reason=doc["reason"],
        at=doc["at"],
        gate=doc.get("gate") or {},
        status=doc["status"],
        decided_by=doc.get("decided_by"),
        decided_at=doc.get("decided_at"),
        decision_reason=doc.get("decision_reason"),
        promotion_job_id=doc.get("promotion_job_id"),
    )


@storage
class PromotionStore:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._proposals = db["promotion_proposals"]
        self._lists = db["promotion_proposal_lists"]
        self._settings = db["model_settings"]

    async def propose(self, proposal: PromotionProposal) -> None:
        """Store the proposal and list it (idempotent: a retried job leaves one)."""
        await self._proposals.update_one(
            {"_id": proposal.id},
            {
                "$setOnInsert": {
                    "model": proposal.model,
                    "version": proposal.version,
                    "proposed_by": proposal.proposed_by,
                    "reason": proposal.reason,
                    "at": proposal.at,
                    "gate": proposal.gate,
                    "status": OPEN,
                }
            },
            upsert=True,
        )
        await self._lists.update_one({"_id": proposal.model}, {"$addToSet": {"ids": proposal.id}}, upsert=True)

    async def get(self, proposal_id: str) -> PromotionProposal | None:
        doc = await self._proposals.find_one({"_id": proposal_id})
        return _proposal(doc) if doc else None

    async def ids(self, model: str) -> list[str]:
        """The model's proposals, newest first."""
        doc = await self._lists.find_one({"_id": model})
        return list(reversed(doc.get("ids", []))) if doc else []

    async def get_many(self, ids: list[str]) -> list[PromotionProposal]:
        found = {d["_id"]: _proposal(d) async for d in self._proposals.find({"_id": {"$in": ids}})}
        return [found[i] for i in ids if i in found]

    async def decide(
        self, proposal_id: str, status: str, actor: str, at: datetime, reason: str, job_id: str | None
    ) -> PromotionProposal | None:
        """Close an OPEN proposal (compare-and-set on its key); None when it was not open any more."""
        done = await self._proposals.update_one(
            {"_id": proposal_id, "status": OPEN},
            {
                "$set": {
                    "status": status,
                    "decided_by": actor,
                    "decided_at": at,
                    "decision_reason": reason,
                    "promotion_job_id": job_id,
                }
            },
        )
        return await self.get(proposal_id) if done.modified_count else None

    async def gate(self, model: str) -> GateSettings:
        doc = await self._settings.find_one({"_id": model}) or {}
        default = GateSettings()
        return GateSettings(
            macro_f1_tolerance=float(doc.get("gate_macro_f1_tolerance", default.macro_f1_tolerance)),
            recall_drop_tolerance=float(doc.get("gate_recall_drop_tolerance", default.recall_drop_tolerance)),
        )

    async def set_gate(self, model: str, settings: GateSettings) -> None:
        await self._settings.update_one(
            {"_id": model},
            {
                "$set": {
                    "gate_macro_f1_tolerance": settings.macro_f1_tolerance,
                    "gate_recall_drop_tolerance": settings.recall_drop_tolerance,
                }
            },
            upsert=True,
        )
