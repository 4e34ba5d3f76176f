"""Span agreement against hand-computed cases: exact-match span F1 and token-level kappa."""

from __future__ import annotations

import pytest

from backend.annotations.agreement import cohen_kappa, fleiss_kappa
from backend.annotations.agreement_spans import (
    ItemSpans,
    item_span_f1,
    overall_span_f1,
    pair_span_f1,
    span_f1,
    token_tags,
    token_units,
    tokens,
)
from backend.items.entities import Span


def sp(*spans: tuple[int, int, str]) -> frozenset[Span]:
    return frozenset(Span(a, b, label) for a, b, label in spans)


TEXTS = ["Anna moved to Paris in May.", "New York is big"]
ITEMS: list[ItemSpans] = [
    # a: Anna PER, Paris LOC; b: Anna PER, Paris LOC, May DATE → 2·2/(2+3) = 0.8
    {"a": sp((0, 4, "PER"), (14, 19, "LOC")), "b": sp((0, 4, "PER"), (14, 19, "LOC"), (23, 26, "DATE"))},
    # a: "New York" LOC; b: "York" LOC → no exact match: 0
    {"a": sp((0, 8, "LOC")), "b": sp((4, 8, "LOC"))},
]


def test_span_f1_counts_exact_matches_only() -> None:
    assert span_f1(ITEMS[0]["a"], ITEMS[0]["b"]) == pytest.approx(0.8)
    assert span_f1(ITEMS[1]["a"], ITEMS[1]["b"]) == 0.0
    assert span_f1(sp(), sp()) == 1.0  # both saw nothing to mark
    assert span_f1(sp((0, 4, "PER")), sp((0, 4, "ORG"))) == 0.0  # same place, another label


def test_pair_span_f1_is_micro_over_shared_items() -> None:
    # 2·(2 + 0) / ((2 + 3) + (1 + 1)) = 4/7
    assert pair_span_f1(ITEMS, "a", "b") == (pytest.approx(4 / 7), 2)
    assert pair_span_f1(ITEMS, "a", "c") == (None, 0)
    assert overall_span_f1(ITEMS) == pytest.approx(4 / 7)
    assert item_span_f1(ITEMS[0]) == pytest.approx(0.8)
    assert item_span_f1({"a": sp()}) is None


def test_tokens_are_words_and_single_symbols_in_code_points() -> None:
    # 🙂 is one code point and one token; CJK runs are word characters
    text = "🙂 Zoë in 東京!"
    assert tokens(text) == [(0, 1), (2, 5), (6, 8), (9, 11), (11, 12)]
    assert token_tags(tokens(text), sp((9, 11, "LOC"), (2, 5, "PER"))) == ["O", "PER", "O", "LOC", "O"]


def test_token_kappa_of_a_hand_computed_case() -> None:
    # tokens: Anna moved to Paris in May . | New York is big  → 11 units
    # a: PER O O LOC O O    O | LOC LOC O O
    # b: PER O O LOC O DATE O | O   LOC O O
    # agree on 9 of 11 → po 9/11; a: PER 1, LOC 3, O 7; b: PER 1, LOC 2, DATE 1, O 7
    # pe = (1·1 + 3·2 + 7·7)/121 = 56/121 → kappa = (99 - 56)/(121 - 56) = 43/65
    units = token_units(TEXTS, ITEMS)
    assert len(units) == 11
    kappa, shared = cohen_kappa(units, "a", "b")
    assert shared == 11
    assert kappa == pytest.approx(43 / 65)
    # Fleiss on the same units: P̄ = 9/11; pooled tags PER 2, LOC 5, DATE 1, O 14 of 22
    # pe = (4 + 25 + 1 + 196)/484 = 226/484 → (9/11 - 226/484)/(1 - 226/484) = (396 - 226)/(484 - 226) = 170/258
    assert fleiss_kappa(units) == pytest.approx(170 / 258)
