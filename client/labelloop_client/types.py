"""Typed results: dataclasses built from the API's answers (field names in snake_case)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def parse_datetime(value: Any) -> datetime | None:
    """An ISO-8601 `DateTime` of the API as an aware datetime (None stays None)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: the item as the search index has it."""

    item_id: str
    external_id: str
    text: str | None
    features: dict[str, float] | None
    metadata: dict[str, str]
    status: str
    gold_label: str | None
    labels: list[str]
    highlights: list[str]
    score: float | None
    created_at: datetime | None
    cursor: str

    @classmethod
    def from_graphql(cls, hit: dict[str, Any]) -> SearchHit:
        features = hit.get("features")
        return cls(
            item_id=hit["itemId"],
            external_id=hit["externalId"],
            text=hit.get("text"),
            features={f["name"]: f["value"] for f in features} if features is not None else None,
            metadata={m["key"]: m["value"] for m in hit.get("metadata") or []},
            status=hit["status"],
            gold_label=hit.get("goldLabel"),
            labels=list(hit.get("labels") or []),
            highlights=list(hit.get("highlights") or []),
            score=hit.get("score"),
            created_at=parse_datetime(hit.get("createdAt")),
            cursor=hit["cursor"],
        )

    def to_record(self) -> dict[str, Any]:
        """A flat row: features become one column each, metadata stays one dict column."""
        record: dict[str, Any] = {"item_id": self.item_id, "external_id": self.external_id}
        if self.text is not None:
            record["text"] = self.text
        if self.features is not None:
            record.update(self.features)
        record.update(
            status=self.status,
            gold_label=self.gold_label,
            labels=self.labels,
            score=self.score,
            highlights=self.highlights,
            metadata=self.metadata,
            created_at=self.created_at,
        )
        return record


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotator's label on an item."""

    annotator: str
    label: str
    note: str | None
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class Item:
    """An item as stored (and as the caller may see it)."""

    id: str
    dataset_id: str
    external_id: str
    text: str | None
    features: dict[str, float] | None
    status: str
    gold_label: str | None
    annotations: list[Annotation]
    agreement: float | None
    revision: int

    @classmethod
    def from_graphql(cls, item: dict[str, Any]) -> Item:
        features = item.get("features")
        return cls(
            id=item["id"],
            dataset_id=item["datasetId"],
            external_id=item["externalId"],
            text=item.get("text"),
            features={f["name"]: f["value"] for f in features} if features is not None else None,
            status=item["status"],
            gold_label=item.get("goldLabel"),
            annotations=[
                Annotation(a["annotator"], a["label"], a.get("note"), parse_datetime(a.get("updatedAt")))
                for a in item.get("annotations") or []
            ],
            agreement=item.get("agreement"),
            revision=item["revision"],
        )


@dataclass(frozen=True, slots=True)
class MetricPoint:
    """One point of a training curve: an epoch, a boosting iteration, trees so far, a fold, or the single fit."""

    step: int
    total: int | None = None
    fold: int | None = None
    loss: float | None = None
    accuracy: float | None = None
    macro_f1: float | None = None
    at: datetime | None = None  # when the worker recorded it (live events only)

    @classmethod
    def from_graphql(cls, point: dict[str, Any], at: datetime | None = None) -> MetricPoint:
        return cls(
            step=point["step"],
            total=point.get("total"),
            fold=point.get("fold"),
            loss=point.get("loss"),
            accuracy=point.get("accuracy"),
            macro_f1=point.get("macroF1"),
            at=at,
        )


@dataclass(frozen=True, slots=True)
class RunEvent:
    """One event of a training run: STATE, METRIC, PROGRESS or LOG, numbered 1, 2, … (`seq`)."""

    cursor: str
    seq: int
    at: datetime | None
    kind: str
    state: str | None = None
    message: str | None = None
    level: str | None = None
    progress: float | None = None
    metric: MetricPoint | None = None

    @classmethod
    def from_graphql(cls, event: dict[str, Any]) -> RunEvent:
        at = parse_datetime(event.get("at"))
        metric = event.get("metric")
        return cls(
            cursor=event["cursor"],
            seq=event["seq"],
            at=at,
            kind=event["kind"],
            state=event.get("state"),
            message=event.get("message"),
            level=event.get("level"),
            progress=event.get("progress"),
            metric=MetricPoint.from_graphql(metric, at) if metric else None,
        )


@dataclass(frozen=True, slots=True)
class RunMetrics:
    """Final measures of a run on its held-out items (or out-of-fold predictions)."""

    accuracy: float | None
    macro_f1: float | None
    weighted_f1: float | None
    loss: float | None

    @classmethod
    def from_graphql(cls, metrics: dict[str, Any]) -> RunMetrics:
        return cls(metrics.get("accuracy"), metrics.get("macroF1"), metrics.get("weightedF1"), metrics.get("loss"))


@dataclass(frozen=True, slots=True)
class PredictionRow:
    """The prediction for one input: the most probable label, its probability, and every label's."""

    label: str
    confidence: float
    probabilities: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Prediction:
    """Predictions of a model's production version, in the order of the inputs."""

    model: str
    version: str
    replica: str
    rows: list[PredictionRow]

    @classmethod
    def from_graphql(cls, prediction: dict[str, Any]) -> Prediction:
        return cls(
            model=prediction["model"],
            version=prediction["version"],
            replica=prediction["replica"],
            rows=[
                PredictionRow(
                    row["label"], row["confidence"], {p["label"]: p["probability"] for p in row["probabilities"]}
                )
                for row in prediction["rows"]
            ],
        )

    @property
    def labels(self) -> list[str]:
        return [row.label for row in self.rows]

    def to_pandas(self) -> Any:
        """A DataFrame: `label`, `confidence`, then `p(<label>)` for each label."""
        import pandas as pd

        records = []
        for row in self.rows:
            record: dict[str, Any] = {"label": row.label, "confidence": row.confidence}
            record.update({f"p({label})": p for label, p in row.probabilities.items()})
            records.append(record)
        return pd.DataFrame(records)


@dataclass(frozen=True, slots=True)
class PromotionEvent:
    """A change of a model's production version (kept for ever)."""

    id: str
    action: str
    version: str
    previous_version: str | None
    actor: str
    reason: str
    at: datetime | None

    @classmethod
    def from_graphql(cls, event: dict[str, Any]) -> PromotionEvent:
        return cls(
            id=event["id"],
            action=event["action"],
            version=event["version"],
            previous_version=event.get("previousVersion"),
            actor=event["actor"],
            reason=event["reason"],
            at=parse_datetime(event.get("at")),
        )
