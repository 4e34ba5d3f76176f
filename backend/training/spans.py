"""Spans for the token classifier (SPAN_TAGGER): tokens with code-point offsets, BIO tags, decoding tags back to
spans, entity-level metrics (exact match), and the span list an item trains with.

Offsets count Unicode code points of the stored text (Python `str` indexing), like `Span`. A token is a run of
letters/digits, one CJK or kana character (those scripts do not separate words by spaces), or one other visible
character (punctuation, an emoji); combining marks, zero-width joiners, variation selectors and skin-tone modifiers
stay with the token before them, so a token never cuts a displayed character in two.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from backend.annotations.answers import consensus_spans
from backend.items.entities import Item, Span
from backend.training.sets import LabelRule

OUTSIDE = "O"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\S")
_JOINER = "\u200d"


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def _joins_previous(text: str, offset: int) -> bool:
    char = text[offset]
    code = ord(char)
    return (
        char == _JOINER
        or text[offset - 1] == _JOINER
        or bool(unicodedata.combining(char))
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0100 <= code <= 0xE01EF
    )


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, in order, with their code-point offsets."""
    bounds: list[list[int]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if bounds and bounds[-1][1] == start and _joins_previous(text, start):
            bounds[-1][1] = end
        else:
            bounds.append([start, end])
    return [Token(start, end, text[start:end]) for start, end in bounds]


def bio_tags(tokens: Sequence[Token], spans: Iterable[Span]) -> list[str]:
    """One tag per token: B-<label> on the first token a span touches, I-<label> on the next ones, O elsewhere. A
    span that cuts a token takes the whole token (the tagger predicts whole tokens)."""
    tags = [OUTSIDE] * len(tokens)
    for span in spans:
        inside = [i for i, t in enumerate(tokens) if t.start < span.end and span.start < t.end]
        for n, index in enumerate(inside):
            if tags[index] == OUTSIDE:
                tags[index] = f"{'B' if n == 0 else 'I'}-{span.label}"
    return tags


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    start: int
    end: int
    label: str
    first: int  # index of its first token
    last: int  # index of its last token (included)


def decode(tokens: Sequence[Token], tags: Sequence[str]) -> list[TaggedSpan]:
    """The spans the tags mark. An I- tag that does not continue a span of its label (after O, or after another
    label) starts a new span, as a B- would: the tagger predicts each token on its own and may emit that."""
    spans: list[TaggedSpan] = []
    current: list[int] | None = None  # [first, last]
    label = ""
    for index, tag in enumerate(tags):
        prefix, _, name = tag.partition("-")
        if prefix == "I" and current is not None and name == label:
            current[1] = index
            continue
        if current is not None:
            spans.append(TaggedSpan(tokens[current[0]].start, tokens[current[1]].end, label, *current))
            current = None
        if prefix in ("B", "I"):
            current, label = [index, index], name
    if current is not None:
        spans.append(TaggedSpan(tokens[current[0]].start, tokens[current[1]].end, label, *current))
    return spans


# --- entity-level metrics (exact match) -------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def entity_scores(
    gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]], labels: Sequence[str]
) -> tuple[dict[str, float], list[dict[str, object]]]:
    """Entity-level precision, recall and F1 by exact match (same start, end and label), per label and overall.

    Overall figures are micro-averaged (every span counts once); `macro_f1` is the mean of the per-label F1 over
    the labels that occur in the gold or the predicted spans (the promotion gate compares it). Per label:
    {label, precision, recall, f1, support (gold spans)}.
    """
    true_positives: Counter[str] = Counter()
    gold_counts: Counter[str] = Counter()
    predicted_counts: Counter[str] = Counter()
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        wanted = {(s.start, s.end, s.label) for s in gold_spans}
        found = {(s.start, s.end, s.label) for s in predicted_spans}
        gold_counts.update(label for _, _, label in wanted)
        predicted_counts.update(label for _, _, label in found)
        true_positives.update(label for _, _, label in wanted & found)
    per_label: list[dict[str, object]] = []
    present: list[float] = []
    for label in labels:
        precision = _ratio(true_positives[label], predicted_counts[label])
        recall = _ratio(true_positives[label], gold_counts[label])
        f1 = _f1(precision, recall)
        per_label.append(
            {"label": label, "precision": precision, "recall": recall, "f1": f1, "support": gold_counts[label]}
        )
        if gold_counts[label] or predicted_counts[label]:
            present.append(f1)
    precision = _ratio(sum(true_positives.values()), sum(predicted_counts.values()))
    recall = _ratio(sum(true_positives.values()), sum(gold_counts.values()))
    overall = {
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "macro_f1": sum(present) / len(present) if present else 0.0,
    }
    return overall, per_label


def entity_confusion(
    gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]], labels: Sequence[str]
) -> list[list[int]]:
    """A square matrix over `labels` + O: a gold span predicted at the same offsets counts in [gold][predicted]; a
    gold span with no prediction at its offsets in [gold][O]; a predicted span at offsets no gold span has in
    [O][predicted]."""
    names = [*labels, OUTSIDE]
    matrix = [[0] * len(names) for _ in names]
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        by_offsets = {(s.start, s.end): s.label for s in predicted_spans}
        gold_offsets = {(s.start, s.end) for s in gold_spans}
        for span in gold_spans:
            found = by_offsets.get((span.start, span.end), OUTSIDE)
            matrix[names.index(span.label)][names.index(found) if found in names else -1] += 1
        for span in predicted_spans:
            if (span.start, span.end) not in gold_offsets and span.label in names:
                matrix[-1][names.index(span.label)] += 1
    return matrix


# --- what an item trains with -----------------------------------------------------------------------------------


def training_spans(item: Item, rule: LabelRule, min_agreement: float | None) -> tuple[Span, ...] | None:
    """The spans `item` trains with under `rule`, or None when it has no clear answer (it is left out).

    Gold spans where the item has a gold answer. Else GOLD_OR_MAJORITY: `consensus_spans` of the annotators'
    answers (a span is in when more than half of them marked exactly it, or at least `min_agreement` of them when
    given); UNANIMOUS: the answer when every annotator gave the same spans; GOLD_ONLY: left out.
    """
    if item.gold_label is not None:
        return item.gold_spans
    if rule is LabelRule.GOLD_ONLY or not item.annotations:
        return None
    answers = [a.spans for a in item.annotations]
    if rule is LabelRule.UNANIMOUS:
        return answers[0] if len({a.label for a in item.annotations}) == 1 else None
    min_votes = None if min_agreement is None else max(1, math.ceil(min_agreement * len(answers)))
    return consensus_spans(answers, min_votes)


def label_counts(targets: Iterable[Sequence[Span]]) -> dict[str, int]:
    """How many items have at least one span of each label (the run's label counts; monitoring compares the share
    of predictions with each label to these)."""
    return dict(Counter(label for spans in targets for label in sorted({s.label for s in spans})))
