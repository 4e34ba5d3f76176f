"""GraphQL types of an item (with its labels, history and suggestion) and the shared ItemFilter input."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.annotations.report_types import answers_agreement
from backend.graphql.enums import described_enum
from backend.items import entities

described_enum(
    entities.ItemStatus,
    name="ItemStatus",
    description="Where an item is in the annotation workflow: UNLABELED → IN_PROGRESS → AGREED or CONFLICT → REVIEWED.",
    values={
        entities.ItemStatus.UNLABELED: "Nobody has labelled it yet.",
        entities.ItemStatus.IN_PROGRESS: "Labelled, but by fewer annotators than the dataset's overlap target.",
        entities.ItemStatus.AGREED: "Enough annotators labelled it, and they agree.",
        entities.ItemStatus.CONFLICT: "Enough annotators labelled it, and they disagree: waiting for a reviewer.",
        entities.ItemStatus.REVIEWED: "A reviewer set its gold label (or the import carried one).",
    },
)
described_enum(
    entities.ItemSort,
    name="ItemSort",
    description="Order of search results.",
    values={
        entities.ItemSort.RELEVANCE: "Best match of the full-text query first; without a query, NEWEST.",
        entities.ItemSort.NEWEST: "Most recently imported first.",
        entities.ItemSort.OLDEST: "First imported first.",
        entities.ItemSort.EXTERNAL_ID: "By external id, in string order.",
    },
)


@strawberry.input(description="One metadata condition: the key has any of the values (compared as text).")
class MetadataConditionInput:
    key: str = strawberry.field(description="The metadata key to test.")
    values: list[str] = strawberry.field(description="The values accepted (any of them matches), compared as text.")


@strawberry.input(description="A range of a numeric metadata key: from `min` (included) to `max` (excluded).")
class MetadataRangeInput:
    key: str = strawberry.field(description="The numeric metadata key to test.")
    min: float | None = strawberry.field(default=None, description="Lower bound, included (null: open).")
    max: float | None = strawberry.field(default=None, description="Upper bound, excluded (null: open).")


@strawberry.input(description="SPANS: a span marked with `label` over the text `text` (compared without case).")
class SpanMarkInput:
    label: str = strawberry.field(description="The span's label, e.g. LOCATION.")
    text: str = strawberry.field(description="The marked text, e.g. Paris (any case; outer spaces ignored).")


@strawberry.input(
    description="Which items. Every given condition must hold; values within one condition are alternatives. "
    "The one filter that search, export, training sets and the annotation queue share."
)
class ItemFilter:
    text: str | None = strawberry.field(
        default=None, description='Full-text query on the item text: words (all required), "phrases", -excluded.'
    )
    statuses: list[entities.ItemStatus] | None = strawberry.field(
        default=None,
        description="Any of these statuses. In a blind dataset an annotator may ask only UNLABELED (not labelled by "
        "them) and IN_PROGRESS (labelled by them); `labels`, `goldLabels`, `annotators` and `hasGoldLabel` are for "
        "reviewers there.",
    )
    labels: list[str] | None = strawberry.field(default=None, description="Labelled so by anyone, or as gold.")
    gold_labels: list[str] | None = strawberry.field(default=None, description="With one of these gold labels.")
    annotators: list[str] | None = strawberry.field(default=None, description="Labelled by any of these users.")
    has_gold_label: bool | None = strawberry.field(default=None, description="With (true) or without a gold label.")
    metadata: list[MetadataConditionInput] | None = strawberry.field(
        default=None, description="Metadata conditions, all of which must hold."
    )
    metadata_ranges: list[MetadataRangeInput] | None = strawberry.field(
        default=None,
        description="Numeric metadata ranges. Ranges and values of the same key are alternatives; keys combine.",
    )
    span_texts: list[str] | None = strawberry.field(
        default=None,
        description="SPANS: someone (or gold) marked one of these texts, as any label (any case). For reviewers in "
        "blind datasets.",
    )
    span_marks: list[SpanMarkInput] | None = strawberry.field(
        default=None,
        description="SPANS: someone (or gold) marked one of these texts as that label, e.g. Paris as LOCATION "
        "(alternatives; any case). For reviewers in blind datasets.",
    )
    external_ids: list[str] | None = strawberry.field(default=None, description="Only these external ids.")
    created_after: datetime | None = strawberry.field(default=None, description="Imported after this instant.")
    created_before: datetime | None = strawberry.field(default=None, description="Imported before this instant.")

    def to_entity(self) -> entities.ItemFilter:
        return entities.ItemFilter(
            text=self.text.strip() if self.text and self.text.strip() else None,
            statuses=tuple(self.statuses or ()),
            labels=tuple(self.labels or ()),
            gold_labels=tuple(self.gold_labels or ()),
            annotators=tuple(self.annotators or ()),
            has_gold_label=self.has_gold_label,
            metadata=tuple(entities.MetadataCondition(m.key, tuple(m.values)) for m in self.metadata or ()),
            metadata_ranges=tuple(entities.MetadataRange(r.key, r.min, r.max) for r in self.metadata_ranges or ()),
            span_texts=tuple(self.span_texts or ()),
            span_marks=tuple(entities.SpanMark(m.label, m.text) for m in self.span_marks or ()),
            external_ids=tuple(self.external_ids or ()),
            created_after=self.created_after,
            created_before=self.created_before,
        )


def filter_entity(item_filter: ItemFilter | None, query: str | None = None) -> entities.ItemFilter:
    """The entity of an optional filter input, with an optional full-text query added to it."""
    base = item_filter.to_entity() if item_filter else entities.ItemFilter()
    if query and query.strip():
        text = f"{base.text} {query.strip()}" if base.text else query.strip()
        return entities.ItemFilter(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, "text": text})
    return base


@strawberry.type(description="A metadata key and its value.")
class MetadataEntry:
    key: str = strawberry.field(description="The metadata key, as imported.")
    value: str = strawberry.field(description="Value, as text.")


@strawberry.type(description="A named feature value of a TABULAR item.")
class FeatureValue:
    name: str = strawberry.field(description="The feature's name, as in the dataset's `featureNames`.")
    value: float = strawberry.field(description="The feature's value for this item.")


def _metadata(metadata: dict[str, entities.MetadataValue]) -> list[MetadataEntry]:
    return [MetadataEntry(key=k, value=str(v)) for k, v in sorted(metadata.items())]


def _features(features: dict[str, float] | None) -> list[FeatureValue] | None:
    return None if features is None else [FeatureValue(name=k, value=v) for k, v in features.items()]


@strawberry.type(description="A labelled part of an item's text (offsets in Unicode code points).")
class Span:
    start: int = strawberry.field(description="Offset of its first character, in code points of the stored text.")
    end: int = strawberry.field(description="Offset just past its last character (excluded).")
    label: str = strawberry.field(description="The entity label, one of the dataset's.")
    text: str = strawberry.field(description="The marked text: the item's text from start to end.")
    score: float | None = strawberry.field(
        default=None, description="A model's score for the span, 0 to 1 (suggestions only; null for human spans)."
    )


@strawberry.type(description="A label of a multi-label suggestion with the model's score.")
class LabelScore:
    label: str = strawberry.field(description="One of the dataset's labels.")
    score: float = strawberry.field(description="The model's probability that the label applies, 0 to 1.")


def spans_of(text: str | None, spans: tuple[entities.Span, ...] | tuple[entities.ScoredSpan, ...]) -> list[Span]:
    body = text or ""
    return [
        Span(start=s.start, end=s.end, label=s.label, text=body[s.start : s.end], score=getattr(s, "score", None))
        for s in spans
    ]


@strawberry.type(description="One annotator's label on an item.")
class Annotation:
    annotator: str = strawberry.field(description="Username of the annotator.")
    label: str = strawberry.field(
        description="SINGLE_LABEL: the label given. MULTI_LABEL and SPANS: the answer's key, a canonical text equal "
        "for equal answers (labels joined by '+' or '(none)'; spans as 'start-end:LABEL' or '(no spans)')."
    )
    labels: list[str] = strawberry.field(
        description="MULTI_LABEL: the labels chosen, in the dataset's order (empty: none of these)."
    )
    spans: list[Span] = strawberry.field(description="SPANS: the spans marked, by start (empty: nothing marked).")
    note: str | None = strawberry.field(description="The annotator's note.")
    created_at: datetime = strawberry.field(description="When it was first given.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    suggestion_accepted: bool | None = strawberry.field(
        description="True when the label is the model's suggestion, shown and accepted unchanged; false when a "
        "suggestion was shown and another label chosen; null when none was shown (or the client did not say)."
    )
    suggestion_model: str | None = strawberry.field(
        description="The registered model whose suggestion was shown with the item, when one was."
    )
    suggestion_version: str | None = strawberry.field(
        description="Its version that made the suggestion shown, when one was."
    )


@strawberry.type(description="One change to an item's labels.")
class LabelEvent:
    at: datetime = strawberry.field(description="When the change was made.")
    actor: str = strawberry.field(description="The username of who made the change.")
    action: str = strawberry.field(description="annotate, delete (comment: whose) or gold.")
    label: str | None = strawberry.field(description="The label set, if any.")
    comment: str | None = strawberry.field(description="The note, or the reviewer's comment.")


@strawberry.type(description="The production model's prediction for an item (from batch scoring).")
class Suggestion:
    label: str = strawberry.field(description="The predicted label.")
    confidence: float = strawberry.field(description="The model's probability for the suggested label, 0 to 1.")
    uncertainty: float = strawberry.field(description="1 - (top probability - second): the UNCERTAINTY order.")
    entropy: float = strawberry.field(description="Entropy of the predicted probabilities (nats).")
    model: str = strawberry.field(description="The registered model.")
    version: str = strawberry.field(description="Its version that scored the item.")
    at: datetime = strawberry.field(description="When batch scoring made the suggestion.")
    labels: list[LabelScore] = strawberry.field(
        description="MULTI_LABEL: the labels over their threshold, with scores (`label` is their key)."
    )
    spans: list[Span] = strawberry.field(description="SPANS: the suggested spans with scores (`label` is their key).")

    @classmethod
    def from_entity(cls, s: entities.Suggestion, text: str | None = None) -> Suggestion:
        return cls(
            labels=[LabelScore(label=x.label, score=x.score) for x in s.labels],
            spans=spans_of(text, s.spans),
            label=s.label,
            confidence=s.confidence,
            uncertainty=s.uncertainty,
            entropy=s.entropy,
            model=s.model,
            version=s.version,
            at=s.at,
        )


@strawberry.type(description="An item to label.")
class Item:
    id: strawberry.ID = strawberry.field(description="'<dataset id>:<external id>'.")
    dataset_id: strawberry.ID = strawberry.field(description="The dataset the item belongs to.")
    external_id: str = strawberry.field(description="The id it was imported with (unique in its dataset).")
    text: str | None = strawberry.field(description="TEXT datasets: the text.")
    features: list[FeatureValue] | None = strawberry.field(description="TABULAR datasets: the feature values.")
    metadata: list[MetadataEntry] = strawberry.field(description="Metadata, by key.")
    status: entities.ItemStatus = strawberry.field(
        description="Workflow status. In a blind dataset an annotator sees their own work: UNLABELED (not labelled "
        "by them) or IN_PROGRESS (labelled by them)."
    )
    gold_label: str | None = strawberry.field(
        description="The reviewed (or imported) label, if any (MULTI_LABEL, SPANS: the gold answer's key); hidden "
        "from annotators in blind datasets."
    )
    gold_labels: list[str] = strawberry.field(description="MULTI_LABEL: the gold set (with `goldLabel` set).")
    gold_spans: list[Span] = strawberry.field(description="SPANS: the gold spans (with `goldLabel` set).")
    annotations: list[Annotation] = strawberry.field(
        description="Labels given, one per annotator; in a blind dataset an annotator sees only their own."
    )
    history: list[LabelEvent] = strawberry.field(
        description="The last 100 changes to its labels (in a blind dataset, an annotator's own only)."
    )
    agreement: float | None = strawberry.field(
        description="Share of its annotator pairs that agree (MULTI_LABEL: mean pairwise MASI similarity of the "
        "sets; SPANS: mean pairwise exact-match span F1); null with fewer than two labels (or in blind mode)."
    )
    suggestion: Suggestion | None = strawberry.field(
        description="The production model's suggestion, once batch scoring ran; hidden from annotators in blind "
        "datasets."
    )
    revision: int = strawberry.field(description="Grows with every change; the search index keeps the highest.")
    created_at: datetime = strawberry.field(description="When it was first imported.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_entity(cls, item: entities.Item) -> Item:
        return cls(
            id=strawberry.ID(item.id),
            dataset_id=strawberry.ID(item.dataset_id),
            external_id=item.external_id,
            text=item.text,
            features=_features(item.features),
            metadata=_metadata(item.metadata),
            status=item.status,
            gold_label=item.gold_label,
            gold_labels=list(item.gold_labels),
            gold_spans=spans_of(item.text, item.gold_spans),
            annotations=[
                Annotation(
                    annotator=a.annotator,
                    label=a.label,
                    labels=list(a.labels),
                    spans=spans_of(item.text, a.spans),
                    note=a.note,
                    created_at=a.created_at,
                    updated_at=a.updated_at,
                    suggestion_accepted=a.suggestion_accepted,
                    suggestion_model=a.suggestion_model,
                    suggestion_version=a.suggestion_version,
                )
                for a in item.annotations
            ],
            history=[
                LabelEvent(at=e.at, actor=e.actor, action=e.action, label=e.label, comment=e.comment)
                for e in item.history
            ],
            agreement=answers_agreement(item.annotations),
            suggestion=Suggestion.from_entity(item.suggestion, item.text) if item.suggestion else None,
            revision=item.revision,
            created_at=item.created_at,
            updated_at=item.updated_at,
        )
