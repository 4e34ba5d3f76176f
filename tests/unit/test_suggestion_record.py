"""What an annotation records of the model's suggestion (backend/annotations/suggestions.py): the claims checked
against the item, for annotators and reviewers, in open and blind datasets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backend.annotations.suggestions import NOT_SHOWN, SuggestionRecord, suggestion_record
from backend.auth.entities import AuthMethod, Principal, User
from backend.auth.permissions import Role
from backend.datasets.entities import AnnotationSettings, Dataset, DatasetKind, LabelDefinition
from backend.errors import ValidationFailed
from backend.items.entities import Item, Suggestion

NOW = datetime(2026, 1, 2, tzinfo=UTC)
SUGGESTION = Suggestion("neg", 0.87, 0.3, 0.4, "reviews", "3", NOW)


def _principal(role: Role) -> Principal:
    return Principal(User("u1", role.value.lower(), role, "hash", NOW), AuthMethod.ACCESS_TOKEN)


def _dataset(blind: bool) -> Dataset:
    labels = (LabelDefinition("pos"), LabelDefinition("neg"))
    settings = AnnotationSettings(blind=blind)
    return Dataset("reviews", "Reviews", DatasetKind.TEXT, labels, "", settings, "admin", NOW, NOW)


def _item(suggestion: Suggestion | None = SUGGESTION) -> Item:
    return Item("reviews:r1", "reviews", "r1", "text", None, {}, 1, NOW, NOW, suggestion=suggestion)


def _refusal(exc: pytest.ExceptionInfo[ValidationFailed]) -> tuple[str, str]:
    (problem,) = exc.value.problems
    return problem.field, problem.code


def test_the_suggested_label_accepted_is_recorded_with_model_and_version() -> None:
    # given / when
    record = suggestion_record(_principal(Role.USER), _dataset(blind=False), _item(), "neg", True)
    # then
    assert record == SuggestionRecord(True, "reviews", "3")


def test_another_label_while_a_suggestion_was_shown_is_recorded_as_declined() -> None:
    # given / when
    record = suggestion_record(_principal(Role.USER), _dataset(blind=False), _item(), "pos", False)
    # then
    assert record == SuggestionRecord(False, "reviews", "3")


def test_not_saying_records_nothing() -> None:
    # given / when
    record = suggestion_record(_principal(Role.USER), _dataset(blind=False), _item(), "neg", None)
    # then
    assert record == NOT_SHOWN


def test_accepting_another_label_than_the_suggestion_is_refused() -> None:
    # given / when
    with pytest.raises(ValidationFailed) as exc:
        suggestion_record(_principal(Role.USER), _dataset(blind=False), _item(), "pos", True)
    # then
    assert _refusal(exc) == ("acceptedSuggestion", "not_the_suggestion")
    assert "label 'pos' is not the model's suggestion 'neg' for item 'reviews:r1'" in exc.value.problems[0].message


def test_accepting_on_an_item_without_a_suggestion_is_refused_and_false_records_nothing() -> None:
    # given an item batch scoring did not score
    item = _item(suggestion=None)
    # when / then
    with pytest.raises(ValidationFailed) as exc:
        suggestion_record(_principal(Role.USER), _dataset(blind=False), item, "neg", True)
    assert _refusal(exc) == ("acceptedSuggestion", "no_suggestion")
    assert suggestion_record(_principal(Role.USER), _dataset(blind=False), item, "neg", False) == NOT_SHOWN


def test_a_user_of_a_blind_dataset_can_neither_accept_nor_be_recorded_as_shown() -> None:
    # given a blind dataset whose item has a suggestion (hidden from the USER)
    user, blind = _principal(Role.USER), _dataset(blind=True)
    # when / then
    with pytest.raises(ValidationFailed) as exc:
        suggestion_record(user, blind, _item(), "neg", True)
    assert _refusal(exc) == ("acceptedSuggestion", "blind")
    assert suggestion_record(user, blind, _item(), "pos", False) == NOT_SHOWN


def test_a_reviewer_sees_suggestions_in_a_blind_dataset_so_may_accept_one() -> None:
    # given / when
    record = suggestion_record(_principal(Role.ADMIN), _dataset(blind=True), _item(), "neg", True)
    # then
    assert record == SuggestionRecord(True, "reviews", "3")
