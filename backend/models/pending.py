"""The rows of one predict call, waiting for the prediction log: made into records when the log writes them.

A record per row (a digest of the input, the text kept for the feedback loop, a dataclass of 15 fields) cost a
1,000-row call about as much as its JSON answer; the call keeps only references (its rows, inputs and ids), and the
log's flush, a second later and off the request path, makes the records (docs/performance.md, Batch predict).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.models.entities import ChampionRow, PredictionRecord, PredictionRow, PredictionSource

TEXT_KEPT = 2000  # characters of a text input kept for the feedback loop

# one encoder for every digest: json.dumps(value, sort_keys=True, default=str) builds a new one per call
_CANONICAL = json.JSONEncoder(sort_keys=True, default=str)


def digest(value: Any) -> str:
    """32 hex digits of the SHA-256 of the input as sorted-key JSON (the feedback loop's item ids are made of it)."""
    return hashlib.sha256(_CANONICAL.encode(value).encode()).hexdigest()[:32]


def _text_of(value: Any) -> str:
    return str(value.get("text", "") if isinstance(value, dict) else value)


@dataclass(frozen=True, slots=True)
class PendingPredictions:
    """One call's predictions as the log will keep them; `records()` makes them."""

    ids: Sequence[str]
    rows: Sequence[PredictionRow]
    inputs: Sequence[Any]
    model: str
    version: str
    replica: str
    at: datetime
    latency_ms: float  # per row: the call's time over its rows
    text: bool  # a text model (the text is kept), else a tabular one (the features are)
    source: PredictionSource
    champions: Sequence[ChampionRow] | None = None  # a shadow call: each row's production prediction

    def __len__(self) -> int:
        return len(self.ids)

    def records(self) -> list[PredictionRecord]:
        """One record per row, in the call's order."""
        champions = self.champions
        return [
            PredictionRecord(
                id=record_id,
                model=self.model,
                version=self.version,
                replica=self.replica,
                at=self.at,
                label=row.label,
                confidence=row.confidence,
                latency_ms=self.latency_ms,
                input_digest=digest(value),
                text=_text_of(value)[:TEXT_KEPT] if self.text else None,
                features=None if self.text else value,
                source=self.source,
                champion=champions[index] if champions else None,
                labels=tuple(s.label for s in row.labels) if row.labels is not None else None,
                spans=row.spans,
            )
            for index, (record_id, row, value) in enumerate(zip(self.ids, self.rows, self.inputs, strict=True))
        ]
