"""The Elasticsearch query and sort of the annotation queue's candidates, per strategy and queue order."""

from __future__ import annotations

import zlib
from typing import Any

from backend.datasets.entities import QueueOrder

# In a RANDOM queue every item scores a random number in [0, 1) drawn from its external id and the annotator's seed;
# UNLABELED_FIRST adds this much to the unlabelled ones, so that they all come before the partly labelled.
UNLABELED_BONUS = 2


def annotator_seed(dataset_id: str, annotator: str) -> int:
    """The annotator's seed for the dataset: the same order on every reload, another for each annotator."""
    return zlib.crc32(f"{dataset_id}\0{annotator}".encode())


def _random_score(dataset_id: str, annotator: str, unlabeled_first: bool) -> dict[str, Any]:
    functions: list[dict[str, Any]] = [
        # external_id: a stable field (unlike _seq_no, which changes with every write to the item)
        {"random_score": {"seed": annotator_seed(dataset_id, annotator), "field": "external_id"}}
    ]
    if unlabeled_first:
        functions.append({"filter": {"term": {"status": "UNLABELED"}}, "weight": UNLABELED_BONUS})
    return {"functions": functions, "score_mode": "sum", "boost_mode": "replace"}


def queue_search(
    dataset_id: str, annotator: str, strategy: str, order: QueueOrder, exclude: list[str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(query, sort) of the items that may need `annotator`, in queue order (the caller checks each in MongoDB)."""
    if strategy == "REVIEW":
        query: dict[str, Any] = {
            "bool": {"filter": [{"term": {"dataset_id": dataset_id}}, {"term": {"status": "CONFLICT"}}]}
        }
        if exclude:
            query["bool"]["must_not"] = [{"ids": {"values": exclude}}]
        return query, [{"updated_at": "asc"}, {"external_id": "asc"}]
    query = {
        "bool": {
            "filter": [
                {"term": {"dataset_id": dataset_id}},
                {"terms": {"status": ["UNLABELED", "IN_PROGRESS"]}},
            ],
            "must_not": [{"term": {"annotators": annotator}}, {"ids": {"values": exclude}}],
        }
    }
    if strategy == "UNCERTAINTY":  # the model's doubts first (items batch scoring has not seen: last)
        return query, [{"uncertainty": {"order": "desc", "missing": "_last"}}, {"external_id": "asc"}]
    if order is QueueOrder.RANDOM:
        scored = {
            "function_score": {"query": query, **_random_score(dataset_id, annotator, strategy == "UNLABELED_FIRST")}
        }
        if strategy == "UNLABELED_FIRST":
            return scored, [{"_score": "desc"}, {"external_id": "asc"}]
        return scored, [{"annotation_count": "asc"}, {"_score": "desc"}, {"external_id": "asc"}]
    if strategy == "UNLABELED_FIRST":
        query["bool"]["should"] = [{"term": {"status": "UNLABELED"}}]
        return query, [{"_score": "desc"}, {"created_at": "asc"}, {"external_id": "asc"}]
    return query, [{"annotation_count": "asc"}, {"created_at": "asc"}, {"external_id": "asc"}]
