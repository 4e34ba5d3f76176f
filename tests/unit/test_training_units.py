"""The parts of training that need no service: parameter validation, the training label, fitting."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from backend.items.entities import Annotation, Item
from backend.training.catalog import CATALOG, ModelType, validate_params
from backend.training.fitting import FitRequest, TrainingDataError, fit
from backend.training.runner import consensus

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_defaults_fill_in_what_is_not_given() -> None:
    params, problems = validate_params(CATALOG[ModelType.TFIDF_SGD], {"epochs": 3})
    assert problems == []
    assert params["epochs"] == 3
    assert params["analyzer"] == "word"


@pytest.mark.parametrize(
    ("given", "field", "words"),
    [
        ({"epochs": 0}, "params.epochs", "at least 1"),
        ({"epochs": 2.5}, "params.epochs", "whole number"),
        ({"alpha": "big"}, "params.alpha", "must be a number"),
        ({"penalty": "l3"}, "params.penalty", "'l2'"),
        ({"sublinear_tf": 1}, "params.sublinear_tf", "true or false"),
        ({"ngram_min": 3, "ngram_max": 2}, "params.ngram_max", "at least 'ngram_min'"),
        ({"depth": 3}, "params.depth", "has no parameter 'depth'"),
        ({"max_features": None, "epochs": None}, "params.epochs", "must not be null"),
    ],
)
def test_invalid_values_say_which_parameter_and_why(given: dict[str, Any], field: str, words: str) -> None:
    _, problems = validate_params(CATALOG[ModelType.TFIDF_SGD], given)
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message


def _item(labels: list[str], gold: str | None = None) -> Item:
    annotations = tuple(Annotation(f"a{i}", label, NOW, NOW) for i, label in enumerate(labels))
    return Item("d:1", "d", "1", "t", None, {}, 1, NOW, NOW, annotations, gold)


def test_the_training_label_is_gold_else_a_clear_majority() -> None:
    assert consensus(_item(["a", "b"], gold="c"), None) == "c"
    assert consensus(_item(["a", "a", "b"]), None) == "a"
    assert consensus(_item(["a", "b"]), None) is None  # a tie
    assert consensus(_item(["a", "a", "b"]), 0.75) is None  # two thirds is below three quarters
    assert consensus(_item([]), None) is None


def _request(model: str, params: dict[str, Any], validation: dict[str, Any]) -> FitRequest:
    texts = [f"good fine nice {i}" if i % 2 else f"bad poor awful {i}" for i in range(40)]
    labels = ["pos" if i % 2 else "neg" for i in range(40)]
    full, problems = validate_params(CATALOG[ModelType(model)], params)
    assert problems == []
    return FitRequest(model, full, True, texts, labels, validation)


def test_sgd_emits_one_point_per_epoch_and_learns() -> None:
    events: list[tuple[str, dict[str, Any]]] = []
    result = fit(_request("TFIDF_SGD", {"epochs": 4}, {"method": "HOLDOUT"}), lambda k, p: events.append((k, p)))
    assert [p["step"] for k, p in events if k == "metric"] == [1, 2, 3, 4]
    assert result.metrics["accuracy"] == 1.0
    assert result.classes == ["neg", "pos"]
    assert sum(map(sum, result.confusion)) == result.validation_size


def test_cross_validation_emits_one_point_per_fold() -> None:
    events: list[tuple[str, dict[str, Any]]] = []
    request = _request("TFIDF_MULTINOMIAL_NB", {}, {"method": "CROSS_VALIDATION", "folds": 4})
    result = fit(request, lambda k, p: events.append((k, p)))
    assert [p["fold"] for k, p in events if k == "metric"] == [1, 2, 3, 4]
    assert result.validation_size == 40


def test_one_label_only_is_refused_with_a_reason() -> None:
    request = _request("TFIDF_MULTINOMIAL_NB", {}, {})
    request.labels = ["pos"] * 40
    with pytest.raises(TrainingDataError, match="at least two labels"):
        fit(request, lambda k, p: None)
