"""Tokens, BIO tags, decoding and entity-level metrics of the span tagger (backend/training/spans.py), on
hand-computed fixtures; and a small fit of the tagger itself (backend/training/span_tagger.py)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from backend.items.entities import Span
from backend.training.fitting import FitRequest, TrainingDataError, fit
from backend.training.spans import bio_tags, decode, entity_confusion, entity_scores, tokenize


def test_tokens_carry_code_point_offsets_through_accents_emoji_and_cjk() -> None:
    # given a text with an accent, a decomposed accent, an emoji with a skin tone, and CJK characters
    text = "Zoë met Rene\u0301 👋🏽 in 東京."

    # when it is tokenized
    tokens = tokenize(text)

    # then each token is whole (the combining accent and the skin tone stay with their character), CJK characters
    # are tokens of their own, and the offsets index the Python string
    assert [t.text for t in tokens] == ["Zoë", "met", "Rene\u0301", "👋🏽", "in", "東", "京", "."]
    assert [(t.start, t.end) for t in tokens] == [
        (0, 3),
        (4, 7),
        (8, 13),
        (14, 16),
        (17, 19),
        (20, 21),
        (21, 22),
        (22, 23),
    ]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_bio_tags_mark_the_first_token_of_a_span_b_and_the_next_ones_i() -> None:
    # given "Ada Lovelace visited New York today" with a PER span on two tokens and a LOC span on two tokens
    text = "Ada Lovelace visited New York today"
    tokens = tokenize(text)
    spans = [Span(0, 12, "PER"), Span(21, 29, "LOC")]

    # when the tags are made
    tags = bio_tags(tokens, spans)

    # then
    assert tags == ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"]


def test_decoding_bio_gives_back_the_spans_and_repairs_an_i_tag_that_starts_a_span() -> None:
    # given tags where an I-LOC follows O (invalid) and an I-PER follows a LOC span (a label change)
    tokens = tokenize("a b c d e f")
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-PER", "O"]

    # when they are decoded
    spans = decode(tokens, tags)

    # then the I- tags that do not continue a span of their label start new spans, as B- would
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 3, "PER"), (6, 7, "LOC"), (8, 9, "PER")]
    assert [(s.first, s.last) for s in spans] == [(0, 1), (3, 3), (4, 4)]


def test_encoding_then_decoding_keeps_token_aligned_spans() -> None:
    # given token-aligned spans on a Unicode text
    text = "Zoë flew from São Paulo to 東京 👋"
    spans = [Span(0, 3, "PER"), Span(14, 23, "LOC"), Span(27, 29, "LOC")]

    # when they are tagged and decoded
    tokens = tokenize(text)
    back = decode(tokens, bio_tags(tokens, spans))

    # then the same spans come back
    assert [Span(s.start, s.end, s.label) for s in back] == spans
    assert [text[s.start : s.end] for s in back] == ["Zoë", "São Paulo", "東京"]


def test_entity_scores_are_exact_match_per_label_and_overall() -> None:
    # given two texts: gold PER(0,3) LOC(10,15) | LOC(0,5) PER(8,11); predicted PER(0,3) LOC(10,14) | LOC(0,5) ORG(8,11)
    gold = [[Span(0, 3, "PER"), Span(10, 15, "LOC")], [Span(0, 5, "LOC"), Span(8, 11, "PER")]]
    predicted = [[Span(0, 3, "PER"), Span(10, 14, "LOC")], [Span(0, 5, "LOC"), Span(8, 11, "ORG")]]

    # when they are scored
    overall, per_label = entity_scores(gold, predicted, ["LOC", "ORG", "PER"])

    # then: LOC tp 1 (0-5), predicted 2, gold 2 → P 1/2, R 1/2, F1 1/2
    #       ORG tp 0, predicted 1, gold 0 → P 0, R 0, F1 0
    #       PER tp 1 (0-3), predicted 1, gold 2 → P 1, R 1/2, F1 2·1·0.5/1.5 = 2/3
    #       overall tp 2, predicted 4, gold 4 → P 1/2, R 1/2, F1 1/2; macro F1 (1/2 + 0 + 2/3) / 3 = 7/18
    assert per_label == [
        {"label": "LOC", "precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2},
        {"label": "ORG", "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0},
        {"label": "PER", "precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2},
    ]
    assert overall == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "macro_f1": pytest.approx(7 / 18)}


def test_entity_confusion_counts_relabelled_missed_and_spurious_spans() -> None:
    # given the same two texts as above
    gold = [[Span(0, 3, "PER"), Span(10, 15, "LOC")], [Span(0, 5, "LOC"), Span(8, 11, "PER")]]
    predicted = [[Span(0, 3, "PER"), Span(10, 14, "LOC")], [Span(0, 5, "LOC"), Span(8, 11, "ORG")]]

    # when the confusion is counted over LOC, ORG, PER and O
    matrix = entity_confusion(gold, predicted, ["LOC", "ORG", "PER"])

    # then LOC→LOC 1 and LOC(10,15) missed → O; PER→PER 1 and PER(8,11) predicted ORG; LOC(10,14) is spurious
    assert matrix == [[1, 0, 0, 1], [0, 0, 0, 0], [0, 1, 1, 0], [1, 0, 0, 0]]


def _sentences(count: int) -> tuple[list[str], list[tuple[Span, ...]]]:
    names, places = ["Ada", "Zoë", "Kenji", "Amélie"], ["Paris", "Lisbon", "東京", "Oslo"]
    texts, targets = [], []
    for i in range(count):
        name, place = names[i % 4], places[(i // 4) % 4]
        text = f"{name} flew to {place} on day {i}"
        texts.append(text)
        start = len(name) + len(" flew to ")
        targets.append((Span(0, len(name), "PER"), Span(start, start + len(place), "LOC")))
    return texts, targets


def _request(texts: list[str], targets: list[tuple[Span, ...]]) -> FitRequest:
    params = {"window": 2, "hash_bits": 12, "loss": "log_loss", "alpha": 1e-4, "epochs": 5, "seed": 1}
    validation = {"method": "HOLDOUT", "test_fraction": 0.25, "folds": 5, "seed": 42}
    return FitRequest("SPAN_TAGGER", params, True, texts, ["key"] * len(texts), validation, spans=targets)


def test_the_tagger_learns_a_regular_pattern_emits_a_point_per_epoch_and_pickles() -> None:
    # given 40 sentences "<name> flew to <place> on day <n>"
    texts, targets = _sentences(40)
    events: list[tuple[str, dict[str, object]]] = []

    # when the tagger is fitted
    result = fit(_request(texts, targets), lambda kind, payload: events.append((kind, payload)))

    # then every epoch gave a metric point, the hold-out spans are all found, and the model survives pickling
    points = [p for kind, p in events if kind == "metric"]
    assert [p["step"] for p in points] == [1, 2, 3, 4, 5]
    assert result.metrics["f1"] == 1.0
    assert result.classes == ["LOC", "PER", "O"]
    assert (result.train_size, result.validation_size) == (30, 10)
    model = pickle.loads(pickle.dumps(result.model))  # noqa: S301 -- the bytes just made here
    [prediction] = model.predict_texts(["Kenji flew to Oslo on day 99"])
    assert [(s.start, s.end, s.label) for s in prediction.spans] == [(0, 5, "PER"), (14, 18, "LOC")]
    assert 0.0 <= prediction.uncertainty <= 1.0
    assert list(model.predict(np.asarray([["Kenji flew to Oslo on day 99"]], dtype=object))) == ["0-5:PER 14-18:LOC"]


def test_a_training_set_without_any_span_is_refused_with_the_reason() -> None:
    # given four texts with no spans
    texts = ["a b", "c d", "e f", "g h"]

    # when / then
    with pytest.raises(TrainingDataError, match="no item of the training set has a span"):
        fit(_request(texts, [(), (), (), ()]), lambda kind, payload: None)


def test_cross_validation_gives_a_point_per_fold_and_an_empty_text_gets_no_span() -> None:
    # given 20 sentences measured by 4-fold cross-validation
    texts, targets = _sentences(20)
    request = _request(texts, targets)
    request.validation = {"method": "CROSS_VALIDATION", "folds": 4, "seed": 42}
    events: list[tuple[str, dict[str, object]]] = []

    # when the tagger is fitted
    result = fit(request, lambda kind, payload: events.append((kind, payload)))

    # then one metric point per fold, every item measured once, and an empty text predicts nothing, surely
    assert [p["fold"] for kind, p in events if kind == "metric"] == [1, 2, 3, 4]
    assert (result.train_size, result.validation_size) == (20, 20)
    assert sum(int(str(row["support"])) for row in result.per_class) == 40
    [empty] = result.model.predict_texts([""])
    assert (empty.spans, empty.confidence, empty.uncertainty) == ((), 1.0, 0.0)
