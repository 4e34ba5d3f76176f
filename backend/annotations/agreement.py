"""Inter-annotator agreement: percent agreement, Cohen's kappa (two annotators), Fleiss' kappa (several).

Pure functions over (annotator → label) maps, one per item; tested against textbook examples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

ItemLabels = Mapping[str, str]  # annotator → label, for one item


def item_agreement(labels: ItemLabels) -> float | None:
    """Share of annotator pairs that agree on this item; None with fewer than two labels."""
    n = len(labels)
    if n < 2:
        return None
    counts = Counter(labels.values())
    return sum(c * (c - 1) for c in counts.values()) / (n * (n - 1))


def percent_agreement(items: Sequence[ItemLabels]) -> float | None:
    """Mean pairwise agreement over items with at least two labels."""
    values = [a for a in (item_agreement(i) for i in items) if a is not None]
    return sum(values) / len(values) if values else None


def fleiss_kappa(items: Sequence[ItemLabels]) -> float | None:
    """Fleiss' kappa over items with at least two labels (items may have different numbers of labels)."""
    rated = [i for i in items if len(i) >= 2]
    if not rated:
        return None
    observed = sum(item_agreement(i) or 0.0 for i in rated) / len(rated)
    totals: Counter[str] = Counter()
    for item in rated:
        totals.update(item.values())
    assignments = sum(totals.values())
    expected = sum((count / assignments) ** 2 for count in totals.values())
    if expected == 1.0:
        return 1.0 if observed == 1.0 else None
    return (observed - expected) / (1 - expected)


def cohen_kappa(items: Sequence[ItemLabels], first: str, second: str) -> tuple[float | None, int]:
    """Cohen's kappa of two annotators over the items both labelled, and how many those are."""
    pairs = [(i[first], i[second]) for i in items if first in i and second in i]
    if not pairs:
        return None, 0
    observed = sum(a == b for a, b in pairs) / len(pairs)
    first_counts = Counter(a for a, _ in pairs)
    second_counts = Counter(b for _, b in pairs)
    expected = sum(first_counts[k] * second_counts[k] for k in first_counts) / len(pairs) ** 2
    if expected == 1.0:
        return (1.0 if observed == 1.0 else None), len(pairs)
    return (observed - expected) / (1 - expected), len(pairs)


@dataclass(frozen=True, slots=True)
class PairKappa:
    first: str
    second: str
    kappa: float | None
    items: int
    # MULTI_LABEL: mean MASI similarity of their sets; SPANS: their exact-match span F1 (None for SINGLE_LABEL)
    similarity: float | None = None


def pairwise_cohen(items: Sequence[ItemLabels]) -> list[PairKappa]:
    """Cohen's kappa for every pair of annotators with an item in common."""
    annotators = sorted({a for i in items for a in i})
    result = []
    for first, second in combinations(annotators, 2):
        kappa, shared = cohen_kappa(items, first, second)
        if shared:
            result.append(PairKappa(first, second, kappa, shared))
    return result
