"""The item filter as Elasticsearch clauses, and faceted search: OR within a facet, AND across facets.

Facet conditions (statuses, labels, gold labels, annotators, each metadata key) go to `post_filter`, and each facet is
counted with every condition except its own (the filter-per-aggregation pattern of Kibana and Argilla): choosing
`pos` leaves `neg` in the gold-label facet, with the count it would add. Numeric metadata keys are counted in ranges
of a round width (about six per key, from the key's minimum and maximum in the dataset) instead of one row per value.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

from backend.items.entities import Facets, FacetValue, ItemFilter, RangeCount
from backend.items.marks import marked_text, span_mark

FACET_SIZE = 50
TARGET_BUCKETS = 6
NUMERIC_TYPES = frozenset({"long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float"})
_LUCENE_SPECIAL = re.compile(r'([.?+*|{}\[\]()"\\#@&<>~])')


def _escape(text: str) -> str:
    """`text` as a literal in an Elasticsearch (Lucene) regular expression."""
    return _LUCENE_SPECIAL.sub(r"\\\1", text)


def group_clauses(item_filter: ItemFilter) -> dict[str, dict[str, Any]]:
    """One clause per facet group the filter sets: its values (and, for metadata, its ranges) are alternatives."""
    f = item_filter
    groups: dict[str, dict[str, Any]] = {}
    for name, field, values in (
        ("statuses", "status", [s.value for s in f.statuses]),
        ("labels", "labels", list(f.labels)),
        ("gold_labels", "gold_label", list(f.gold_labels)),
        ("annotators", "annotators", list(f.annotators)),
        ("span_texts", "span_texts", [marked_text(t) for t in f.span_texts]),
        ("span_marks", "span_marks", [span_mark(m.label, m.text) for m in f.span_marks]),
    ):
        if values:
            groups[name] = {"terms": {field: values}}
    alternatives: dict[str, list[dict[str, Any]]] = {}
    for condition in f.metadata:
        terms = {"terms": {"metadata_kv": [f"{condition.key}={v}" for v in condition.values]}}
        alternatives.setdefault(condition.key, []).append(terms)
    for wanted in f.metadata_ranges:
        bounds = {k: v for k, v in (("gte", wanted.minimum), ("lt", wanted.maximum)) if v is not None}
        alternatives.setdefault(wanted.key, []).append({"range": {f"metadata.{wanted.key}": bounds}})
    for key, clauses in alternatives.items():
        groups[f"metadata:{key}"] = clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses}}
    return groups


def base_clauses(dataset_id: str, item_filter: ItemFilter) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(must, filter) of the conditions that are not facets: dataset, text, ids, dates, gold or not, own work."""
    must: list[dict[str, Any]] = []
    clauses: list[dict[str, Any]] = [{"term": {"dataset_id": dataset_id}}]
    f = item_filter
    if f.text:
        must.append({"simple_query_string": {"query": f.text, "fields": ["text"], "default_operator": "and"}})
    if f.external_ids:
        clauses.append({"terms": {"external_id": list(f.external_ids)}})
    if f.has_gold_label is not None:
        exists = {"exists": {"field": "gold_label"}}
        clauses.append(exists if f.has_gold_label else {"bool": {"must_not": [exists]}})
    if f.own_work is not None:
        labelled = {"term": {"annotators": f.own_work.annotator}}
        clauses.append(labelled if f.own_work.labelled else {"bool": {"must_not": [labelled]}})
    if f.created_after or f.created_before:
        bounds = {k: v.isoformat() for k, v in (("gt", f.created_after), ("lt", f.created_before)) if v}
        clauses.append({"range": {"created_at": bounds}})
    return must, clauses


def filter_clauses(dataset_id: str, item_filter: ItemFilter) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(must, filter) clauses of a bool query for the items of `dataset_id` that match `item_filter`."""
    must, clauses = base_clauses(dataset_id, item_filter)
    return must, [*clauses, *group_clauses(item_filter).values()]


def range_edges(low: float, high: float) -> list[float]:
    """Edges of about TARGET_BUCKETS ranges of a round width (1, 2, 2.5 or 5 times 10^n) covering [low, high]."""
    span = high - low
    raw = span / TARGET_BUCKETS if span > 0 else max(abs(low), 1.0)
    magnitude = 10 ** math.floor(math.log10(raw))
    width = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / width) * width
    edges = [round(start, 12)]
    while edges[-1] <= high:
        edges.append(round(start + len(edges) * width, 12))
    return edges


def _all_but(groups: dict[str, dict[str, Any]], left_out: str | None) -> dict[str, Any]:
    return {"bool": {"filter": [clause for name, clause in groups.items() if name != left_out]}}


def facet_aggregations(
    item_filter: ItemFilter, edges: dict[str, list[float]], viewer: str | None
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """(post_filter, aggregations): every facet counted with the other facets' conditions only."""
    groups = group_clauses(item_filter)
    aggs: dict[str, Any] = {}
    for name, field, size in (
        ("labels", "labels", FACET_SIZE),
        ("gold_labels", "gold_label", FACET_SIZE),
        ("statuses", "status", 10),
        ("annotators", "annotators", FACET_SIZE),
        ("span_texts", "span_texts", FACET_SIZE),
        ("span_marks", "span_marks", FACET_SIZE),
    ):
        aggs[name] = {"filter": _all_but(groups, name), "aggs": {"values": {"terms": {"field": field, "size": size}}}}
    chosen = sorted({c.key for c in item_filter.metadata} - set(edges))
    for index, key in enumerate(chosen):
        terms = {"field": "metadata_kv", "size": FACET_SIZE, "include": f"{_escape(key)}=.*"}
        aggs[f"meta_{index}"] = {"filter": _all_but(groups, f"metadata:{key}"), "aggs": {"values": {"terms": terms}}}
    others: dict[str, Any] = {"field": "metadata_kv", "size": FACET_SIZE * 4}
    if chosen or edges:
        others["exclude"] = f"({'|'.join(_escape(k) for k in [*chosen, *edges])})=.*"
    aggs["meta_rest"] = {"filter": _all_but(groups, None), "aggs": {"values": {"terms": others}}}
    for index, (key, points) in enumerate(sorted(edges.items())):
        ranges = [{"from": a, "to": b} for a, b in itertools.pairwise(points)]
        counted = {"range": {"field": f"metadata.{key}", "ranges": ranges}}
        aggs[f"range_{index}"] = {"filter": _all_but(groups, f"metadata:{key}"), "aggs": {"values": counted}}
    if viewer is not None:
        mine = _all_but(groups, None)
        mine["bool"]["filter"].append({"term": {"annotators": viewer}})
        aggs["viewer"] = {"filter": mine}
    return (_all_but(groups, None) if groups else None), aggs


def _values(aggregations: dict[str, Any], name: str) -> tuple[FacetValue, ...]:
    return tuple(FacetValue(b["key"], b["doc_count"]) for b in aggregations[name]["values"]["buckets"])


def facets_from(aggregations: dict[str, Any], edges: dict[str, list[float]], viewer: str | None) -> Facets:
    metadata: dict[str, list[FacetValue]] = {}
    for name in sorted(n for n in aggregations if n.startswith("meta_")):
        for bucket in aggregations[name]["values"]["buckets"]:
            key, _, value = bucket["key"].partition("=")
            metadata.setdefault(key, []).append(FacetValue(value, bucket["doc_count"]))
    ranges = {
        key: tuple(
            RangeCount(b["from"], b["to"], b["doc_count"]) for b in aggregations[f"range_{index}"]["values"]["buckets"]
        )
        for index, key in enumerate(sorted(edges))
    }
    return Facets(
        labels=_values(aggregations, "labels"),
        gold_labels=_values(aggregations, "gold_labels"),
        statuses=_values(aggregations, "statuses"),
        annotators=_values(aggregations, "annotators"),
        span_texts=_values(aggregations, "span_texts"),
        span_marks=_values(aggregations, "span_marks"),
        metadata={k: tuple(v) for k, v in sorted(metadata.items())},
        metadata_ranges=ranges,
        labelled_by_viewer=aggregations["viewer"]["doc_count"] if viewer is not None else None,
    )


def numeric_keys(mapping: dict[str, Any]) -> list[str]:
    """The metadata keys the index maps as numbers (from `indices.get_mapping`)."""
    keys: set[str] = set()
    for index in mapping.values():
        properties = index.get("mappings", {}).get("properties", {}).get("metadata", {}).get("properties", {})
        keys.update(k for k, v in properties.items() if v.get("type") in NUMERIC_TYPES)
    return sorted(keys)
