"""The demo's external ids give nothing away: neutral ids, in a shuffled order."""

from __future__ import annotations

import re

from backend.demo import FORTUNE_LABELS, fortune_rows, wine_rows


def test_fortune_ids_are_neutral_and_do_not_name_the_class() -> None:
    # given the demo's fortunes
    rows = [row for _, row in fortune_rows()]
    # then every id is doc-<5 digits>, unique, and none names a label
    ids = [str(r["id"]) for r in rows]
    assert len(rows) > 300
    assert all(re.fullmatch(r"doc-\d{5}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert sorted(ids) == ids  # numbered in the (shuffled) file order


def test_fortunes_arrive_shuffled_not_one_class_after_another() -> None:
    # given the demo's fortunes, in import order
    rows = fortune_rows()
    # then the first hundred already mix several classes (the texts come from one file per class)
    first = {topic for topic, _ in rows[:100]}
    assert len(first) >= 4
    assert first <= set(FORTUNE_LABELS)
    # and the order is the same on every run (a fixed seed)
    assert fortune_rows() == rows


def test_wine_ids_are_neutral_and_shuffled() -> None:
    # given the demo's wine rows (id, features…, label)
    rows = wine_rows([f"cultivar_{i}" for i in (1, 2, 3)])
    ids = [r[0] for r in rows]
    assert all(re.fullmatch(r"wine-\d{3}", i) for i in ids)
    # then the classes are mixed from the start (scikit-learn lists them class by class)
    assert len({r[-1] for r in rows[:20] if r[-1]}) == 3
