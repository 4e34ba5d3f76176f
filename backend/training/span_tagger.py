"""SPAN_TAGGER: a token classifier over BIO tags. Each token's features (the words of a window around it, its shape,
prefix and suffix) are hashed (FeatureHasher) and a linear model is trained by SGD, one `partial_fit` per epoch
with a metric point per epoch on the hold-out.

A predicted span's score is the lowest probability, among its tokens, of the tag the tagger gave them (a span is
only as sure as its least sure token). A text's uncertainty is 1 - its lowest token margin (top tag probability
minus the second), the UNCERTAINTY queue's order.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import KFold, train_test_split

from backend.annotations.answers import spans_key
from backend.items.entities import ScoredSpan, Span
from backend.training.fitting import Emit, FitRequest, FitResult, TrainingDataError
from backend.training.spans import OUTSIDE, Token, bio_tags, decode, entity_confusion, entity_scores, tokenize


def _shape(word: str) -> str:
    out: list[str] = []
    for char in word[:8]:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


def token_features(tokens: Sequence[Token], window: int) -> list[list[str]]:
    """Per token, the names of its features (hashed later)."""
    words = [t.text.lower() for t in tokens]
    rows = []
    for index, token in enumerate(tokens):
        features = [
            "bias",
            f"w={words[index]}",
            f"shape={_shape(token.text)}",
            f"pre={words[index][:3]}",
            f"suf={words[index][-3:]}",
        ]
        for offset in range(1, window + 1):
            before, after = index - offset, index + offset
            features.append(f"w-{offset}={words[before] if before >= 0 else '<s>'}")
            features.append(f"w+{offset}={words[after] if after < len(words) else '</s>'}")
        if index > 0:
            features.append(f"shape-1={_shape(tokens[index - 1].text)}")
        rows.append(features)
    return rows


@dataclass(frozen=True, slots=True)
class TextPrediction:
    spans: tuple[ScoredSpan, ...]
    confidence: float  # the lowest top-tag probability of its tokens (1.0 without tokens)
    uncertainty: float  # 1 - the lowest token margin (0.0 without tokens)
    entropy: float  # mean token entropy, in nats


class SpanTagger(BaseEstimator):  # type: ignore[misc]
    """The model a SPAN_TAGGER run registers: texts in, spans out. Picklable; `predict` gives each text's span key
    (the MLflow signature's output), `predict_texts` the scored spans."""

    def __init__(
        self, window: int = 2, hash_bits: int = 18, loss: str = "log_loss", alpha: float = 1e-5, seed: int = 42
    ) -> None:
        self.window = window
        self.hash_bits = hash_bits
        self.loss = loss
        self.alpha = alpha
        self.seed = seed

    def _hasher(self) -> FeatureHasher:
        return FeatureHasher(n_features=2**self.hash_bits, input_type="string", alternate_sign=False)

    def features(self, texts: Sequence[str]) -> tuple[list[list[Token]], Any]:
        tokens = [tokenize(text) for text in texts]
        names = [row for sentence in tokens for row in token_features(sentence, self.window)]
        if not names:  # FeatureHasher cannot take an empty input (texts of spaces only, or none)
            return tokens, self._hasher().transform([["bias"]])[:0]
        return tokens, self._hasher().transform(names)

    def start(self, labels: Sequence[str]) -> None:
        """Ready an untrained model over `labels` (entity labels, sorted)."""
        self.labels_ = list(labels)
        self.tags_ = [OUTSIDE, *(f"{p}-{label}" for label in labels for p in ("B", "I"))]
        self.classes_ = np.asarray(self.labels_, dtype=object)
        self.model_ = SGDClassifier(loss=self.loss, alpha=self.alpha, random_state=self.seed)

    def epoch(self, x: Any, tags: np.ndarray, rng: np.random.Generator) -> None:
        order = rng.permutation(x.shape[0])
        self.model_.partial_fit(x[order], tags[order], classes=self.tags_)

    def _probabilities(self, x: Any) -> np.ndarray:
        if x.shape[0] == 0:
            return np.zeros((0, len(self.tags_)))
        proba = np.asarray(self.model_.predict_proba(x))
        columns = [list(self.model_.classes_).index(tag) for tag in self.tags_]
        return proba[:, columns]

    def predict_texts(self, texts: Sequence[str]) -> list[TextPrediction]:
        tokens, x = self.features(texts)
        proba = self._probabilities(x)
        out: list[TextPrediction] = []
        row = 0
        for sentence in tokens:
            p = proba[row : row + len(sentence)]
            row += len(sentence)
            out.append(self._text_prediction(sentence, p))
        return out

    def _text_prediction(self, tokens: list[Token], proba: np.ndarray) -> TextPrediction:
        if not tokens:
            return TextPrediction((), 1.0, 0.0, 0.0)
        best = proba.argmax(axis=1)
        tags = [self.tags_[b] for b in best]
        top = proba[np.arange(len(tokens)), best]
        ordered = np.sort(proba, axis=1)
        margin = ordered[:, -1] - ordered[:, -2]
        clipped = np.clip(proba, 1e-12, 1.0)
        entropy = float(-(clipped * np.log(clipped)).sum(axis=1).mean())
        spans = tuple(
            ScoredSpan(s.start, s.end, s.label, float(top[s.first : s.last + 1].min())) for s in decode(tokens, tags)
        )
        return TextPrediction(spans, float(top.min()), float(1.0 - margin.min()), entropy)

    def predict(self, x: Any) -> np.ndarray:
        """Each text's span key (texts in column 0 of a 2-D input)."""
        texts = [str(row[0]) for row in np.asarray(x, dtype=object).reshape(len(x), -1)]
        keys = [spans_key([Span(s.start, s.end, s.label) for s in p.spans]) for p in self.predict_texts(texts)]
        return np.asarray(keys, dtype=object)


# --- fitting ----------------------------------------------------------------------------------------------------


def _tags(model: SpanTagger, tokens: list[list[Token]], targets: Sequence[Sequence[Span]]) -> np.ndarray:
    return np.asarray([tag for t, s in zip(tokens, targets, strict=True) for tag in bio_tags(t, s)], dtype=object)


def _measure(
    model: SpanTagger,
    texts: Sequence[str],
    targets: Sequence[Sequence[Span]],
    features: tuple[list[list[Token]], Any] | None = None,
) -> tuple[dict[str, float], list[dict[str, Any]], list[list[Span]]]:
    """Entity scores, token accuracy and token log loss of `model` on the texts (their `features` when made
    already: they do not change from epoch to epoch); and the predicted spans."""
    tokens, x = features if features is not None else model.features(texts)
    proba = model._probabilities(x)
    predicted: list[list[Span]] = []
    row = 0
    for sentence in tokens:
        p = model._text_prediction(sentence, proba[row : row + len(sentence)])
        row += len(sentence)
        predicted.append([Span(s.start, s.end, s.label) for s in p.spans])
    overall, per_label = entity_scores(targets, predicted, model.labels_)
    truth = _tags(model, tokens, targets)
    if len(truth):
        index = np.asarray([model.tags_.index(t) for t in truth])
        overall["accuracy"] = float((proba.argmax(axis=1) == index).mean())
        overall["loss"] = float(-np.log(np.clip(proba[np.arange(len(index)), index], 1e-15, 1.0)).mean())
    else:
        overall["accuracy"], overall["loss"] = 1.0, 0.0
    return overall, per_label, predicted


def train(
    request: FitRequest,
    texts: Sequence[str],
    targets: Sequence[Sequence[Span]],
    labels: Sequence[str],
    held_out: tuple[Sequence[str], Sequence[Sequence[Span]]] | None,
    emit: Emit | None,
) -> SpanTagger:
    """A SpanTagger trained on the texts, with a metric point per epoch on `held_out` when given."""
    params = request.params
    model = SpanTagger(params["window"], params["hash_bits"], params["loss"], params["alpha"], params["seed"])
    model.start(labels)
    tokens, x = model.features(texts)
    tags = _tags(model, tokens, targets)
    rng = np.random.default_rng(params["seed"])
    epochs = params["epochs"]
    held_features = model.features(held_out[0]) if held_out is not None and emit is not None else None
    for step in range(1, epochs + 1):
        model.epoch(x, tags, rng)
        if emit is not None:
            scores = _measure(model, *held_out, held_features)[0] if held_out is not None else {}
            emit("metric", {"step": step, "total": epochs, **scores})
            emit("progress", {"fraction": step / (epochs + 1)})
    return model


def _check(request: FitRequest) -> list[str]:
    targets = request.spans or []
    labels = sorted({s.label for spans in targets for s in spans})
    if len(targets) < 4:
        raise TrainingDataError(
            f"the training set has {len(targets)} labelled items; at least 4 are needed: label more items or widen "
            "the training-set filter"
        )
    if not labels:
        raise TrainingDataError(
            "no item of the training set has a span: a span tagger needs marked entities: mark spans in some items"
        )
    return labels


def fit_spans(request: FitRequest, emit: Emit) -> FitResult:
    """Fit a SPAN_TAGGER on `request.inputs` (texts) and `request.spans`, measured on a hold-out or k folds."""
    started = time.perf_counter()
    labels = _check(request)
    texts = [str(t) for t in request.inputs]
    targets = [list(s) for s in request.spans or []]
    validation = request.validation
    seed = int(validation.get("seed", 42))
    emit("log", {"level": "INFO", "message": f"{len(texts)} items, entity labels: {', '.join(labels)}"})
    indices = np.arange(len(texts))
    if validation.get("method") == "CROSS_VALIDATION":
        folds = min(int(validation.get("folds", 5)), len(texts))
        predicted: list[list[Span]] = [[] for _ in texts]
        token_scores: list[tuple[float, float]] = []
        for fold, (train_index, val_index) in enumerate(KFold(folds, shuffle=True, random_state=seed).split(indices)):
            part = train(
                request, [texts[i] for i in train_index], [targets[i] for i in train_index], labels, None, None
            )
            scores, _, found = _measure(part, [texts[i] for i in val_index], [targets[i] for i in val_index])
            for i, spans in zip(val_index, found, strict=True):
                predicted[i] = spans
            token_scores.append((scores["accuracy"], scores["loss"]))
            emit("metric", {"step": fold + 1, "total": folds, "fold": fold + 1, **scores})
        model = train(request, texts, targets, labels, None, None)
        eval_texts, eval_targets = texts, targets
        train_size = validation_size = len(texts)
    else:
        fraction = float(validation.get("test_fraction", 0.2))
        train_index, val_index = train_test_split(
            indices, test_size=max(1, round(len(texts) * fraction)), random_state=seed
        )
        eval_texts, eval_targets = [texts[i] for i in val_index], [targets[i] for i in val_index]
        emit(
            "log", {"level": "INFO", "message": f"hold-out: {len(train_index)} to train, {len(val_index)} to validate"}
        )
        model = train(
            request,
            [texts[i] for i in train_index],
            [targets[i] for i in train_index],
            labels,
            (eval_texts, eval_targets),
            emit,
        )
        train_size, validation_size = len(train_index), len(val_index)
    if validation.get("method") == "CROSS_VALIDATION":  # the folds' predictions, not the final model's
        metrics, per_label = entity_scores(eval_targets, predicted, labels)
        metrics["accuracy"] = float(np.mean([a for a, _ in token_scores]))
        metrics["loss"] = float(np.mean([loss for _, loss in token_scores]))
    else:
        metrics, per_label, predicted = _measure(model, eval_texts, eval_targets)
    emit("progress", {"fraction": 1.0})
    report = "\n".join(
        f"{row['label']:>20}  precision {row['precision']:.3f}  recall {row['recall']:.3f}  f1 {row['f1']:.3f}  "
        f"support {row['support']}"
        for row in per_label
    )
    report += f"\n{'overall':>20}  precision {metrics['precision']:.3f}  recall {metrics['recall']:.3f}  "
    report += f"f1 {metrics['f1']:.3f}  (entity level, exact match)"
    return FitResult(
        model=model,
        classes=[*labels, OUTSIDE],
        metrics=metrics,
        per_class=per_label,
        confusion=entity_confusion(eval_targets, predicted, labels),
        report=report,
        train_size=train_size,
        validation_size=validation_size,
        timings={"fit_s": time.perf_counter() - started},
    )
