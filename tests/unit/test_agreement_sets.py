"""Multi-label agreement against Passonneau's MASI, Krippendorff's textbook alpha and hand-computed cases."""

from __future__ import annotations

import pytest

from backend.annotations.agreement_sets import (
    ItemSets,
    item_masi,
    jaccard,
    krippendorff_alpha_masi,
    masi_distance,
    masi_similarity,
    pair_masi,
    per_label_kappa,
)


def s(*labels: str) -> frozenset[str]:
    return frozenset(labels)


def test_masi_follows_passonneaus_definition() -> None:
    # Passonneau (2006): MASI = Jaccard x monotonicity (1 identical, 2/3 subset, 1/3 overlap, 0 disjoint)
    assert masi_similarity(s("a", "b"), s("a", "b")) == 1.0  # J 1 x 1
    assert masi_similarity(s("a", "b"), s("a", "b", "c")) == pytest.approx(4 / 9)  # J 2/3 x 2/3
    assert masi_similarity(s("a", "b"), s("b", "c")) == pytest.approx(1 / 9)  # J 1/3 x 1/3
    assert masi_similarity(s("a"), s("b")) == 0.0  # J 0 x 0
    assert masi_distance(s("a", "b"), s("a", "b", "c")) == pytest.approx(5 / 9)
    assert masi_similarity(s(), s()) == 1.0  # both "none of these"
    assert masi_similarity(s(), s("a")) == 0.0  # the empty set is a subset, but Jaccard is 0
    assert jaccard(s("a", "b"), s("b", "c")) == pytest.approx(1 / 3)


def test_alpha_with_masi_on_single_labels_is_krippendorffs_nominal_textbook_alpha() -> None:
    # Krippendorff (2011) "Computing Krippendorff's alpha-reliability": 4 observers, 12 units, nominal alpha 0.743.
    # On one-label sets MASI is the nominal distance (0 equal, 1 different), so alpha must be the same.
    rows = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    }
    items: list[ItemSets] = [
        {name: s(str(row[unit])) for name, row in rows.items() if row[unit] is not None} for unit in range(12)
    ]
    assert krippendorff_alpha_masi(items) == pytest.approx(0.743, abs=0.0005)


HAND: list[ItemSets] = [
    {"a": s("x", "y"), "b": s("x")},  # MASI 1/2 x 2/3 = 1/3 → δ 2/3
    {"a": s("x"), "b": s("x")},  # δ 0
    {"a": s("x", "y"), "b": s("y", "z")},  # MASI 1/3 x 1/3 = 1/9 → δ 8/9
    {"a": s("y")},  # one answer: not pairable
]


def test_alpha_with_masi_of_a_hand_computed_case() -> None:
    # n = 6 pairable values. D_o = 1/6 · Σ_u 2δ_u/(2-1) = (2/6)(2/3 + 0 + 8/9) = 14/27.
    # Values {x,y}x2, {x}x3, {y,z}x1; δ({x,y},{x}) 2/3, δ({x,y},{y,z}) 8/9, δ({x},{y,z}) 1.
    # D_e = 2(2·3·2/3 + 2·1·8/9 + 3·1·1) / (6·5) = (158/9)/30 = 79/135.
    # alpha = 1 - (14/27)/(79/135) = 1 - 70/79 = 9/79
    assert krippendorff_alpha_masi(HAND) == pytest.approx(9 / 79)


def test_alpha_is_one_when_every_answer_is_the_same_set_and_none_without_pairs() -> None:
    assert krippendorff_alpha_masi([{"a": s("x"), "b": s("x")}, {"a": s("x"), "b": s("x")}]) == 1.0
    assert krippendorff_alpha_masi([{"a": s("x")}]) is None


def test_per_label_kappa_of_a_hand_computed_case() -> None:
    # label x, (a, b) per item: (yes, yes) (yes, yes) (yes, no) → po 2/3; a yes 3; b yes 2, no 1
    #   pe = (3·2 + 0·1)/9 = 2/3 → Cohen 0. Fleiss: P̄ = (1+1+0)/3 = 2/3; p(yes) 5/6 → pe 26/36 → (2/3-13/18)/(5/18)
    # label y: (yes, no) (no, no) (yes, yes) → po 2/3; a yes 2 no 1; b yes 1 no 2 → pe 4/9 → Cohen (2/9)/(5/9) = 0.4
    #   Fleiss: P̄ 2/3, p(yes) = 3/6 → pe 1/2 → (2/3 - 1/2)/(1/2) = 1/3
    # label z: (no, no) (no, no) (no, yes) → po 2/3, pe (3·2)/9 = 2/3 → Cohen 0
    figures = {f.label: f for f in per_label_kappa(HAND[:3], ["x", "y", "z"])}
    assert figures["x"].cohen_kappa == pytest.approx(0.0)
    assert figures["x"].fleiss_kappa == pytest.approx((2 / 3 - 13 / 18) / (5 / 18))
    assert figures["y"].cohen_kappa == pytest.approx(0.4)
    assert figures["y"].fleiss_kappa == pytest.approx(1 / 3)
    assert figures["z"].cohen_kappa == pytest.approx(0.0)
    assert (figures["x"].chosen, figures["y"].chosen, figures["z"].chosen) == (5, 3, 1)


def test_per_label_cohen_kappa_is_left_out_with_more_than_two_annotators() -> None:
    items: list[ItemSets] = [{"a": s("x"), "b": s("x"), "c": s()}, {"a": s(), "b": s(), "c": s()}]
    # x: (yes yes no) P_i = 2/6 = 1/3, (no no no) 1 → P̄ 2/3; p(yes) 2/6 → pe 1/9 + 4/9 = 5/9 → (1/9)/(4/9) = 1/4
    (figure,) = per_label_kappa(items, ["x"])
    assert figure.cohen_kappa is None
    assert figure.fleiss_kappa == pytest.approx(0.25)


def test_item_and_pair_masi() -> None:
    assert item_masi(HAND[0]) == pytest.approx(1 / 3)
    assert item_masi(HAND[3]) is None
    # pairs a/b over 3 shared items: (1/3 + 1 + 1/9)/3 = 13/27
    assert pair_masi(HAND, "a", "b") == (pytest.approx(13 / 27), 3)
