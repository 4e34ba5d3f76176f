"""Agreement of a dataset: overall figures, pairs of annotators, and each annotator's work."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from backend.annotations.agreement import (
    ItemLabels,
    PairKappa,
    cohen_kappa,
    fleiss_kappa,
    pairwise_cohen,
    percent_agreement,
)
from backend.annotations.agreement_sets import LabelKappa
from backend.annotations.report_types import type_figures
from backend.datasets.entities import TaskType
from backend.datasets.service import DatasetService
from backend.items.store import ItemStore


@dataclass(frozen=True, slots=True)
class AnnotatorFigures:
    annotator: str
    labels: int
    per_hour: float | None  # labels per hour between their first and last label
    agreement_with_consensus: float | None  # share of their labels equal to the majority of the others
    agreement_with_gold: float | None  # share of their labels equal to the gold label
    # Suggestions one key away: labels given while the model's suggestion was shown, and those that were it
    # accepted unchanged; the acceptance rate is accepted / shown (labels given with no suggestion shown, or by a
    # client that did not say, do not count).
    suggestions_shown: int = 0
    suggestions_accepted: int = 0

    @property
    def acceptance_rate(self) -> float | None:
        return _share(self.suggestions_accepted, self.suggestions_shown)


@dataclass(frozen=True, slots=True)
class AgreementReport:
    items_labelled: int
    items_compared: int  # with two labels or more
    percent_agreement: float | None
    fleiss_kappa: float | None
    cohen_kappa: float | None  # when exactly two annotators labelled the dataset
    pairs: list[PairKappa]
    annotators: list[AnnotatorFigures]
    task_type: TaskType = TaskType.SINGLE_LABEL
    # MULTI_LABEL (backend/annotations/report_types.py): per-label kappa, Krippendorff's alpha with MASI
    label_kappas: list[LabelKappa] = field(default_factory=list)
    krippendorff_alpha_masi: float | None = None
    span_f1: float | None = None  # SPANS: exact-match span F1 over every pair of answers


def _majority_of_others(labels: ItemLabels, me: str) -> str | None:
    counts: dict[str, int] = {}
    for annotator, label in labels.items():
        if annotator != me:
            counts[label] = counts.get(label, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return None
    return max(counts, key=lambda k: counts[k])


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


class AgreementService:
    def __init__(self, datasets: DatasetService, items: ItemStore) -> None:
        self._datasets = datasets
        self._items = items

    async def report(self, dataset_id: str) -> AgreementReport:
        """The figures over every labelled item (read from the index: one pass, no MongoDB scan)."""
        dataset = await self._datasets.get(dataset_id)
        sources: list[dict[str, Any]] = []
        items: list[ItemLabels] = []
        golds: list[str | None] = []
        times: dict[str, list[datetime]] = {}
        shown: Counter[str] = Counter()
        accepted: Counter[str] = Counter()
        async for page in self._items.annotated(dataset_id, with_text=dataset.task_type is TaskType.SPANS):
            sources.extend(page)
            for source in page:
                annotations: list[dict[str, Any]] = source.get("annotations") or []
                items.append({a["annotator"]: a["label"] for a in annotations})
                golds.append(source.get("gold_label"))
                for a in annotations:
                    times.setdefault(a["annotator"], []).append(datetime.fromisoformat(a["at"]))
                    if a.get("accepted") is not None:  # a suggestion was shown with the item
                        shown[a["annotator"]] += 1
                        accepted[a["annotator"]] += a["accepted"] is True
        annotators = sorted(times)
        cohen = cohen_kappa(items, annotators[0], annotators[1])[0] if len(annotators) == 2 else None
        report = AgreementReport(
            items_labelled=len(items),
            items_compared=sum(1 for i in items if len(i) >= 2),
            percent_agreement=percent_agreement(items),
            fleiss_kappa=fleiss_kappa(items),
            cohen_kappa=cohen,
            pairs=pairwise_cohen(items),
            annotators=[
                replace(
                    self._figures(name, items, golds, times[name]),
                    suggestions_shown=shown[name],
                    suggestions_accepted=accepted[name],
                )
                for name in annotators
            ],
        )
        by_type = type_figures(sources, dataset)
        if by_type is None:
            return report
        return replace(
            report,
            task_type=dataset.task_type,
            fleiss_kappa=by_type.fleiss_kappa,
            cohen_kappa=by_type.cohen_kappa,
            pairs=by_type.pairs,
            annotators=[
                replace(
                    a,
                    agreement_with_consensus=by_type.consensus[a.annotator],
                    agreement_with_gold=by_type.gold[a.annotator],
                )
                for a in report.annotators
            ],
            label_kappas=by_type.label_kappas,
            krippendorff_alpha_masi=by_type.krippendorff_alpha_masi,
            span_f1=by_type.span_f1,
        )

    @staticmethod
    def _figures(name: str, items: list[ItemLabels], golds: list[str | None], at: list[datetime]) -> AnnotatorFigures:
        mine = [(labels, gold) for labels, gold in zip(items, golds, strict=True) if name in labels]
        with_consensus = [(lb[name], _majority_of_others(lb, name)) for lb, _ in mine]
        with_consensus = [(own, majority) for own, majority in with_consensus if majority is not None]
        with_gold = [(lb[name], gold) for lb, gold in mine if gold is not None]
        span_h = (max(at) - min(at)).total_seconds() / 3600 if len(at) > 1 else 0.0
        return AnnotatorFigures(
            annotator=name,
            labels=len(mine),
            per_hour=len(mine) / span_h if span_h > 0 else None,
            agreement_with_consensus=_share(sum(a == b for a, b in with_consensus), len(with_consensus)),
            agreement_with_gold=_share(sum(a == b for a, b in with_gold), len(with_gold)),
        )
