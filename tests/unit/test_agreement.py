"""Agreement figures against hand-computed and textbook values."""

from __future__ import annotations

import pytest

from backend.annotations.agreement import cohen_kappa, fleiss_kappa, item_agreement, pairwise_cohen, percent_agreement


def test_cohen_kappa_of_the_textbook_yes_no_table() -> None:
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 → po 0.7, pe 0.5, kappa 0.4
    items = (
        [{"a": "yes", "b": "yes"}] * 20
        + [{"a": "yes", "b": "no"}] * 5
        + [{"a": "no", "b": "yes"}] * 10
        + [{"a": "no", "b": "no"}] * 15
    )
    kappa, shared = cohen_kappa(items, "a", "b")
    assert shared == 50
    assert kappa == pytest.approx(0.4)


def test_fleiss_kappa_of_the_textbook_table() -> None:
    # Fleiss (1971) as usually quoted: 10 items, 14 raters, 5 categories → kappa 0.210
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    items = []
    for row in table:
        labels: dict[str, str] = {}
        rater = 0
        for category, count in enumerate(row):
            for _ in range(count):
                labels[f"r{rater}"] = f"c{category}"
                rater += 1
        items.append(labels)
    assert fleiss_kappa(items) == pytest.approx(0.210, abs=0.0005)
    assert percent_agreement(items) == pytest.approx(0.378, abs=0.0005)


def test_hand_computed_small_case() -> None:
    items = [{"a": "x", "b": "x", "c": "y"}, {"a": "y", "b": "y"}, {"a": "x"}]
    assert item_agreement(items[0]) == pytest.approx(1 / 3)
    assert item_agreement(items[2]) is None
    assert percent_agreement(items) == pytest.approx((1 / 3 + 1) / 2)
    # labels: x x y | y y → p(x)=2/5, p(y)=3/5 → pe = 0.52; observed 2/3 → (2/3-0.52)/0.48
    assert fleiss_kappa(items) == pytest.approx((2 / 3 - 0.52) / 0.48)
    pairs = {(p.first, p.second): (p.kappa, p.items) for p in pairwise_cohen(items)}
    assert pairs[("a", "b")] == (1.0, 2)
    assert pairs[("a", "c")][1] == 1


def test_perfect_agreement_on_one_label_is_one() -> None:
    assert fleiss_kappa([{"a": "x", "b": "x"}, {"a": "x", "b": "x"}]) == 1.0
    assert fleiss_kappa([]) is None
