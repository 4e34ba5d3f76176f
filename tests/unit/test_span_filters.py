"""Span conditions of the item filter: as Elasticsearch clauses, and through the JSON form stored on jobs."""

from __future__ import annotations

from backend.items.entities import ItemFilter, SpanMark
from backend.items.facets import group_clauses
from backend.items.filters import item_filter_from_params


def test_span_conditions_ask_for_trimmed_lower_cased_texts() -> None:
    # given
    wanted = ItemFilter(span_texts=(" Paris ",), span_marks=(SpanMark("LOCATION", "PARIS"), SpanMark("PER", "Zoë")))
    # when
    groups = group_clauses(wanted)
    # then
    assert groups == {
        "span_texts": {"terms": {"span_texts": ["paris"]}},
        "span_marks": {"terms": {"span_marks": ["LOCATION\u241fparis", "PER\u241fzoë"]}},
    }


def test_span_conditions_survive_the_stored_form() -> None:
    # given
    wanted = ItemFilter(labels=("LOC",), span_texts=("paris",), span_marks=(SpanMark("LOC", "Paris"),))
    # when
    stored = wanted.describe()
    # then
    assert stored == {"labels": ["LOC"], "span_texts": ["paris"], "span_marks": [{"label": "LOC", "text": "Paris"}]}
    assert item_filter_from_params(stored) == wanted
