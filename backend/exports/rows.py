"""Export rows of MULTI_LABEL and SPANS datasets: label sets and spans where a single-label row has a label.

A MULTI_LABEL row has `gold_labels` (the gold set, `[]` = none of these, null = no gold answer) and annotations
with `labels`; a SPANS row has `gold_spans` and annotations with `spans`, each span `{start, end, label, text}`
(offsets in Unicode code points of `text`; the span's `text` is there to be read, an import checks it). The answers'
keys are never written. The suggestion gives its `labels` (with scores) or `spans` (with scores). An import reads
all of it back (backend/imports/answers_in.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from backend.datasets.entities import TaskType
from backend.items.entities import Annotation, Item, ScoredSpan, Span, Suggestion

MULTI_LABEL_COLUMNS = [
    "id",
    "text",
    "features",
    "metadata",
    "status",
    "gold_labels",
    "gold_label_comment",
    "annotations",
    "suggestion",
]
SPANS_COLUMNS = [*MULTI_LABEL_COLUMNS[:5], "gold_spans", *MULTI_LABEL_COLUMNS[6:]]
CSV_LABEL_SEPARATOR = "|"


def spans_out(text: str | None, spans: Sequence[Span | ScoredSpan]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for span in spans:
        entry: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
        entry["text"] = (text or "")[span.start : span.end]
        if isinstance(span, ScoredSpan):
            entry["score"] = span.score
        out.append(entry)
    return out


def _answer(task_type: TaskType, text: str | None, annotation: Annotation) -> dict[str, Any]:
    if task_type is TaskType.MULTI_LABEL:
        return {"labels": list(annotation.labels)}
    return {"spans": spans_out(text, annotation.spans)}


def _suggestion(task_type: TaskType, text: str | None, suggestion: Suggestion) -> dict[str, Any]:
    answer: dict[str, Any] = (
        {"labels": [{"label": x.label, "score": x.score} for x in suggestion.labels]}
        if task_type is TaskType.MULTI_LABEL
        else {"spans": spans_out(text, suggestion.spans)}
    )
    return {**answer, "confidence": suggestion.confidence, "model": suggestion.model, "version": suggestion.version}


def structured_row(task_type: TaskType, item: Item, comment: str | None) -> dict[str, Any]:
    """One MULTI_LABEL or SPANS item, with the field names an import reads back."""
    has_gold = item.gold_label is not None
    gold: dict[str, Any] = (
        {"gold_labels": list(item.gold_labels) if has_gold else None}
        if task_type is TaskType.MULTI_LABEL
        else {"gold_spans": spans_out(item.text, item.gold_spans) if has_gold else None}
    )
    return {
        "id": item.external_id,
        "text": item.text,
        "features": item.features,
        "metadata": item.metadata,
        "status": item.status.value,
        **gold,
        "gold_label_comment": comment,
        "annotations": [
            {
                "annotator": a.annotator,
                **_answer(task_type, item.text, a),
                "note": a.note,
                "updated_at": a.updated_at.isoformat(),
                "suggestion_accepted": a.suggestion_accepted,
                "suggestion_model": a.suggestion_model,
                "suggestion_version": a.suggestion_version,
            }
            for a in item.annotations
        ],
        "suggestion": _suggestion(task_type, item.text, item.suggestion) if item.suggestion else None,
    }


def csv_columns(task_type: TaskType, single_label: list[str]) -> list[str]:
    if task_type is TaskType.MULTI_LABEL:
        return MULTI_LABEL_COLUMNS
    if task_type is TaskType.SPANS:
        return SPANS_COLUMNS
    return single_label


def csv_cells(row: dict[str, Any]) -> dict[str, Any]:
    """A MULTI_LABEL row's gold set joined by "|" for spreadsheets ("[]": none of these; empty: no gold answer)."""
    labels = row.get("gold_labels")
    if isinstance(labels, list):
        return {**row, "gold_labels": CSV_LABEL_SEPARATOR.join(labels) if labels else "[]"}
    return row
