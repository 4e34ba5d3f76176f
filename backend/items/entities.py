"""Items to label, and the one filter over them that search, export, training and the queue share."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

MetadataValue = str | int | float | bool


class ItemStatus(enum.Enum):
    UNLABELED = "UNLABELED"
    IN_PROGRESS = "IN_PROGRESS"  # fewer labels than the dataset's overlap target
    AGREED = "AGREED"
    CONFLICT = "CONFLICT"
    REVIEWED = "REVIEWED"  # an ADMIN set the gold label (or it was imported)


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled part of an item's text: characters `start` (included) to `end` (excluded), counted in Unicode
    code points of the stored text (Python's `str` indexing: an emoji is one character)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class ScoredSpan:
    """A span a model suggests, with the model's score for it (0..1)."""

    start: int
    end: int
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class LabelScore:
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotator's answer on one item. `label` is the answer's key (backend/annotations/answers.py): the label
    itself for SINGLE_LABEL; for MULTI_LABEL and SPANS a canonical text of `labels` / `spans`, equal for equal
    answers (status, majority and agreement compare keys)."""

    annotator: str
    label: str
    created_at: datetime
    updated_at: datetime
    note: str | None = None
    # Whether the label was the model's suggestion, shown to the annotator and accepted unchanged: True, False
    # (a suggestion was shown, another label was given), None (no suggestion shown, or not told by the client).
    suggestion_accepted: bool | None = None
    suggestion_model: str | None = None  # the registered model and version whose suggestion was shown
    suggestion_version: str | None = None
    labels: tuple[str, ...] = ()  # MULTI_LABEL: the chosen labels in the dataset's order; empty = none of these
    spans: tuple[Span, ...] = ()  # SPANS: by start, never overlapping; empty = nothing to mark


@dataclass(frozen=True, slots=True)
class LabelEvent:
    """One change to an item's labels, kept in its history (the last 100)."""

    at: datetime
    actor: str
    action: str  # "annotate", "delete", "gold"
    label: str | None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The production model's prediction for an item (batch scoring): shown in the workspace unless blind."""

    label: str
    confidence: float  # probability of `label`
    uncertainty: float  # 1 - (top probability - second probability): the UNCERTAINTY queue's order
    entropy: float
    model: str
    version: str
    at: datetime
    labels: tuple[LabelScore, ...] = ()  # MULTI_LABEL: the labels over their threshold, with scores; `label` is the key
    spans: tuple[ScoredSpan, ...] = ()  # SPANS: the suggested spans; `label` is their key


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to label. `revision` grows with every write; the index keeps the highest it has seen."""

    id: str  # "<dataset id>:<external id>"
    dataset_id: str
    external_id: str
    text: str | None
    features: dict[str, float] | None
    metadata: dict[str, MetadataValue]
    revision: int
    created_at: datetime
    updated_at: datetime
    annotations: tuple[Annotation, ...] = ()
    gold_label: str | None = None  # the gold answer's key (see Annotation); None: no gold answer
    status: ItemStatus = ItemStatus.UNLABELED
    history: tuple[LabelEvent, ...] = ()
    suggestion: Suggestion | None = None
    gold_labels: tuple[str, ...] = ()  # MULTI_LABEL gold answer (with gold_label set; empty = none of these)
    gold_spans: tuple[Span, ...] = ()  # SPANS gold answer (with gold_label set)


def item_id(dataset_id: str, external_id: str) -> str:
    return f"{dataset_id}:{external_id}"


@dataclass(frozen=True, slots=True)
class MetadataCondition:
    key: str
    values: tuple[str, ...]  # any of them (compared as text)


@dataclass(frozen=True, slots=True)
class MetadataRange:
    """A numeric metadata key from `minimum` (included) to `maximum` (excluded); a missing bound is open."""

    key: str
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True, slots=True)
class SpanMark:
    """SPANS: a span marked as `label` whose text is `text` (compared without case)."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class OwnWork:
    """Items that `annotator` labelled (or, with labelled False, did not): the status filter of a blind viewer."""

    annotator: str
    labelled: bool


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """Which items: every given condition must hold (values inside one condition are alternatives)."""

    text: str | None = None  # full-text query (words, "phrases", -excluded)
    statuses: tuple[ItemStatus, ...] = ()
    labels: tuple[str, ...] = ()  # labelled so by any annotator, or as gold
    gold_labels: tuple[str, ...] = ()
    annotators: tuple[str, ...] = ()
    has_gold_label: bool | None = None
    metadata: tuple[MetadataCondition, ...] = ()
    metadata_ranges: tuple[MetadataRange, ...] = ()  # ranges of one key are alternatives, as are its values
    external_ids: tuple[str, ...] = ()
    created_after: datetime | None = None
    created_before: datetime | None = None
    span_texts: tuple[str, ...] = ()  # SPANS: someone (or gold) marked one of these texts (any case)
    span_marks: tuple[SpanMark, ...] = ()  # SPANS: someone (or gold) marked one of these texts as that label
    own_work: OwnWork | None = None  # set by blind mode only (backend/annotations/visibility.py), never by input

    def describe(self) -> dict[str, Any]:
        """A JSON-friendly form (stored on jobs and training runs, for lineage)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value in (None, ()):
                continue
            if name == "statuses":
                value = [s.value for s in value]
            elif name == "metadata":
                value = [{"key": m.key, "values": list(m.values)} for m in value]
            elif name == "metadata_ranges":
                value = [{"key": r.key, "min": r.minimum, "max": r.maximum} for r in value]
            elif name == "span_marks":
                value = [{"label": m.label, "text": m.text} for m in value]
            elif name == "own_work":
                value = {"annotator": value.annotator, "labelled": value.labelled}
            elif isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


class ItemSort(enum.Enum):
    RELEVANCE = "RELEVANCE"
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"
    EXTERNAL_ID = "EXTERNAL_ID"


@dataclass(frozen=True, slots=True)
class SearchHit:
    item_id: str
    external_id: str
    text: str | None
    features: dict[str, float] | None
    metadata: dict[str, MetadataValue]
    status: ItemStatus
    gold_label: str | None
    labels: tuple[str, ...]
    annotators: tuple[str, ...]
    created_at: datetime
    highlights: tuple[str, ...]
    score: float | None
    cursor: str
    annotations: tuple[tuple[str, str], ...] = ()  # (annotator, label), for blind mode's own labels


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class RangeCount:
    minimum: float
    maximum: float  # excluded
    count: int


@dataclass(frozen=True, slots=True)
class Facets:
    labels: tuple[FacetValue, ...] = ()
    gold_labels: tuple[FacetValue, ...] = ()
    statuses: tuple[FacetValue, ...] = ()
    annotators: tuple[FacetValue, ...] = ()
    span_texts: tuple[FacetValue, ...] = ()  # SPANS: marked texts, lower-cased
    span_marks: tuple[FacetValue, ...] = ()  # SPANS: "LABEL␟text" (backend/items/documents.py span_mark)
    metadata: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    metadata_ranges: dict[str, tuple[RangeCount, ...]] = field(default_factory=dict)  # numeric keys
    labelled_by_viewer: int | None = None  # matches the viewer labelled, when the search was asked with a viewer


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    total: int
    has_next_page: bool
    facets: Facets
