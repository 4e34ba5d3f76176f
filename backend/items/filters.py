"""ItemFilter from and to the JSON form stored on jobs and training runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from backend.items.entities import ItemFilter, ItemStatus, MetadataCondition, MetadataRange, OwnWork, SpanMark


def item_filter_from_params(params: dict[str, Any]) -> ItemFilter:
    """The filter that `ItemFilter.describe()` produced."""
    return ItemFilter(
        text=params.get("text"),
        statuses=tuple(ItemStatus(s) for s in params.get("statuses", [])),
        labels=tuple(params.get("labels", [])),
        gold_labels=tuple(params.get("gold_labels", [])),
        annotators=tuple(params.get("annotators", [])),
        has_gold_label=params.get("has_gold_label"),
        metadata=tuple(MetadataCondition(m["key"], tuple(m["values"])) for m in params.get("metadata", [])),
        metadata_ranges=tuple(
            MetadataRange(r["key"], r.get("min"), r.get("max")) for r in params.get("metadata_ranges", [])
        ),
        external_ids=tuple(params.get("external_ids", [])),
        created_after=datetime.fromisoformat(params["created_after"]) if params.get("created_after") else None,
        created_before=datetime.fromisoformat(params["created_before"]) if params.get("created_before") else None,
        span_texts=tuple(params.get("span_texts", [])),
        span_marks=tuple(SpanMark(m["label"], m["text"]) for m in params.get("span_marks", [])),
        own_work=OwnWork(params["own_work"]["annotator"], params["own_work"]["labelled"])
        if params.get("own_work")
        else None,
    )
