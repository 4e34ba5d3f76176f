"""GraphQL types of the agreement report (single labels, label sets and spans)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.annotations.report import AgreementReport
from backend.datasets.entities import TaskType
from backend.datasets.schema import DatasetNotFoundError


@strawberry.type(description="MULTI_LABEL: agreement on one label, read as a yes/no decision per item.")
class LabelKappa:
    label: str = strawberry.field(description="The label whose yes/no decisions are compared.")
    cohen_kappa: float | None = strawberry.field(
        description="Cohen's kappa of its yes/no decisions, when exactly two annotators answered the dataset."
    )
    fleiss_kappa: float | None = strawberry.field(description="Fleiss' kappa of its yes/no decisions.")
    chosen: int = strawberry.field(description="How many answers chose it.")


@strawberry.type(description="Cohen's kappa of two annotators over the items both labelled.")
class AnnotatorPair:
    first: str = strawberry.field(description="The username of one annotator of the pair.")
    second: str = strawberry.field(description="The username of the other annotator of the pair.")
    kappa: float | None = strawberry.field(
        description="Cohen's kappa; null when undefined (one label only). MULTI_LABEL: pooled over every (item, "
        "label) yes/no decision; SPANS: token-level (each token tagged with its span's label, or O)."
    )
    items: int = strawberry.field(description="Items both labelled.")
    similarity: float | None = strawberry.field(
        description="MULTI_LABEL: mean MASI similarity of their label sets; SPANS: their exact-match span F1 "
        "(2·shared spans / all their spans, over the items both answered); null for SINGLE_LABEL."
    )


@strawberry.type(description="One annotator's work.")
class AnnotatorStats:
    annotator: str = strawberry.field(description="The annotator's username.")
    labels: int = strawberry.field(description="How many labels the annotator gave in this dataset.")
    per_hour: float | None = strawberry.field(description="Pace: labels per hour between their first and last.")
    agreement_with_consensus: float | None = strawberry.field(
        description="Share of their labels equal to the majority of the other annotators of the item. MULTI_LABEL: "
        "mean Jaccard of their set with the others' consensus set; SPANS: mean span F1 with the others' consensus "
        "spans (consensus rules: docs/annotation.md)."
    )
    agreement_with_gold: float | None = strawberry.field(
        description="Share of their labels equal to the gold label (MULTI_LABEL: mean Jaccard with the gold set; "
        "SPANS: mean span F1 with the gold spans)."
    )
    suggestions_shown: int = strawberry.field(
        description="Labels they gave while the workspace showed the model's suggestion (recorded since suggestions "
        "are pre-selected)."
    )
    suggestions_accepted: int = strawberry.field(description="Of those, the suggestion accepted unchanged.")
    acceptance_rate: float | None = strawberry.field(
        description="suggestionsAccepted / suggestionsShown; null when no suggestion was shown to them."
    )


@strawberry.type(description="Inter-annotator agreement of a dataset.")
class Agreement:
    items_labelled: int = strawberry.field(description="Items with at least one label.")
    items_compared: int = strawberry.field(description="Items with two labels or more (the figures use these).")
    task_type: TaskType = strawberry.field(description="The dataset's task type: which figures below apply.")
    percent_agreement: float | None = strawberry.field(
        description="Mean share of annotator pairs per item giving exactly the same answer (label, set or spans)."
    )
    fleiss_kappa: float | None = strawberry.field(
        description="Fleiss' kappa (several annotators). MULTI_LABEL: pooled over every (item, label) yes/no "
        "decision; SPANS: token-level."
    )
    cohen_kappa: float | None = strawberry.field(
        description="Cohen's kappa, when exactly two annotators labelled the dataset (see `pairs` otherwise); "
        "pooled (MULTI_LABEL) or token-level (SPANS) as `fleissKappa`."
    )
    label_kappas: list[LabelKappa] = strawberry.field(
        description="MULTI_LABEL: Cohen's and Fleiss' kappa of each label (empty for the other task types)."
    )
    krippendorff_alpha_masi: float | None = strawberry.field(
        description="MULTI_LABEL: Krippendorff's alpha with the MASI distance between label sets."
    )
    span_f1: float | None = strawberry.field(
        description="SPANS: exact-match span F1 over every pair of answers to the same item (same start, end, label)."
    )
    pairs: list[AnnotatorPair] = strawberry.field(description="Cohen's kappa of every pair with items in common.")
    annotators: list[AnnotatorStats] = strawberry.field(description="Each annotator's counts, pace and agreement.")


AgreementResult = Annotated[
    Agreement | DatasetNotFoundError, strawberry.union("AgreementResult", description="Result of `agreement`.")
]


def agreement_of(report: AgreementReport) -> Agreement:
    """The GraphQL form of an agreement report."""
    return Agreement(
        items_labelled=report.items_labelled,
        items_compared=report.items_compared,
        task_type=report.task_type,
        label_kappas=[
            LabelKappa(label=k.label, cohen_kappa=k.cohen_kappa, fleiss_kappa=k.fleiss_kappa, chosen=k.chosen)
            for k in report.label_kappas
        ],
        krippendorff_alpha_masi=report.krippendorff_alpha_masi,
        span_f1=report.span_f1,
        percent_agreement=report.percent_agreement,
        fleiss_kappa=report.fleiss_kappa,
        cohen_kappa=report.cohen_kappa,
        pairs=[
            AnnotatorPair(first=p.first, second=p.second, kappa=p.kappa, items=p.items, similarity=p.similarity)
            for p in report.pairs
        ],
        annotators=[
            AnnotatorStats(
                annotator=a.annotator,
                labels=a.labels,
                per_hour=a.per_hour,
                agreement_with_consensus=a.agreement_with_consensus,
                agreement_with_gold=a.agreement_with_gold,
                suggestions_shown=a.suggestions_shown,
                suggestions_accepted=a.suggestions_accepted,
                acceptance_rate=a.acceptance_rate,
            )
            for a in report.annotators
        ],
    )
