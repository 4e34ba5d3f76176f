"""Typed results: the pydantic models ariadne-codegen generated from schema.graphql and the package's operations
(`labelloop_client.generated`, rewritten by `make client`), with the few conveniences a notebook wants on top.

Build one from an answer's part with `Type.model_validate(part)`; field names are in snake_case, enum values are
the schema's (`item.status == "AGREED"`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, model_validator

from labelloop_client.errors import UnsupportedOperationError
from labelloop_client.generated.follow_training_run import FollowTrainingRunTrainingRun
from labelloop_client.generated.fragments import (
    ItemFields,
    ItemFieldsAnnotations,
    MetricPointFields,
    PromotionEventFields,
    RunFieldsMetrics,
    SearchHitFields,
)
from labelloop_client.generated.predict import PredictPredictPrediction, PredictPredictPredictionRows

Annotation = ItemFieldsAnnotations  # one annotator's label on an item
PredictionRow = PredictPredictPredictionRows  # one input's label, confidence and every label's probability


class _Readable(BaseModel):
    """Shown with enum values as the schema spells them (`action='PROMOTE'`), as a notebook prints a result."""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, value.value if isinstance(value, Enum) else value


def parse_datetime(value: Any) -> datetime | None:
    """An ISO-8601 `DateTime` of the API as an aware datetime (None stays None)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else None


class Item(ItemFields, _Readable):
    """An item as stored (and as the caller may see it)."""


class PromotionEvent(PromotionEventFields, _Readable):
    """A change of a model's production version (kept for ever)."""


class SearchHit(SearchHitFields, _Readable):
    """One search result: the item as the search index has it."""

    def to_record(self) -> dict[str, Any]:
        """A flat row: features become one column each, metadata stays one dict column."""
        record: dict[str, Any] = {"item_id": self.item_id, "external_id": self.external_id}
        if self.text is not None:
            record["text"] = self.text
        if self.features is not None:
            record.update({feature.name: feature.value for feature in self.features})
        record.update(
            status=self.status.value,
            gold_label=self.gold_label,
            labels=self.labels,
            score=self.score,
            highlights=self.highlights,
            metadata={entry.key: entry.value for entry in self.metadata},
            created_at=self.created_at,
        )
        return record


class MetricPoint(MetricPointFields, _Readable):
    """One point of a training curve: an epoch, a boosting iteration, trees so far, a fold, or the single fit."""

    at: datetime | None = None  # when the worker recorded it (live events only)

    @property
    def macro_f1(self) -> float | None:
        return self.macro_f_1

    @property
    def f1(self) -> float | None:
        """Span models: entity-level F1 at this step (exact match)."""
        return self.f_1


class RunEvent(FollowTrainingRunTrainingRun, _Readable):
    """One event of a training run: STATE, METRIC, PROGRESS or LOG, numbered 1, 2, … (`seq`)."""

    metric: MetricPoint | None

    @model_validator(mode="after")
    def _stamp_metric(self) -> RunEvent:
        if self.metric is not None:
            self.metric.at = self.at
        return self


class RunMetrics(RunFieldsMetrics, _Readable):
    """Final measures of a run on its held-out items (or out-of-fold predictions)."""

    @property
    def macro_f1(self) -> float | None:
        return self.macro_f_1

    @property
    def weighted_f1(self) -> float | None:
        return self.weighted_f_1

    @property
    def f1(self) -> float | None:
        """Span models: entity-level F1 (exact match, micro-averaged)."""
        return self.f_1


class Prediction(PredictPredictPrediction, _Readable):
    """Predictions of a model's production version, in the order of the inputs."""

    @property
    def labels(self) -> list[str]:
        return [row.label for row in self.rows]

    @property
    def label_sets(self) -> list[list[str]]:
        """MULTI_LABEL models: each input's labels over their per-label threshold (`row.labels` has their scores);
        `labels` then holds each set's key ("billing+bug")."""
        return [[x.label for x in _part(row, "labels")] for row in self.rows]

    @property
    def spans(self) -> list[list[dict[str, Any]]]:
        """SPANS models: each input's spans `{start, end, label, score}`, offsets in code points of its text."""
        return [
            [{"start": s.start, "end": s.end, "label": s.label, "score": s.score} for s in _part(row, "spans")]
            for row in self.rows
        ]

    def to_pandas(self) -> Any:
        """A DataFrame: `label`, `confidence`, then `p(<label>)` for each label (a span model: `spans`, each as
        (text, label, score))."""
        import pandas as pd

        records = []
        for row in self.rows:
            record: dict[str, Any] = {"label": row.label, "confidence": row.confidence}
            record.update({f"p({p.label})": p.probability for p in row.probabilities})
            if row.spans:  # a span model: its spans as (text, label, score)
                record["spans"] = [(s.text, s.label, round(s.score or 0.0, 3)) for s in row.spans]
            records.append(record)
        return pd.DataFrame(records)


def _part(row: Any, name: str) -> list[Any]:
    """A prediction row's `labels` or `spans` (PredictionRow.labels / .spans of MULTI_LABEL and SPANS models)."""
    if not hasattr(row, name):
        raise UnsupportedOperationError(
            f"this client's Predict operation does not read PredictionRow.{name}: regenerate it (`make client`) "
            "against a server with multi-label and span models"
        )
    return list(getattr(row, name) or [])
