"""Agreement over spans (SPANS): exact-match span F1 and token-level kappa.

Pure functions over (annotator → spans) maps, one per item. Span F1 counts a span as shared only when both marked
exactly it (same start, end and label): 2·|A ∩ B| / (|A| + |B|), summed over the items of a pair (micro). Two
answers with no spans agree fully (F1 1.0: nothing to mark, and both saw so). Token-level kappa reads each token of
the text as one unit tagged with the label of the span it falls in, or O, and feeds those units to Cohen's kappa
(a pair) or Fleiss' kappa (all annotators): it credits partly overlapping spans that exact match does not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from backend.annotations.agreement import ItemLabels
from backend.items.entities import Span

ItemSpans = Mapping[str, frozenset[Span]]  # annotator → spans marked, for one item
OUTSIDE = "O"
# A token: a run of word characters, or one other non-space character (punctuation, a symbol, an emoji).
TOKEN = re.compile(r"\w+|[^\w\s]")


def span_f1(a: frozenset[Span], b: frozenset[Span]) -> float:
    """2·|a ∩ b| / (|a| + |b|); 1.0 when neither marked anything."""
    total = len(a) + len(b)
    return 2 * len(a & b) / total if total else 1.0


def item_span_f1(answers: ItemSpans) -> float | None:
    """Mean span F1 over the item's annotator pairs; None with fewer than two answers."""
    values = list(answers.values())
    if len(values) < 2:
        return None
    pairs = list(combinations(values, 2))
    return sum(span_f1(a, b) for a, b in pairs) / len(pairs)


def micro_span_f1(pairs: Sequence[tuple[frozenset[Span], frozenset[Span]]]) -> float | None:
    """2·Σ|A ∩ B| / Σ(|A| + |B|) over answer pairs; None without pairs, 1.0 when none marked anything."""
    if not pairs:
        return None
    total = sum(len(a) + len(b) for a, b in pairs)
    return 2 * sum(len(a & b) for a, b in pairs) / total if total else 1.0


def pair_span_f1(items: Sequence[ItemSpans], first: str, second: str) -> tuple[float | None, int]:
    """Exact-match span F1 of two annotators over the items both answered, and how many those are."""
    shared = [(i[first], i[second]) for i in items if first in i and second in i]
    return micro_span_f1(shared), len(shared)


def overall_span_f1(items: Sequence[ItemSpans]) -> float | None:
    """Micro span F1 over every annotator pair of every item answered twice or more."""
    return micro_span_f1([pair for item in items for pair in combinations(item.values(), 2)])


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token, in code points."""
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def token_tags(text_tokens: Sequence[tuple[int, int]], spans: frozenset[Span]) -> list[str]:
    """Each token's tag: the label of the (first) span it overlaps, else O."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    tags = []
    for start, end in text_tokens:
        tags.append(next((s.label for s in ordered if s.start < end and start < s.end), OUTSIDE))
    return tags


def token_units(texts: Sequence[str], items: Sequence[ItemSpans]) -> list[ItemLabels]:
    """One (annotator → tag) unit per token of every item: the input of Cohen's or Fleiss' kappa."""
    units: list[ItemLabels] = []
    for text, answers in zip(texts, items, strict=True):
        text_tokens = tokens(text)
        tagged = {annotator: token_tags(text_tokens, spans) for annotator, spans in answers.items()}
        units.extend({a: tags[i] for a, tags in tagged.items()} for i in range(len(text_tokens)))
    return units


@dataclass(frozen=True, slots=True)
class SpanReference:
    """An annotator's spans on an item next to a reference answer (the consensus of the others, or gold)."""

    own: frozenset[Span]
    reference: frozenset[Span]


def mean_span_f1(pairs: Sequence[SpanReference]) -> float | None:
    """Mean per-item span F1 of own spans against the reference: agreement with the consensus or gold."""
    return sum(span_f1(p.own, p.reference) for p in pairs) / len(pairs) if pairs else None
