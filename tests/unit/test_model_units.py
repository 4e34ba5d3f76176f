"""Serving and monitoring parts that need no service: input validation, uncertainty, drift."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backend.errors import ValidationFailed
from backend.models.predictions import drift_scores
from backend.models.serving import LoadedModel, to_matrix, uncertainty_of

TABULAR = LoadedModel("wine", "1", None, ("a", "b"), ("alcohol", "ash"))
TEXT = LoadedModel("fortunes", "1", None, ("a", "b"), ("text",))


def test_tabular_inputs_are_put_in_feature_order() -> None:
    matrix = to_matrix(TABULAR, [{"ash": 2, "alcohol": 13.5}])
    assert matrix.tolist() == [[13.5, 2.0]]


def test_each_bad_value_is_named_by_row_and_feature() -> None:
    with pytest.raises(ValidationFailed) as caught:
        to_matrix(TABULAR, [{"alcohol": 1}, {"alcohol": "x", "ash": 1, "colour": 3}, 5])
    fields = [p.field for p in caught.value.problems]
    assert fields == ["inputs.0.ash", "inputs.1.colour", "inputs.1.alcohol", "inputs.2"]


def test_text_inputs_are_strings_or_objects_with_text() -> None:
    assert to_matrix(TEXT, ["a", {"text": "b"}]).tolist() == [["a"], ["b"]]
    with pytest.raises(ValidationFailed):
        to_matrix(TEXT, [{"body": "b"}])


def test_uncertainty_is_one_minus_the_margin() -> None:
    margin, entropy = uncertainty_of(np.array([[0.9, 0.1], [0.5, 0.5]]))
    assert margin.tolist() == pytest.approx([0.2, 1.0])
    assert entropy[1] == pytest.approx(math.log(2))


def test_drift_is_zero_for_the_same_distribution_and_grows_with_the_difference() -> None:
    same = drift_scores({"a": 50, "b": 50}, {"a": 5, "b": 5})
    shifted = drift_scores({"a": 50, "b": 50}, {"a": 9, "b": 1})
    assert same == pytest.approx((0.0, 0.0), abs=1e-9)
    assert shifted is not None
    assert shifted[0] > 0.5
    assert 0 < shifted[1] < 1
    assert drift_scores({}, {"a": 1}) is None
