"""Serving, batch scoring and evaluation of a span model (SPAN_TAGGER, backend/training/span_tagger.py).

A span model answers each text with spans (offsets in code points, a score each); its prediction row's `label` is
the spans' key (backend/annotations/answers.py) and its `confidence` the lowest top-tag probability of the text's
tokens. A suggestion's uncertainty is 1 - the text's lowest token margin.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np

from backend.annotations.answers import spans_key
from backend.items.entities import Item, Span, Suggestion
from backend.models.entities import PredictionRow
from backend.training.span_tagger import SpanTagger, TextPrediction
from backend.training.spans import entity_scores


def is_span_model(model: Any) -> bool:
    return isinstance(model, SpanTagger)


def _plain(prediction: TextPrediction) -> list[Span]:
    return [Span(s.start, s.end, s.label) for s in prediction.spans]


def _texts(matrix: np.ndarray) -> list[str]:
    return [str(row[0]) for row in matrix]


async def span_rows(model: SpanTagger, matrix: np.ndarray) -> list[PredictionRow]:
    """One row per text (a 2-D input with the text in column 0): the spans, their key and the confidence."""
    texts = _texts(matrix)
    predictions = await asyncio.to_thread(model.predict_texts, texts)
    return [
        PredictionRow(label=spans_key(_plain(p)), confidence=p.confidence, probabilities=(), spans=p.spans, text=text)
        for p, text in zip(predictions, texts, strict=True)
    ]


async def span_suggestions(
    model: SpanTagger, matrix: np.ndarray, items: Sequence[Item], name: str, version: str, at: datetime
) -> list[tuple[Item, Suggestion]]:
    """Each item's suggestion: its suggested spans with their key as the label, uncertainty 1 - the lowest token
    margin, entropy the mean token entropy."""
    predictions = await asyncio.to_thread(model.predict_texts, _texts(matrix))
    return [
        (
            item,
            Suggestion(
                label=spans_key(_plain(p)),
                confidence=p.confidence,
                uncertainty=p.uncertainty,
                entropy=p.entropy,
                model=name,
                version=version,
                at=at,
                spans=p.spans,
            ),
        )
        for item, p in zip(items, predictions, strict=True)
    ]


def span_evaluation(model: SpanTagger, items: Sequence[Item]) -> tuple[float, float, dict[str, float]]:
    """(accuracy, macro F1, recall per label) of `model` on gold-labelled items: accuracy is the share of items
    whose spans are exactly the gold spans; macro F1 and recall are entity-level, by exact match (the promotion gate
    compares them as it compares a classifier's)."""
    if not items:
        return 0.0, 0.0, {}
    predicted = [_plain(p) for p in model.predict_texts([i.text or "" for i in items])]
    gold = [list(i.gold_spans) for i in items]
    labels = sorted({*model.labels_, *(s.label for spans in gold for s in spans)})
    overall, per_label = entity_scores(gold, predicted, labels)
    exact = sum(1 for g, p in zip(gold, predicted, strict=True) if set(g) == set(p)) / len(items)
    return exact, overall["macro_f1"], {str(row["label"]): float(row["recall"]) for row in per_label}  # type: ignore[arg-type]
