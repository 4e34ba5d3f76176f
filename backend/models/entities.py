"""Registered models, their versions, promotions and predictions."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from backend.items.entities import LabelScore, ScoredSpan

PRODUCTION = "production"  # the MLflow alias that serving follows


class PredictionSource(enum.Enum):
    """Where a prediction came from: only PRODUCTION traffic counts in monitoring and feeds the feedback loop."""

    PRODUCTION = "PRODUCTION"
    PLAYGROUND = "PLAYGROUND"  # the SPA's playground page
    TEST = "TEST"  # tests, smoke checks, notebooks trying the model
    PINNED = "PINNED"  # an ADMIN's call naming a version or an alias (backend/models/routing.py)
    SHADOW = "SHADOW"  # the challenger scoring a share of production calls, never returned (backend/models/shadow.py)


class PromotionMode(enum.Enum):
    """What promotion does with a candidate version: AUTO promotes when the gate passes (else leaves a proposal);
    PROPOSE never promotes and always leaves a proposal for an ADMIN to accept or decline."""

    AUTO = "AUTO"
    PROPOSE = "PROPOSE"


class PromotionAction(enum.Enum):
    PROMOTE = "PROMOTE"
    ROLLBACK = "ROLLBACK"


@dataclass(frozen=True, slots=True)
class PromotionEvent:
    """One change of a model's production version: permanent (insert-only)."""

    id: str  # "<model>:<sequence>"
    model: str
    sequence: int
    action: PromotionAction
    version: str
    previous_version: str | None
    actor: str
    reason: str
    at: datetime
    run_id: str | None  # the training run behind the version
    metrics: dict[str, float] = field(default_factory=dict)  # its metrics when promoted
    gate: dict[str, Any] | None = None  # the promotion gate's verdict and figures (None: no gate, e.g. rollback)
    override_reason: str | None = None  # an ADMIN accepted a proposal whose gate failed, and why
    job_id: str | None = None  # the PROMOTION job that made the change


@dataclass(frozen=True, slots=True)
class ModelVersion:
    name: str
    version: str
    created_at: datetime
    run_id: str | None  # ours (training run), from the version's tags
    mlflow_run_id: str | None
    source: str
    aliases: tuple[str, ...]
    tags: dict[str, str]


@dataclass(frozen=True, slots=True)
class RegisteredModel:
    name: str
    production_version: str | None
    latest_version: str | None
    version_count: int
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class PredictionRow:
    label: str  # MULTI_LABEL: the set's key
    confidence: float
    probabilities: tuple[tuple[str, float], ...]
    labels: tuple[LabelScore, ...] | None = None  # MULTI_LABEL: the labels over their threshold, with scores
    spans: tuple[ScoredSpan, ...] = ()  # a span model's spans (`label` is then their key)
    text: str = ""  # a span model's input text (the spans' text is cut from it)


@dataclass(frozen=True, slots=True)
class PredictionBatch:
    model: str
    version: str
    replica: str
    rows: tuple[PredictionRow, ...]
    latency_ms: float
    ids: tuple[str, ...] = ()  # the prediction log's id of each row (a shadow prediction names its pair by it)


@dataclass(frozen=True, slots=True)
class ChampionRow:
    """What a shadow prediction keeps of the production prediction it pairs with (for the comparison)."""

    prediction_id: str
    version: str
    label: str
    confidence: float


@dataclass(frozen=True, slots=True)
class PredictionRecord:
    """What the prediction log keeps of one row (insert-only in MongoDB, aggregated in Elasticsearch)."""

    id: str
    model: str
    version: str
    replica: str
    at: datetime
    label: str
    confidence: float
    latency_ms: float
    input_digest: str
    text: str | None = None  # kept for the feedback loop (text models), bounded
    features: dict[str, Any] | None = None
    source: PredictionSource = PredictionSource.PRODUCTION
    champion: ChampionRow | None = None  # set on SHADOW records: the production prediction of the same input
    labels: tuple[str, ...] | None = None  # MULTI_LABEL: the predicted set (`label` is its key)
    spans: tuple[ScoredSpan, ...] = ()  # a span model's spans (`label` is their key)
