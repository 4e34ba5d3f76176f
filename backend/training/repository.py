"""Training runs in MongoDB (by `_id`), mirrored into Elasticsearch for lists; their events in keyed chunks.

Events of run R live in documents `R:000000`, `R:000001`, … holding `CHUNK` events each, so appending and
replaying are reads and writes by `_id` (DESIGN §2, access by key).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, TransportError
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from backend.clients.elasticsearch import ensure_index
from backend.training.entities import EventKind, RunEvent, RunState, TrainingRun, Validation, ValidationMethod

log = logging.getLogger("labelloop.training")
RUNS_INDEX = "labelloop-runs"
CHUNK = 200


def _from_doc(doc: dict[str, Any]) -> TrainingRun:
    fields = {k: v for k, v in doc.items() if k not in ("_id", "validation", "state")}
    validation = doc.get("validation") or {}
    return TrainingRun(
        id=doc["_id"],
        state=RunState(doc["state"]),
        validation=Validation(
            method=ValidationMethod(validation.get("method", "HOLDOUT")),
            test_fraction=validation.get("test_fraction", 0.2),
            folds=validation.get("folds", 5),
            seed=validation.get("seed", 42),
        ),
        **{k: v for k, v in fields.items() if k in TrainingRun.__dataclass_fields__},
    )


def _to_doc(run: TrainingRun) -> dict[str, Any]:
    doc = asdict(run)
    doc["_id"] = doc.pop("id")
    doc["state"] = run.state.value
    doc["validation"] = run.validation.describe()
    return doc


def chunk_id(run_id: str, chunk: int) -> str:
    return f"{run_id}:{chunk:06d}"


class TrainingRepository:
    """`training_runs` (truth), `run_events` (the replay log) and the `labelloop-runs` index (lists)."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]], es: AsyncElasticsearch) -> None:
        self._runs = db["training_runs"]
        self._events = db["run_events"]
        self._es = es

    async def ensure_index(self) -> None:
        await ensure_index(
            self._es,
            RUNS_INDEX,
            {
                "dataset_id": {"type": "keyword"},
                "model_type": {"type": "keyword"},
                "state": {"type": "keyword"},
                "created_by": {"type": "keyword"},
                "created_at": {"type": "date"},
                "model_version": {"type": "keyword"},
                "accuracy": {"type": "float"},
                "macro_f1": {"type": "float"},
            },
        )

    # --- runs ---------------------------------------------------------------------------------------------------

    async def insert(self, run: TrainingRun) -> None:
        await self._runs.insert_one(_to_doc(run))
        await self._mirror(run)

    async def get(self, run_id: str) -> TrainingRun | None:
        doc = await self._runs.find_one({"_id": run_id})
        return _from_doc(doc) if doc else None

    async def get_many(self, run_ids: Sequence[str]) -> list[TrainingRun]:
        docs = {d["_id"]: d async for d in self._runs.find({"_id": {"$in": list(run_ids)}})}
        return [_from_doc(docs[i]) for i in run_ids if i in docs]

    async def update(self, run_id: str, **fields: Any) -> TrainingRun | None:
        changes = {k: (v.value if isinstance(v, RunState) else v) for k, v in fields.items()}
        doc = await self._runs.find_one_and_update(
            {"_id": run_id}, {"$set": changes}, return_document=ReturnDocument.AFTER
        )
        run = _from_doc(doc) if doc else None
        if run is not None and ({"state", "model_version", "metrics"} & fields.keys()):
            await self._mirror(run)
        return run

    async def cancel_if_queued(self, run_id: str, now: Any) -> TrainingRun | None:
        """CANCELLED if still QUEUED (atomically); None when the worker took it first.

        The filter is not by key alone, so the MongoDB-wire server scans `training_runs`: a small collection
        (one document per training), and cancelling is rare."""
        doc = await self._runs.find_one_and_update(
            {"_id": run_id, "state": RunState.QUEUED.value},
            {"$set": {"state": RunState.CANCELLED.value, "finished_at": now, "message": "cancelled before it started"}},
            return_document=ReturnDocument.AFTER,
        )
        run = _from_doc(doc) if doc else None
        if run is not None:
            await self._mirror(run)
        return run

    async def claim(self, run_id: str, attempt: int, now: Any) -> TrainingRun | None:
        """RUNNING for `attempt`, unless the run ended or a later attempt owns it (atomically); None then."""
        doc = await self._runs.find_one_and_update(
            {
                "_id": run_id,
                "state": {"$in": [RunState.QUEUED.value, RunState.RUNNING.value]},
                "attempt": {"$lt": attempt},
            },
            {"$set": {"state": RunState.RUNNING.value, "attempt": attempt, "started_at": now}},
            return_document=ReturnDocument.AFTER,
        )
        run = _from_doc(doc) if doc else None
        if run is not None:
            await self._mirror(run)
        return run

    async def list_ids(
        self, dataset_id: str | None, states: Sequence[RunState], model_types: Sequence[str], first: int, offset: int
    ) -> tuple[list[str], int]:
        clauses: list[dict[str, Any]] = []
        if dataset_id:
            clauses.append({"term": {"dataset_id": dataset_id}})
        if states:
            clauses.append({"terms": {"state": [s.value for s in states]}})
        if model_types:
            clauses.append({"terms": {"model_type": list(model_types)}})
        response = await self._es.search(
            index=RUNS_INDEX,
            query={"bool": {"filter": clauses}},
            sort=[{"created_at": "desc"}],
            size=first,
            from_=offset,
            source=False,
            track_total_hits=True,
        )
        hits = response["hits"]
        return [h["_id"] for h in hits["hits"]], hits["total"]["value"]

    async def mirror_all(self) -> int:
        """Copy every run into the index (after a restore: MongoDB is the truth); returns how many."""
        count = 0
        async for doc in self._runs.find({}):  # a full scan, for a rebuild only
            await self._mirror(_from_doc(doc))
            count += 1
        return count

    async def _mirror(self, run: TrainingRun) -> None:
        """Copy the listed fields into the index; best effort (MongoDB has the run; the next change mirrors it)."""
        try:
            await self._es.index(
                index=RUNS_INDEX,
                id=run.id,
                document={
                    "dataset_id": run.dataset_id,
                    "model_type": run.model_type,
                    "state": run.state.value,
                    "created_by": run.created_by,
                    "created_at": run.created_at,
                    "model_version": run.model_version,
                    "accuracy": run.metrics.get("accuracy"),
                    "macro_f1": run.metrics.get("macro_f1"),
                },
            )
        except (ElasticsearchConnectionError, TransportError, ApiError):
            log.warning("training run %s not mirrored into the search index (Elasticsearch unreachable)", run.id)

    # --- events -------------------------------------------------------------------------------------------------

    async def append_event(self, run_id: str, event: RunEvent) -> None:
        """Store one event (the caller numbers them: one writer per run, the worker running it)."""
        document = {"seq": event.seq, "at": event.at, "kind": event.kind.value, **event.data}
        await self._events.update_one(
            {"_id": chunk_id(run_id, (event.seq - 1) // CHUNK)},
            {"$push": {"events": document}, "$setOnInsert": {"run_id": run_id}},
            upsert=True,
        )

    async def events_after(self, run_id: str, after: int) -> list[RunEvent]:
        """Every stored event with seq > `after`, in order."""
        out: list[RunEvent] = []
        chunk = max(0, after) // CHUNK
        while doc := await self._events.find_one({"_id": chunk_id(run_id, chunk)}):
            for raw in doc.get("events", []):
                if raw["seq"] > after:
                    data = {k: v for k, v in raw.items() if k not in ("seq", "at", "kind")}
                    out.append(RunEvent(seq=raw["seq"], at=raw["at"], kind=EventKind(raw["kind"]), data=data))
            if len(doc.get("events", [])) < CHUNK:
                break
            chunk += 1
        out.sort(key=lambda e: e.seq)
        return out

    async def last_seq(self, run_id: str) -> int:
        events = await self.events_after(run_id, 0)
        return events[-1].seq if events else 0
