"""What an annotation answers, by task type: one label, a set of labels, or spans of the text.

Every answer has a key, a canonical text equal for equal answers: the label itself (SINGLE_LABEL), the chosen
labels in the dataset's order joined by "+" or "(none)" (MULTI_LABEL), the spans as "start-end:LABEL" joined by
" " or "(no spans)" (SPANS). Status (AGREED when every key is equal), the majority and history compare keys.

Consensus (training labels, agreement with the consensus):
- MULTI_LABEL: a label is in the consensus when more than half of the item's annotators chose it.
- SPANS: a span is in the consensus when at least `min_votes` annotators (default: more than half) marked exactly
  that span (same start, end and label).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from backend.datasets.entities import Dataset, TaskType
from backend.errors import FieldProblem, ValidationFailed
from backend.items.entities import Annotation, Span

NONE_KEY = "(none)"
NO_SPANS_KEY = "(no spans)"
MAX_SPANS = 500


@dataclass(frozen=True, slots=True)
class SpanInput:
    start: int
    end: int
    label: str
    text: str | None = None  # the marked text as the client saw it: checked against the stored text when given


@dataclass(frozen=True, slots=True)
class AnswerInput:
    """What a client sends: exactly the part its dataset's task type reads."""

    label: str | None = None  # SINGLE_LABEL
    labels: tuple[str, ...] | None = None  # MULTI_LABEL
    none_of_these: bool = False  # MULTI_LABEL: the explicit empty answer
    spans: tuple[SpanInput, ...] | None = None  # SPANS


@dataclass(frozen=True, slots=True)
class Answer:
    """A validated answer in canonical form."""

    key: str
    labels: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()


def labels_key(labels: Sequence[str]) -> str:
    return "+".join(labels) if labels else NONE_KEY


def spans_key(spans: Sequence[Span]) -> str:
    return " ".join(f"{s.start}-{s.end}:{s.label}" for s in spans) if spans else NO_SPANS_KEY


def validate_answer(dataset: Dataset, text: str | None, answer: AnswerInput) -> Answer:
    """The canonical answer, or ValidationFailed naming every wrong field, label or span (nothing is stored)."""
    if dataset.task_type is TaskType.MULTI_LABEL:
        return _multi_label(dataset, answer)
    if dataset.task_type is TaskType.SPANS:
        return _spans(dataset, text or "", answer)
    return _single_label(dataset, answer)


def _unknown(dataset: Dataset, field: str, label: str) -> FieldProblem:
    message = f"label '{label}' is not in dataset '{dataset.id}' labels {dataset.label_names}"
    return FieldProblem(field, "unknown_label", message)


def _wrong_part(dataset: Dataset, field: str, wanted: str) -> FieldProblem:
    return FieldProblem(
        field,
        "wrong_task_type",
        f"dataset '{dataset.id}' is {dataset.task_type.value}: give {wanted}, not `{field}`",
    )


def _single_label(dataset: Dataset, answer: AnswerInput) -> Answer:
    problems = [_wrong_part(dataset, f, "`label`") for f, v in _others(answer, "label") if v]
    if answer.label is None:
        problems.append(FieldProblem("label", "required", "give `label`, one of the dataset's labels"))
    elif answer.label not in dataset.label_names:
        problems.append(_unknown(dataset, "label", answer.label))
    if problems:
        raise ValidationFailed(problems)
    assert answer.label is not None
    return Answer(answer.label)


def _others(answer: AnswerInput, keep: str) -> list[tuple[str, object]]:
    parts: dict[str, object] = {
        "label": answer.label is not None,
        "labels": answer.labels is not None or answer.none_of_these,
        "spans": answer.spans is not None,
    }
    return [(name, given) for name, given in parts.items() if name != keep]


def _multi_label(dataset: Dataset, answer: AnswerInput) -> Answer:
    problems = [_wrong_part(dataset, f, "`labels` (or `noneOfThese`)") for f, v in _others(answer, "labels") if v]
    chosen = list(answer.labels or ())
    for i, label in enumerate(chosen):
        if label not in dataset.label_names:
            problems.append(_unknown(dataset, f"labels[{i}]", label))
    duplicates = sorted({label for label in chosen if chosen.count(label) > 1})
    if duplicates:
        problems.append(FieldProblem("labels", "duplicate_label", f"give each label once: {duplicates} repeated"))
    if answer.none_of_these and chosen:
        problems.append(
            FieldProblem(
                "noneOfThese", "contradiction", "`noneOfThese` is true but labels were given: send one or the other"
            )
        )
    if not chosen and not answer.none_of_these and not problems:
        problems.append(
            FieldProblem(
                "labels",
                "empty_set",
                "no label chosen: choose at least one label, or say `noneOfThese: true` when none applies",
            )
        )
    if problems:
        raise ValidationFailed(problems)
    ordered = tuple(name for name in dataset.label_names if name in chosen)
    return Answer(labels_key(ordered), labels=ordered)


def _splits_character(text: str, offset: int) -> bool:
    """True when `offset` falls inside what displays as one character: before a combining mark, a zero-width
    joiner, a variation selector or an emoji skin-tone modifier, or right after a zero-width joiner."""
    if offset <= 0 or offset >= len(text):
        return False
    after, before = text[offset], text[offset - 1]
    joiner = "\u200d"
    if after == joiner or before == joiner or unicodedata.combining(after):
        return True
    code = ord(after)
    return 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0100 <= code <= 0xE01EF


def _spans(dataset: Dataset, text: str, answer: AnswerInput) -> Answer:
    problems = [_wrong_part(dataset, f, "`spans`") for f, v in _others(answer, "spans") if v]
    given = list(answer.spans or ())
    if answer.spans is None and not problems:
        problems.append(FieldProblem("spans", "required", "give `spans` (an empty list when there is nothing to mark)"))
    if len(given) > MAX_SPANS:
        problems.append(FieldProblem("spans", "too_many", f"{len(given)} spans: at most {MAX_SPANS} per item"))
    valid: list[tuple[int, Span]] = []
    for i, span in enumerate(given):
        field = f"spans[{i}]"
        name = f"span {i} ({span.start}-{span.end} {span.label})"
        if span.label not in dataset.label_names:
            problems.append(_unknown(dataset, f"{field}.label", span.label))
            continue
        if not 0 <= span.start < span.end <= len(text):
            problems.append(
                FieldProblem(
                    field,
                    "out_of_text",
                    f"{name} is not inside the text: need 0 <= start < end <= {len(text)} "
                    "(offsets count Unicode code points of the stored text)",
                )
            )
            continue
        if _splits_character(text, span.start) or _splits_character(text, span.end):
            problems.append(
                FieldProblem(field, "splits_character", f"{name} cuts a character in two: move its edges outside it")
            )
            continue
        if span.text is not None and text[span.start : span.end] != span.text:
            problems.append(
                FieldProblem(
                    field,
                    "text_mismatch",
                    f"{name} marks {text[span.start : span.end]!r} but the client saw {span.text!r}: offsets count "
                    "Unicode code points (an emoji is one), not UTF-16 units or bytes",
                )
            )
            continue
        valid.append((i, Span(span.start, span.end, span.label)))
    valid.sort(key=lambda pair: (pair[1].start, pair[1].end))
    for (i, a), (j, b) in itertools.pairwise(valid):
        if b.start < a.end:
            problems.append(
                FieldProblem(
                    f"spans[{j}]",
                    "overlap",
                    f"span {j} ({b.start}-{b.end} {b.label}) overlaps span {i} ({a.start}-{a.end} {a.label}): "
                    "spans may not overlap",
                )
            )
    if problems:
        raise ValidationFailed(problems)
    spans = tuple(span for _, span in valid)
    return Answer(spans_key(spans), spans=spans)


def answer_labels(annotation: Annotation) -> tuple[str, ...]:
    """The labels an annotation uses: its one label, its set, or its spans' labels (for search and facets)."""
    if annotation.spans:
        return tuple(sorted({s.label for s in annotation.spans}))
    if annotation.labels or annotation.label == NONE_KEY:
        return annotation.labels
    if annotation.label == NO_SPANS_KEY:
        return ()
    return (annotation.label,)


def consensus_labels(sets: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """MULTI_LABEL: the labels chosen by more than half of the annotators, in first-seen order (sets are stored in
    the dataset's label order; a set's own iteration order would change from one process to the next)."""
    votes = Counter(label for chosen in sets for label in dict.fromkeys(chosen))
    return tuple(label for label, n in votes.items() if n * 2 > len(sets))


def consensus_spans(answers: Sequence[Sequence[Span]], min_votes: int | None = None) -> tuple[Span, ...]:
    """SPANS: the spans marked exactly alike by at least `min_votes` annotators (default: more than half),
    never overlapping (of two overlapping, the one with more votes, then the earlier, is kept)."""
    needed = min_votes if min_votes is not None else len(answers) // 2 + 1
    votes = Counter(span for spans in answers for span in set(spans))
    kept: list[Span] = []
    for span, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0].start, kv[0].end, kv[0].label)):
        if votes[span] >= needed and all(span.end <= k.start or k.end <= span.start for k in kept):
            kept.append(span)
    return tuple(sorted(kept, key=lambda s: (s.start, s.end)))
