"""Label sets and spans read from an import line (MULTI_LABEL and SPANS datasets), before validation.

A file gives a MULTI_LABEL answer as a list of label names (`[]` = none of these; in a CSV cell also the names
joined by "|", or the list as JSON) and a SPANS answer as a list of `{start, end, label}` objects (offsets in
Unicode code points; an export's `text` of each span is checked against the item's text). The import service
validates what is read with `validate_answer`, so a wrong label or span is reported as the workspace reports it."""

from __future__ import annotations

import json
from typing import Any

from backend.annotations.answers import AnswerInput, SpanInput
from backend.datasets.entities import TaskType

GOLD_LABELS = "gold_labels"  # an export's gold set (MULTI_LABEL)
GOLD_SPANS = "gold_spans"  # an export's gold spans (SPANS)
LABELS = "labels"
SPANS = "spans"


def _decoded(value: Any) -> Any:
    """A CSV cell holding JSON (a list), decoded; anything else as it is."""
    if isinstance(value, str) and value.strip()[:1] == "[":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def labels_input(value: Any, field: str) -> AnswerInput | str | None:
    """The set in `value` (None: no answer), or why it cannot be read."""
    decoded = _decoded(value)
    if decoded is None or decoded == "":
        return None
    if isinstance(decoded, str):
        decoded = [part.strip() for part in decoded.split("|") if part.strip()]
    if not isinstance(decoded, list) or not all(isinstance(x, str) for x in decoded):
        return f"{field} must be a list of label names ([] when none of them applies)"
    labels = tuple(x.strip() for x in decoded)
    return AnswerInput(labels=labels, none_of_these=not labels)


def spans_input(value: Any, field: str) -> AnswerInput | str | None:
    """The spans in `value` (None: no answer), or why they cannot be read."""
    decoded = _decoded(value)
    if decoded is None or decoded == "":
        return None
    if not isinstance(decoded, list):
        return f"{field} must be a list of spans {{start, end, label}} ([] when nothing is marked)"
    spans: list[SpanInput] = []
    for i, raw in enumerate(decoded):
        start = raw.get("start") if isinstance(raw, dict) else None
        end = raw.get("end") if isinstance(raw, dict) else None
        label = raw.get("label") if isinstance(raw, dict) else None
        text = raw.get("text") if isinstance(raw, dict) else None
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
            start = None
        if start is None or end is None or not isinstance(label, str):
            return (
                f"{field}[{i}] must be an object {{start, end, label}}: integer offsets in Unicode code points of "
                "the text, and a label name"
            )
        spans.append(SpanInput(start, end, label.strip(), text if isinstance(text, str) else None))
    return AnswerInput(spans=tuple(spans))


def answer_of(
    task_type: TaskType, fields: dict[str, Any], gold: bool, field: str | None = None
) -> AnswerInput | str | None:
    """The MULTI_LABEL or SPANS answer of a line's gold fields (`gold`: `field` or the export's `gold_…` name) or
    of one exported annotation; None for SINGLE_LABEL datasets and when there is none."""
    if task_type is TaskType.MULTI_LABEL:
        names = (field or LABELS, GOLD_LABELS) if gold else (LABELS,)
        reader = labels_input
    elif task_type is TaskType.SPANS:
        names = (field or SPANS, GOLD_SPANS) if gold else (SPANS,)
        reader = spans_input
    else:
        return None
    for name in names:
        if fields.get(name) not in (None, ""):
            return reader(fields[name], name)
    return None
