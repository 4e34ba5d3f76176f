"""An item's workflow status, derived from its annotations, gold label and the dataset's overlap target."""

from __future__ import annotations

from collections.abc import Sequence

from backend.items.entities import Annotation, ItemStatus


def derive_status(annotations: Sequence[Annotation], gold_label: str | None, overlap_target: int) -> ItemStatus:
    """UNLABELED → IN_PROGRESS (fewer labels than the target) → AGREED or CONFLICT → REVIEWED (gold set)."""
    if gold_label is not None:
        return ItemStatus.REVIEWED
    if not annotations:
        return ItemStatus.UNLABELED
    if len(annotations) < overlap_target:
        return ItemStatus.IN_PROGRESS
    return ItemStatus.AGREED if len({a.label for a in annotations}) == 1 else ItemStatus.CONFLICT


def consensus(annotations: Sequence[Annotation]) -> str | None:
    """The label most annotators gave, or None when there is none or a tie."""
    counts: dict[str, int] = {}
    for annotation in annotations:
        counts[annotation.label] = counts.get(annotation.label, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]
