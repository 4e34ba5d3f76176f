"""The fields an export writes besides id, text and label, read back by an import: the round trip (docs/data.md).

An export row has `gold_label`, `gold_label_comment`, `annotations` (objects of annotator, label, note,
updated_at, suggestion_accepted, suggestion_model, suggestion_version), `metadata`, `features`, `status` and
`suggestion`; in CSV the objects and lists are JSON text."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.annotations.answers import AnswerInput
from backend.datasets.entities import TaskType
from backend.imports.answers_in import GOLD_LABELS, GOLD_SPANS, answer_of

GOLD_LABEL = "gold_label"  # what exports write; imports read it as well as the mapping's `label` ("label")
GOLD_COMMENT = "gold_label_comment"
ANNOTATIONS = "annotations"
# Columns of an export that are neither content nor metadata: not turned into metadata by a CSV import.
EXPORT_ONLY = frozenset(
    {GOLD_LABEL, GOLD_LABELS, GOLD_SPANS, GOLD_COMMENT, ANNOTATIONS, "status", "suggestion", "features", "metadata"}
)
MAX_ANNOTATIONS = 50
NAME_MAX = 64
NOTE_MAX = 2000


@dataclass(frozen=True, slots=True)
class ImportedAnnotation:
    annotator: str
    label: str
    note: str | None
    updated_at: datetime | None
    suggestion_accepted: bool | None = None  # an export's record of the model's suggestion, read back as it is
    suggestion_model: str | None = None
    suggestion_version: str | None = None
    answer: AnswerInput | None = None  # MULTI_LABEL and SPANS: the set or spans (validated by the service)


def _json(value: Any) -> Any:
    """A CSV cell holding JSON (an export's list or object), decoded; anything else as it is."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def exported_metadata(value: Any) -> dict[str, Any]:
    """The `metadata` object of an export row (JSONL object, or JSON text in a CSV cell); {} otherwise."""
    decoded = _json(value)
    return dict(decoded) if isinstance(decoded, dict) else {}


def exported_features(value: Any) -> dict[str, float] | None:
    """An export row's `features` object of numbers; None when there is none."""
    decoded = _json(value)
    if not isinstance(decoded, dict) or not decoded:
        return None
    out: dict[str, float] = {}
    for name, number in decoded.items():
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
            return None
        out[str(name)] = float(number)
    return out


def gold_comment(fields: dict[str, Any]) -> str | None:
    comment = fields.get(GOLD_COMMENT)
    return comment.strip()[:NOTE_MAX] or None if isinstance(comment, str) else None


def annotations_of(
    fields: dict[str, Any], task_type: TaskType = TaskType.SINGLE_LABEL
) -> tuple[ImportedAnnotation, ...] | str:
    """The row's annotations, or why they cannot be read (the line is then skipped). MULTI_LABEL annotations give
    `labels`, SPANS ones `spans`, in place of `label`."""
    raw = _json(fields.get(ANNOTATIONS))
    if raw in (None, "", []):
        return ()
    if not isinstance(raw, list):
        return "annotations must be a list of objects {annotator, label, note}"
    if len(raw) > MAX_ANNOTATIONS:
        return f"at most {MAX_ANNOTATIONS} annotations per item"
    out: list[ImportedAnnotation] = []
    for index, entry in enumerate(raw):
        annotator = entry.get("annotator") if isinstance(entry, dict) else None
        label = entry.get("label") if isinstance(entry, dict) else None
        answer = answer_of(task_type, entry, gold=False) if isinstance(entry, dict) else None
        if isinstance(answer, str):
            return f"annotations[{index}].{answer}"
        if answer is not None:
            label = ""  # the service sets the answer's key
        elif not isinstance(label, str) or not label:
            label = None
        if not isinstance(annotator, str) or not annotator.strip() or label is None:
            wanted = {TaskType.MULTI_LABEL: "'labels'", TaskType.SPANS: "'spans'"}.get(task_type, "a 'label'")
            return f"annotations[{index}]: give each annotation an 'annotator' (a user name) and {wanted}"
        if len(annotator) > NAME_MAX:
            return f"annotations[{index}]: annotator names have at most {NAME_MAX} characters"
        if any(a.annotator == annotator.strip() for a in out):
            return f"annotations[{index}]: '{annotator}' labels the item twice (one label per annotator)"
        note = entry.get("note")
        out.append(
            ImportedAnnotation(
                annotator=annotator.strip(),
                label=label.strip(),
                note=note[:NOTE_MAX] if isinstance(note, str) and note else None,
                updated_at=_instant(entry.get("updated_at")),
                **_suggestion_record(entry),
                answer=answer,
            )
        )
    return tuple(out)


def _suggestion_record(entry: dict[str, Any]) -> dict[str, Any]:
    """Whether the annotation was the model's suggestion accepted unchanged, and whose (None unless a boolean)."""
    accepted = entry.get("suggestion_accepted")
    if not isinstance(accepted, bool):
        return {}
    model, version = entry.get("suggestion_model"), entry.get("suggestion_version")
    return {
        "suggestion_accepted": accepted,
        "suggestion_model": model[:NAME_MAX] if isinstance(model, str) else None,
        "suggestion_version": version[:NAME_MAX] if isinstance(version, str) else None,
    }


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.tzinfo is not None else None
