"""Agreement over label sets (MULTI_LABEL): per-label kappa, MASI, and Krippendorff's alpha with the MASI distance.

Pure functions over (annotator → label set) maps, one per item. A set-valued answer is not one nominal category:
"billing+bug" and "billing" mostly agree, which nominal statistics over whole sets would score as total
disagreement. So each label is also read as its own yes/no decision per item (per-label Cohen or Fleiss kappa), and
whole sets are compared with MASI (Passonneau 2006): Jaccard x a monotonicity weight (1 equal sets, 2/3 one a
subset of the other, 1/3 overlapping otherwise, 0 disjoint).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from backend.annotations.agreement import ItemLabels, cohen_kappa, fleiss_kappa

ItemSets = Mapping[str, frozenset[str]]  # annotator → chosen labels (empty: "none of these"), for one item

YES, NO = "yes", "no"


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b|; two empty sets (both "none of these") agree fully."""
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def masi_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """MASI = Jaccard x monotonicity (1 identical, 2/3 subset, 1/3 overlap, 0 disjoint)."""
    if a == b:
        return 1.0
    if a <= b or b <= a:
        monotonicity = 2 / 3
    elif a & b:
        monotonicity = 1 / 3
    else:
        return 0.0
    return jaccard(a, b) * monotonicity


def masi_distance(a: frozenset[str], b: frozenset[str]) -> float:
    return 1.0 - masi_similarity(a, b)


def item_masi(sets: ItemSets) -> float | None:
    """Mean MASI similarity over the item's annotator pairs; None with fewer than two answers."""
    values = list(sets.values())
    if len(values) < 2:
        return None
    pairs = list(combinations(values, 2))
    return sum(masi_similarity(a, b) for a, b in pairs) / len(pairs)


def krippendorff_alpha_masi(items: Sequence[ItemSets]) -> float | None:
    """Krippendorff's alpha with the MASI distance: 1 - D_o / D_e over the pairable values (items answered twice
    or more). D_o = (1/n) Σ_u 1/(m_u - 1) Σ_{ordered pairs in u} δ; D_e = 1/(n(n - 1)) Σ_{ordered pairs of all n
    values} δ. None when nothing is pairable; 1.0 when every value is the same set (no disagreement possible)."""
    units = [list(u.values()) for u in items if len(u) >= 2]
    n = sum(len(u) for u in units)
    if n == 0:
        return None
    observed = 0.0
    for values in units:
        pair_sum = sum(masi_distance(a, b) for a, b in combinations(values, 2)) * 2  # ordered pairs
        observed += pair_sum / (len(values) - 1)
    observed /= n
    counts = Counter(v for u in units for v in u)
    distinct = list(counts)
    expected = sum(counts[a] * counts[b] * masi_distance(a, b) for a, b in combinations(distinct, 2)) * 2
    expected /= n * (n - 1)
    if expected == 0.0:
        return 1.0 if observed == 0.0 else None
    return 1.0 - observed / expected


def label_decisions(items: Sequence[ItemSets], label: str) -> list[ItemLabels]:
    """Each item as annotator → "yes"/"no": did they choose `label`."""
    return [{a: YES if label in chosen else NO for a, chosen in item.items()} for item in items]


@dataclass(frozen=True, slots=True)
class LabelKappa:
    label: str
    cohen_kappa: float | None  # when exactly two annotators answered the dataset
    fleiss_kappa: float | None
    chosen: int  # how many answers chose it


def per_label_kappa(items: Sequence[ItemSets], labels: Sequence[str]) -> list[LabelKappa]:
    """Per label: Cohen's kappa (two annotators in all) and Fleiss' kappa of its yes/no decisions."""
    annotators = sorted({a for item in items for a in item})
    result = []
    for label in labels:
        decisions = label_decisions(items, label)
        cohen = cohen_kappa(decisions, annotators[0], annotators[1])[0] if len(annotators) == 2 else None
        chosen = sum(label in s for item in items for s in item.values())
        result.append(LabelKappa(label, cohen, fleiss_kappa(decisions), chosen))
    return result


def pooled_decisions(items: Sequence[ItemSets], labels: Sequence[str]) -> list[ItemLabels]:
    """Every (item, label) as one yes/no unit: the pooled kappa of all labels' decisions."""
    return [unit for label in labels for unit in label_decisions(items, label)]


def mean_jaccard(pairs: Sequence[tuple[frozenset[str], frozenset[str]]]) -> float | None:
    """Mean Jaccard of (own, reference) sets: an annotator's agreement with the consensus or the gold set."""
    return sum(jaccard(a, b) for a, b in pairs) / len(pairs) if pairs else None


def pair_masi(items: Sequence[ItemSets], first: str, second: str) -> tuple[float | None, int]:
    """Mean MASI similarity of two annotators over the items both answered, and how many those are."""
    shared = [(i[first], i[second]) for i in items if first in i and second in i]
    if not shared:
        return None, 0
    return sum(masi_similarity(a, b) for a, b in shared) / len(shared), len(shared)
