"""Agreement figures of MULTI_LABEL and SPANS datasets, read from the index's stored answers.

- MULTI_LABEL: kappa = pooled Cohen/Fleiss over every (item, label) yes/no decision; per-label Cohen/Fleiss kappa;
  Krippendorff's alpha with the MASI distance; a pair's similarity = mean MASI. An annotator's agreement with the
  consensus = mean Jaccard of their set with `consensus_labels` of the other annotators' sets (with gold: with the
  gold set).
- SPANS: kappa = token-level Cohen/Fleiss (tokens tagged with their span's label or O); span F1 = exact-match F1
  over every pair of answers; a pair's similarity = their span F1. An annotator's agreement with the consensus =
  mean span F1 of their spans with `consensus_spans` of the other annotators' spans (with gold: the gold spans).
`percentAgreement` stays the share of annotator pairs giving exactly the same answer (equal keys).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from backend.annotations.agreement import ItemLabels, PairKappa, cohen_kappa, fleiss_kappa, item_agreement
from backend.annotations.agreement_sets import (
    ItemSets,
    LabelKappa,
    item_masi,
    krippendorff_alpha_masi,
    mean_jaccard,
    pair_masi,
    per_label_kappa,
    pooled_decisions,
)
from backend.annotations.agreement_spans import (
    ItemSpans,
    SpanReference,
    item_span_f1,
    mean_span_f1,
    overall_span_f1,
    pair_span_f1,
    token_units,
)
from backend.annotations.answers import NO_SPANS_KEY, NONE_KEY, consensus_labels, consensus_spans
from backend.datasets.entities import Dataset, TaskType
from backend.items.entities import Annotation, Span


@dataclass(frozen=True, slots=True)
class TypeFigures:
    """What a MULTI_LABEL or SPANS dataset reports beside (or instead of) the single-label figures."""

    fleiss_kappa: float | None
    cohen_kappa: float | None
    pairs: list[PairKappa]
    consensus: dict[str, float | None]  # annotator → agreement with the consensus of the others
    gold: dict[str, float | None]  # annotator → agreement with the gold answer
    label_kappas: list[LabelKappa] = field(default_factory=list)
    krippendorff_alpha_masi: float | None = None
    span_f1: float | None = None


def _spans(raw: Sequence[Sequence[Any]] | None) -> frozenset[Span]:
    return frozenset(Span(int(a), int(b), str(label)) for a, b, label in raw or ())


def _kappas(units: Sequence[ItemLabels], annotators: list[str]) -> tuple[float | None, float | None]:
    cohen = cohen_kappa(units, annotators[0], annotators[1])[0] if len(annotators) == 2 else None
    return fleiss_kappa(units), cohen


def multi_label_figures(sources: Sequence[Mapping[str, Any]], dataset: Dataset) -> TypeFigures:
    """The MULTI_LABEL figures of the dataset's annotated items (index sources with `annotations`, `gold_answer`)."""
    items: list[ItemSets] = [
        {a["annotator"]: frozenset(a.get("labels") or ()) for a in s.get("annotations") or ()} for s in sources
    ]
    golds = [
        frozenset((s.get("gold_answer") or {}).get("labels") or ()) if s.get("gold_label") is not None else None
        for s in sources
    ]
    annotators = sorted({a for item in items for a in item})
    labels = dataset.label_names
    units = pooled_decisions(items, labels)
    fleiss, cohen = _kappas(units, annotators)
    pairs = []
    for first, second in combinations(annotators, 2):
        similarity, shared = pair_masi(items, first, second)
        if shared:
            pairs.append(PairKappa(first, second, cohen_kappa(units, first, second)[0], shared, similarity))
    consensus: dict[str, float | None] = {}
    gold: dict[str, float | None] = {}
    for name in annotators:
        mine = [(item, g) for item, g in zip(items, golds, strict=True) if name in item]
        with_others = [
            (item[name], frozenset(consensus_labels([tuple(v) for k, v in item.items() if k != name])))
            for item, _ in mine
            if len(item) >= 2
        ]
        consensus[name] = mean_jaccard(with_others)
        gold[name] = mean_jaccard([(item[name], g) for item, g in mine if g is not None])
    return TypeFigures(
        fleiss_kappa=fleiss,
        cohen_kappa=cohen,
        pairs=pairs,
        consensus=consensus,
        gold=gold,
        label_kappas=per_label_kappa(items, labels),
        krippendorff_alpha_masi=krippendorff_alpha_masi(items),
    )


def spans_figures(sources: Sequence[Mapping[str, Any]]) -> TypeFigures:
    """The SPANS figures of the dataset's annotated items (index sources with `text`, `annotations`, `gold_answer`)."""
    items: list[ItemSpans] = [
        {a["annotator"]: _spans(a.get("spans")) for a in s.get("annotations") or ()} for s in sources
    ]
    texts = [str(s.get("text") or "") for s in sources]
    golds = [
        _spans((s.get("gold_answer") or {}).get("spans")) if s.get("gold_label") is not None else None for s in sources
    ]
    annotators = sorted({a for item in items for a in item})
    units = token_units(texts, items)
    fleiss, cohen = _kappas(units, annotators)
    pairs = []
    for first, second in combinations(annotators, 2):
        f1, shared = pair_span_f1(items, first, second)
        if shared:
            pairs.append(PairKappa(first, second, cohen_kappa(units, first, second)[0], shared, f1))
    consensus: dict[str, float | None] = {}
    gold: dict[str, float | None] = {}
    for name in annotators:
        mine = [(item, g) for item, g in zip(items, golds, strict=True) if name in item]
        with_others = [
            SpanReference(item[name], frozenset(consensus_spans([list(v) for k, v in item.items() if k != name])))
            for item, _ in mine
            if len(item) >= 2
        ]
        consensus[name] = mean_span_f1(with_others)
        gold[name] = mean_span_f1([SpanReference(item[name], g) for item, g in mine if g is not None])
    return TypeFigures(
        fleiss_kappa=fleiss,
        cohen_kappa=cohen,
        pairs=pairs,
        consensus=consensus,
        gold=gold,
        span_f1=overall_span_f1(items),
    )


def type_figures(sources: Sequence[Mapping[str, Any]], dataset: Dataset) -> TypeFigures | None:
    """The figures of the dataset's task type; None for SINGLE_LABEL (its report is computed on labels)."""
    if dataset.task_type is TaskType.MULTI_LABEL:
        return multi_label_figures(sources, dataset)
    if dataset.task_type is TaskType.SPANS:
        return spans_figures(sources)
    return None


def answers_agreement(annotations: Sequence[Annotation]) -> float | None:
    """An item's agreement by what its answers are: mean pairwise MASI similarity of label sets, mean pairwise span
    F1 of spans, or the share of agreeing pairs of labels. Answers with no set or spans (all "(none)" or all
    "(no spans)") fall to key equality, which scores them the same (1.0)."""
    if any(a.spans for a in annotations) and all(a.spans or a.label == NO_SPANS_KEY for a in annotations):
        return item_span_f1({a.annotator: frozenset(a.spans) for a in annotations})
    if any(a.labels for a in annotations) and all(a.labels or a.label == NONE_KEY for a in annotations):
        return item_masi({a.annotator: frozenset(a.labels) for a in annotations})
    return item_agreement({a.annotator: a.label for a in annotations})
