"""The parts of saved training sets that need no service: the label rules, content hashes and the data hash."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from backend.items.entities import Annotation, Item
from backend.training.sets import LabelRule, training_label
from backend.training.sets_frozen import FrozenItem, content_hash, data_hash

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _item(
    labels: list[str], gold: str | None = None, text: str | None = "t", features: dict[str, float] | None = None
) -> Item:
    annotations = tuple(Annotation(f"a{i}", label, NOW, NOW) for i, label in enumerate(labels))
    return Item("d:1", "d", "1", text, features, {}, 1, NOW, NOW, annotations, gold)


def test_gold_only_takes_gold_labels_and_nothing_else() -> None:
    assert training_label(_item(["a", "a"], gold="b"), LabelRule.GOLD_ONLY, None) == "b"
    assert training_label(_item(["a", "a"]), LabelRule.GOLD_ONLY, None) is None


def test_unanimous_takes_gold_else_a_label_every_annotator_gave() -> None:
    assert training_label(_item(["a", "b"], gold="c"), LabelRule.UNANIMOUS, None) == "c"
    assert training_label(_item(["a", "a", "a"]), LabelRule.UNANIMOUS, None) == "a"
    assert training_label(_item(["a", "a", "b"]), LabelRule.UNANIMOUS, None) is None
    assert training_label(_item([]), LabelRule.UNANIMOUS, None) is None


def test_gold_or_majority_takes_a_unique_majority_that_meets_the_agreement() -> None:
    assert training_label(_item(["a", "a", "a", "b"]), LabelRule.GOLD_OR_MAJORITY, 0.75) == "a"
    assert training_label(_item(["a", "a", "b"]), LabelRule.GOLD_OR_MAJORITY, 0.75) is None
    assert training_label(_item(["a", "b"]), LabelRule.GOLD_OR_MAJORITY, None) is None


def test_content_hash_is_the_sha256_of_the_canonical_json_of_the_text_or_the_features() -> None:
    assert content_hash(_item([], text="héllo")) == hashlib.sha256('{"text":"héllo"}'.encode()).hexdigest()
    tabular = _item([], text=None, features={"b": 2.0, "a": 1.5})
    assert content_hash(tabular) == hashlib.sha256(b'{"features":{"a":1.5,"b":2.0}}').hexdigest()


def test_the_data_hash_ignores_order_and_changes_with_any_id_label_or_content() -> None:
    items = [FrozenItem("d:1", "a", "h1"), FrozenItem("d:2", "b", "h2")]
    same = data_hash(items)
    assert data_hash(list(reversed(items))) == same
    assert data_hash([FrozenItem("d:1", "b", "h1"), items[1]]) != same
    assert data_hash([FrozenItem("d:1", "a", "h9"), items[1]]) != same
    assert data_hash([FrozenItem("d:3", "a", "h1"), items[1]]) != same
    assert data_hash(items[:1]) != same
