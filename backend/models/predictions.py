"""The prediction log (written in batches, off the request path), monitoring figures, and the feedback loop."""

from __future__ import annotations

import asyncio
import logging
import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from backend.clock import utc_now
from backend.datasets.entities import DatasetKind
from backend.datasets.service import DatasetService
from backend.items.entities import Item, item_id
from backend.items.store import ItemStore
from backend.models.entities import PredictionRecord, PredictionSource
from backend.models.monitoring_multilabel import LabelRate, label_rates
from backend.models.pending import PendingPredictions
from backend.models.repository import ModelRepository

log = logging.getLogger("labelloop.predictions")
FLUSH_S = 1.0
MAX_BUFFERED = 200_000  # beyond this (MongoDB unreachable for long), the oldest records are dropped and counted
FLUSH_BATCH = 5000
FEEDBACK_CACHE_S = 10.0
MAX_WINDOW_MINUTES = 7 * 24 * 60  # monitoring looks back at most a week
# Fewer predictions than this in a window give no drift score: a handful of predictions can be one-sided by chance
# (5 of them scored a PSI of 2.7). 50 gives each of a few labels a share close enough to judge (docs/models.md).
MINIMUM_SAMPLE = 50


class PredictionLog:
    """Buffers prediction records in memory; `run` writes them every second (MongoDB, then Elasticsearch), and
    copies production predictions below a model's feedback threshold into its feedback dataset as items."""

    def __init__(
        self,
        models: ModelRepository,
        datasets: DatasetService,
        items: ItemStore,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._models = models
        self._datasets = datasets
        self._items = items
        self._clock = clock
        self._calls: deque[PendingPredictions] = deque()  # predict calls not made into records yet
        self._call_rows = 0
        self._buffer: deque[PredictionRecord] = deque()
        self._unsent: list[PredictionRecord] = []  # the chunk being written (kept whole until it is)
        self.dropped = 0
        self._feedback: dict[str, tuple[float, tuple[str, float] | None]] = {}

    def add(self, call: PendingPredictions) -> None:
        """Keep a predict call's rows for the next flush (no work on the request path beyond this)."""
        self._calls.append(call)
        self._call_rows += len(call)
        overflow = len(self._buffer) + self._call_rows - MAX_BUFFERED
        while overflow > 0 and self._buffer:
            self._buffer.popleft()
            self.dropped += 1
            overflow -= 1
        while overflow > 0 and len(self._calls) > 1:  # the oldest calls, whole; never the one just added
            dropped = len(self._calls.popleft())
            self._call_rows -= dropped
            self.dropped += dropped
            overflow -= dropped

    def _make_records(self) -> None:
        while self._calls:
            call = self._calls.popleft()
            self._call_rows -= len(call)
            self._buffer.extend(call.records())

    async def run(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_S)
            try:
                await self.flush()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("prediction log: flush failed, retrying in a second", exc_info=True)

    async def flush(self) -> int:
        """Write what is buffered; the number written."""
        written = 0
        self._make_records()
        while self._unsent or self._buffer:
            if not self._unsent:
                self._unsent = [self._buffer.popleft() for _ in range(min(FLUSH_BATCH, len(self._buffer)))]
            batch = self._unsent
            await self._models.log_predictions(batch)  # if it raises, the same chunk is tried again next time
            self._unsent = []
            written += len(batch)
            await self._feed_back(batch)
        return written

    async def _target(self, model: str) -> tuple[str, float] | None:
        cached = self._feedback.get(model)
        now = asyncio.get_running_loop().time()
        if cached is None or now - cached[0] > FEEDBACK_CACHE_S:
            cached = (now, await self._models.feedback_target(model))
            self._feedback[model] = cached
        return cached[1]

    async def _feed_back(self, batch: Sequence[PredictionRecord]) -> None:
        """Queue the model's doubtful production predictions for annotation in the dataset its ADMIN chose."""
        by_model: dict[str, list[PredictionRecord]] = {}
        for record in batch:
            if record.source is not PredictionSource.PRODUCTION:  # playground and test traffic is not queued
                continue
            by_model.setdefault(record.model, []).append(record)
        for model, records in by_model.items():
            target = await self._target(model)
            if target is None:
                continue
            dataset_id, threshold = target
            doubtful = {r.input_digest: r for r in records if r.confidence < threshold}
            if not doubtful:
                continue
            dataset = await self._datasets.get(dataset_id)
            now = self._clock()
            items = [
                Item(
                    id=item_id(dataset_id, f"feedback-{digest}"),
                    dataset_id=dataset_id,
                    external_id=f"feedback-{digest}",
                    text=r.text if dataset.kind is DatasetKind.TEXT else None,
                    features={k: float(v) for k, v in (r.features or {}).items()}
                    if dataset.kind is DatasetKind.TABULAR
                    else None,
                    metadata={
                        "source": "feedback",
                        "model": model,
                        "version": r.version,
                        "predicted": r.label,
                        "confidence": round(r.confidence, 4),
                    },
                    revision=1,
                    created_at=now,
                    updated_at=now,
                )
                for digest, r in doubtful.items()
            ]
            await self._items.add(items)


def _share(counts: dict[str, float]) -> dict[str, float]:
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()} if total else {}


def drift_scores(expected: dict[str, float], observed: dict[str, float]) -> tuple[float, float] | None:
    """(PSI, Jensen-Shannon divergence in bits) of the predicted-label shares against the training shares."""
    p, q = _share(expected), _share(observed)
    if not p or not q:
        return None
    labels = sorted(set(p) | set(q))
    eps = 1e-4
    psi = sum(
        (q.get(k, 0) + eps - (p.get(k, 0) + eps)) * math.log((q.get(k, 0) + eps) / (p.get(k, 0) + eps)) for k in labels
    )
    m = {k: (p.get(k, 0) + q.get(k, 0)) / 2 for k in labels}

    def kl(a: dict[str, float]) -> float:
        return sum(a[k] * math.log2(a[k] / m[k]) for k in labels if a.get(k, 0) > 0)

    return psi, (kl(p) + kl(q)) / 2


@dataclass(frozen=True, slots=True)
class Monitoring:
    model: str
    version: str | None
    since: datetime
    total: int
    per_minute: list[tuple[datetime, int]]
    latency_p50: float | None
    latency_p95: float | None
    latency_p99: float | None
    confidence_histogram: list[tuple[float, int]]
    labels: list[tuple[str, int]]
    training_labels: dict[str, int]
    psi: float | None
    jensen_shannon: float | None
    versions: list[tuple[str, int]]
    sources: tuple[PredictionSource, ...]
    by_source: list[tuple[str, int]]
    # multi-label and span models (monitoring_multilabel.py): per label, the share of predictions that use it
    label_rates: list[LabelRate] = field(default_factory=list)

    @property
    def enough_data(self) -> bool:
        return self.total >= MINIMUM_SAMPLE


def monitoring_from(
    model: str,
    version: str | None,
    since: datetime,
    raw: dict[str, Any],
    training_labels: dict[str, int],
    sources: Sequence[PredictionSource],
    training_items: int | None = None,
) -> Monitoring:
    """The figures of `raw` (ModelRepository.aggregate); `training_items` is given for a multi-label model (its
    training set's size): then the drift is that of the per-label rates."""
    labels = [(b["key"], b["doc_count"]) for b in raw["labels"]["buckets"]]
    drift = None
    rates: list[LabelRate] = []
    if training_items is not None:
        rates = label_rates(raw, training_labels, training_items, raw["total"] >= MINIMUM_SAMPLE, drift_scores)
        scored = [(r.psi, r.jensen_shannon or 0.0) for r in rates if r.psi is not None]
        drift = (max(p for p, _ in scored), max(j for _, j in scored)) if scored else None
    elif raw["total"] >= MINIMUM_SAMPLE:
        drift = drift_scores({k: float(v) for k, v in training_labels.items()}, {k: float(v) for k, v in labels})
    latency = raw["latency"]["values"]
    return Monitoring(
        model=model,
        version=version,
        since=since,
        total=raw["total"],
        per_minute=[
            (datetime.fromisoformat(b["key_as_string"].replace("Z", "+00:00")), b["doc_count"])
            for b in raw["per_minute"]["buckets"]
        ],
        latency_p50=latency.get("50.0"),
        latency_p95=latency.get("95.0"),
        latency_p99=latency.get("99.0"),
        confidence_histogram=[(round(b["key"], 2), b["doc_count"]) for b in raw["confidence"]["buckets"]],
        labels=labels,
        training_labels=training_labels,
        psi=drift[0] if drift else None,
        jensen_shannon=drift[1] if drift else None,
        versions=[(b["key"], b["doc_count"]) for b in raw["versions"]["buckets"]],
        sources=tuple(sources),
        by_source=[(b["key"], b["doc_count"]) for b in raw["by_source"]["buckets"]],
        label_rates=rates,
    )


def window(minutes: int, clock: Callable[[], datetime] = utc_now) -> datetime:
    return clock() - timedelta(minutes=max(1, min(minutes, MAX_WINDOW_MINUTES)))
