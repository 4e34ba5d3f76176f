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
