"""What the search index of items holds and how it is asked: the mapping, an item's document, the queries,
the sorts and the opaque cursors of search pages."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from backend.annotations.answers import answer_labels
from backend.items.entities import Annotation, Item, ItemFilter, ItemSort
from backend.items.facets import filter_clauses
from backend.items.marks import marked_text, span_mark

ALIAS = "labelloop-items"
MAPPINGS: dict[str, Any] = {
    "dynamic_templates": [
        {
            "metadata_as_keywords": {
                "path_match": "metadata.*",
                "match_mapping_type": "string",
                "mapping": {"type": "keyword", "ignore_above": 256},
            }
        },
        # every number as a double: a key first seen as 3 (long) would cut 0.52 to 0, and float32 blurs edges
        {"metadata_numbers": {"path_match": "metadata.*", "match_mapping_type": "long", "mapping": {"type": "double"}}},
        {
            "metadata_decimals": {
                "path_match": "metadata.*",
                "match_mapping_type": "double",
                "mapping": {"type": "double"},
            }
        },
    ],
    "properties": {
        "dataset_id": {"type": "keyword"},
        "external_id": {"type": "keyword"},
        "text": {"type": "text"},  # the standard analyzer: the native distribution has no other
        "features": {"type": "object", "enabled": False},
        "metadata": {"type": "object", "dynamic": True},
        "metadata_kv": {"type": "keyword"},  # "key=value", for facets and filters over any key
        "gold_label": {"type": "keyword"},
        "labels": {"type": "keyword"},
        # SPANS: the marked texts (lower-cased here, so "Paris" and "paris" are one value) and label␟text pairs,
        # from every annotator's spans and the gold spans: filters and facets by what was marked, and as what
        "span_texts": {"type": "keyword", "ignore_above": 256},
        "span_marks": {"type": "keyword", "ignore_above": 512},
        "annotators": {"type": "keyword"},
        "annotation_count": {"type": "integer"},
        # kept for agreement figures (annotator, label, at; `accepted`: the suggestion taken unchanged), not searched
        "annotations": {"type": "object", "enabled": False},
        "gold_answer": {"type": "object", "enabled": False},  # the gold set or spans, for agreement with gold
        "status": {"type": "keyword"},
        "suggested_label": {"type": "keyword"},
        "suggestion_confidence": {"type": "float"},
        "uncertainty": {"type": "float"},
        "suggestion_version": {"type": "keyword"},
        "created_at": {"type": "date"},
        "updated_at": {"type": "date"},
        "labelled_at": {"type": "date"},  # its newest annotation: automations count the labels given since a run
    },
}
SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


def index_document(item: Item) -> dict[str, Any]:
    labels = {label for a in item.annotations for label in answer_labels(a)}
    if item.gold_label is not None:
        at = item.created_at
        gold = Annotation("", item.gold_label, at, at, labels=item.gold_labels, spans=item.gold_spans)
        labels |= set(answer_labels(gold))
    return {
        "dataset_id": item.dataset_id,
        "external_id": item.external_id,
        "text": item.text,
        "features": item.features,
        "metadata": {k: v for k, v in item.metadata.items() if isinstance(v, str | int | float | bool)},
        "metadata_kv": [f"{k}={_text(v)}" for k, v in item.metadata.items()],
        "gold_label": item.gold_label,
        "labels": sorted(labels),
        **_span_fields(item),
        "annotators": sorted({a.annotator for a in item.annotations}),
        "annotation_count": len(item.annotations),
        # stored, not parsed (`enabled: False`): a key added here needs no mapping change and no reindex
        "annotations": [
            {
                "annotator": a.annotator,
                "label": a.label,
                "at": a.updated_at,
                "accepted": a.suggestion_accepted,
                **({"labels": list(a.labels)} if a.labels else {}),
                **({"spans": [[s.start, s.end, s.label] for s in a.spans]} if a.spans else {}),
            }
            for a in item.annotations
        ],
        "gold_answer": {"labels": list(item.gold_labels), "spans": [[s.start, s.end, s.label] for s in item.gold_spans]}
        if item.gold_labels or item.gold_spans
        else None,
        "status": item.status.value,
        "suggested_label": item.suggestion.label if item.suggestion else None,
        "suggestion_confidence": item.suggestion.confidence if item.suggestion else None,
        "uncertainty": item.suggestion.uncertainty if item.suggestion else None,
        "suggestion_version": item.suggestion.version if item.suggestion else None,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "labelled_at": max((a.updated_at for a in item.annotations), default=None),
    }


def _span_fields(item: Item) -> dict[str, list[str]]:
    spans = [s for a in item.annotations for s in a.spans] + list(item.gold_spans)
    if not spans or item.text is None:
        return {}
    text = item.text
    return {
        "span_texts": sorted({marked_text(text[s.start : s.end]) for s in spans}),
        "span_marks": sorted({span_mark(s.label, text[s.start : s.end]) for s in spans}),
    }


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def filter_query(dataset_id: str, item_filter: ItemFilter) -> dict[str, Any]:
    must, clauses = filter_clauses(dataset_id, item_filter)
    return {"bool": {"must": must, "filter": clauses}}


def labelled_query(dataset_id: str, item_filter: ItemFilter) -> dict[str, Any]:
    must, clauses = filter_clauses(dataset_id, item_filter)
    # an annotation or a gold answer: a MULTI_LABEL "none of these" (an empty set) has no label yet is labelled
    answered = {
        "bool": {
            "should": [
                {"exists": {"field": "labels"}},
                {"range": {"annotation_count": {"gt": 0}}},
                {"exists": {"field": "gold_label"}},
            ],
            "minimum_should_match": 1,
        }
    }
    return {"bool": {"must": must, "filter": [*clauses, answered]}}


def labelled_since_query(dataset_id: str, since: datetime) -> dict[str, Any]:
    """Items of the dataset given an annotation after `since` (their newest annotation is later)."""
    return {
        "bool": {
            "filter": [{"term": {"dataset_id": dataset_id}}, {"range": {"labelled_at": {"gt": since.isoformat()}}}]
        }
    }


SORTS: dict[ItemSort, list[dict[str, Any]]] = {
    ItemSort.RELEVANCE: [{"_score": "desc"}, {"external_id": "asc"}],
    ItemSort.NEWEST: [{"created_at": "desc"}, {"external_id": "asc"}],
    ItemSort.OLDEST: [{"created_at": "asc"}, {"external_id": "asc"}],
    ItemSort.EXTERNAL_ID: [{"external_id": "asc"}],
}


class InvalidCursor(ValueError):
    """A cursor that was not made by us, or whose point in time has expired."""


def encode_cursor(sort_values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(sort_values).encode()).decode()


def decode_cursor(cursor: str) -> list[Any]:
    """The search_after values in a cursor; raises ValueError for anything else."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, RecursionError) as exc:  # binascii.Error, UnicodeDecodeError, JSONDecodeError
        raise InvalidCursor("not a cursor") from exc
    # every sort of SORTS ends on values that are scalars: strings, numbers (dates as epoch millis)
    if not isinstance(values, list) or not values or not all(isinstance(v, str | int | float) for v in values):
        raise InvalidCursor("not a cursor")
    return values
