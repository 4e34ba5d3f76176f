"""Training on a MULTI_LABEL dataset: each item trains with a label set, the existing text and tabular pipelines
fit one classifier per label (one-vs-rest), and each label gets its own threshold, chosen on the held-out scores
(backend/training/multilabel_metrics.py).

Training sets: the gold set where there is one; else, under GOLD_OR_MAJORITY, the consensus (a label is in when
more than half of the annotators chose it: `consensus_labels`), kept only when each label anyone chose was decided
by at least `min_agreement` of them (in or out); under UNANIMOUS, the set every annotator gave; GOLD_ONLY keeps
reviewed items only.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

import numpy as np
from sklearn.model_selection import KFold, train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MultiLabelBinarizer, StandardScaler

from backend.annotations.answers import answer_labels, consensus_labels, labels_key
from backend.datasets.entities import Dataset, DatasetKind
from backend.items.entities import Item
from backend.training import multilabel_metrics as measures
from backend.training.entities import TrainingRun
from backend.training.fitting import Emit, FitRequest, FitResult, TrainingDataError, _classifier, _vectorizer
from backend.training.multilabel_model import MultiLabelModel, positive_scores
from backend.training.sets import LabelRule
from backend.training.sets_frozen import FrozenItem, content_hash

Log = Callable[[str, str], Awaitable[None]]


# --- the training set -------------------------------------------------------------------------------------------


def training_labels(
    item: Item, rule: LabelRule, min_agreement: float | None, order: Sequence[str]
) -> tuple[str, ...] | None:
    """The label set `item` trains with under `rule` (in `order`), or None when it has no clear one."""
    if item.gold_label is not None:
        chosen: Sequence[str] = item.gold_labels
    elif rule is LabelRule.GOLD_ONLY or not item.annotations:
        return None
    else:
        sets = [answer_labels(a) for a in item.annotations]
        if rule is LabelRule.UNANIMOUS:
            if any(set(s) != set(sets[0]) for s in sets[1:]):
                return None
            chosen = sets[0]
        else:
            if min_agreement is not None:
                votes = Counter(label for s in sets for label in set(s))
                if any(max(n, len(sets) - n) / len(sets) < min_agreement for n in votes.values()):
                    return None
            chosen = consensus_labels(sets)
    return tuple(label for label in order if label in set(chosen))


def label_counts(request: FitRequest) -> dict[str, int]:
    """Items per label (an item counts for each label of its set) and, under "(none)", items with an empty set."""
    counts = Counter(label for labels in request.label_sets or [] for label in labels)
    empty = sum(1 for labels in request.label_sets or [] if not labels)
    return dict(counts) | ({labels_key(()): empty} if empty else {})


async def snapshot(
    run: TrainingRun, dataset: Dataset, candidates: AsyncIterator[Item], log: Log
) -> tuple[FitRequest, list[FrozenItem]]:
    """Freeze the training set of a MULTI_LABEL run: each candidate with its label set (its key is what the frozen
    set and the data hash record), left out without a clear one."""
    rule = LabelRule(run.label_rule)
    order = dataset.label_names
    text = dataset.kind is DatasetKind.TEXT
    inputs: list[Any] = []
    sets: list[tuple[str, ...]] = []
    frozen: list[FrozenItem] = []
    skipped = 0
    async for item in candidates:
        labels = training_labels(item, rule, run.min_agreement, order)
        if labels is None:
            skipped += 1
            continue
        if text:
            inputs.append(item.text or "")
        else:
            features = item.features or {}
            inputs.append([float(features.get(name, np.nan)) for name in dataset.feature_names])
        sets.append(labels)
        frozen.append(FrozenItem(item.id, labels_key(labels), content_hash(item)))
    await log(
        "INFO",
        f"training set: {len(frozen)} items with a label set"
        + (f" ({skipped} without a clear set under {rule.value} skipped)" if skipped else ""),
    )
    if not frozen:
        raise TrainingDataError(
            f"no item of the training set has a clear label set under the rule {rule.value} (gold, or annotators "
            "agreeing as the rule asks): review the conflicts, lower minAgreement or choose another rule"
        )
    request = FitRequest(
        model_type=run.model_type,
        params=run.params,
        text=text,
        inputs=inputs,
        labels=[labels_key(s) for s in sets],
        validation=run.validation.describe(),
        label_sets=sets,
        label_order=list(order),
    )
    return request, frozen


# --- fitting ----------------------------------------------------------------------------------------------------


def _pipeline(request: FitRequest) -> Pipeline:
    features = _vectorizer(request.params) if request.text else StandardScaler()
    base = _classifier(request.model_type, request.params)
    # SGD learns epoch by epoch (partial_fit), which only the multi-output wrapper offers for label sets
    model = MultiOutputClassifier(base) if request.model_type == "TFIDF_SGD" else OneVsRestClassifier(base)
    return Pipeline([("features", features), ("model", model)])


def _rows(request: FitRequest, x: np.ndarray) -> np.ndarray:
    return x.reshape(-1, 1) if request.text else x


def _fit_one(
    request: FitRequest,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_val: np.ndarray,
    y_val: np.ndarray,
    emit: Emit | None,
) -> Pipeline:
    """Fit on the training part; a metric point per SGD epoch (or one for the fit) on the validation part."""
    pipeline = _pipeline(request)

    def point(step: int, total: int, scores: np.ndarray) -> None:
        if emit is not None and len(y_val):
            emit("metric", {"step": step, "total": total, **measures.point_scores(y_val, scores)})
            emit("progress", {"fraction": step / total})

    try:
        if request.model_type != "TFIDF_SGD":
            pipeline.fit(_rows(request, x_train), y_train)
            if len(y_val):
                point(1, 1, positive_scores(pipeline, _rows(request, x_val)))
            return pipeline
        features, model = pipeline.named_steps["features"], pipeline.named_steps["model"]
        xt = features.fit_transform(_rows(request, x_train))
        xv = features.transform(_rows(request, x_val)) if len(y_val) else None
        rng = np.random.default_rng(request.params["seed"])
        epochs = request.params["epochs"]
        binary = [np.array([0, 1])] * y_train.shape[1]
        for epoch in range(1, epochs + 1):
            order = rng.permutation(len(y_train))
            model.partial_fit(xt[order], y_train[order], classes=binary)
            if xv is not None:
                point(epoch, epochs, positive_scores(model, xv))
        return pipeline
    except ValueError as exc:
        raise TrainingDataError(
            f"{request.model_type} cannot fit these label sets ({exc}); label more items of the rare labels or "
            "choose another model type"
        ) from exc


def _labels(request: FitRequest) -> list[str]:
    sets = request.label_sets or []
    used = [label for label in request.label_order if any(label in s for s in sets)]
    if len(sets) < 4:
        raise TrainingDataError(
            f"the training set has {len(sets)} items with a label set; at least 4 are needed: label more items or "
            "widen the training-set filter"
        )
    if not any(0 < sum(label in s for s in sets) < len(sets) for label in used):
        raise TrainingDataError(
            "every item of the training set has the same label set; a classifier needs items with and without a "
            "label: label more varied items or widen the filter"
        )
    return used


def fit_multilabel(request: FitRequest, emit: Emit) -> FitResult:
    """Fit one classifier per label, choose thresholds on held-out scores, and measure at those thresholds."""
    started = time.perf_counter()
    labels = _labels(request)
    x = np.asarray(request.inputs, dtype=object if request.text else float)
    y = MultiLabelBinarizer(classes=labels).fit_transform(request.label_sets or [])
    validation = request.validation
    seed = int(validation.get("seed", 42))
    unused = [label for label in request.label_order if label not in labels]
    emit("log", {"level": "INFO", "message": f"{len(y)} items, {len(labels)} labels: {', '.join(labels)}"})
    if unused:
        emit("log", {"level": "WARNING", "message": f"never chosen, so never predicted: {', '.join(unused)}"})
    if validation.get("method") == "CROSS_VALIDATION":
        folds = min(int(validation.get("folds", 5)), len(y))
        scores = np.zeros(y.shape, dtype=float)
        for fold, (train, val) in enumerate(KFold(folds, shuffle=True, random_state=seed).split(x), start=1):
            fitted = _fit_one(request, x[train], y[train], x[val], y[val], None)
            scores[val] = positive_scores(fitted, _rows(request, x[val]))
            emit("metric", {"step": fold, "total": folds, "fold": fold, **measures.point_scores(y[val], scores[val])})
            emit("progress", {"fraction": fold / (folds + 1)})
        emit("log", {"level": "INFO", "message": f"{folds}-fold cross-validation done; fitting on all {len(y)} items"})
        pipeline = _fit_one(request, x, y, x[:0], y[:0], None)
        y_eval, scores_eval, train_size, validation_size = y, scores, len(y), len(y)
    else:
        test_size = max(1, round(len(y) * float(validation.get("test_fraction", 0.2))))
        x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=test_size, random_state=seed)
        emit("log", {"level": "INFO", "message": f"hold-out: {len(y_train)} to train, {len(y_val)} to validate"})
        pipeline = _fit_one(request, x_train, y_train, x_val, y_val, emit)
        y_eval, scores_eval = y_val, positive_scores(pipeline, _rows(request, x_val))
        train_size, validation_size = len(y_train), len(y_val)
    thresholds = measures.choose_thresholds(y_eval, scores_eval)
    figures = measures.report(labels, y_eval, scores_eval, thresholds)
    text_report = "\n".join(
        f"{c['label']}: threshold {o['threshold']:.3f} precision {c['precision']:.3f} recall {c['recall']:.3f} "
        f"f1 {c['f1']:.3f} tp {o['tp']} fp {o['fp']} fn {o['fn']} tn {o['tn']}"
        for c, o in zip(figures["per_class"], figures["outcomes"], strict=True)
    )
    emit("progress", {"fraction": 1.0})
    return FitResult(
        model=MultiLabelModel(pipeline, labels, thresholds.tolist()),
        classes=[],  # no confusion matrix: the label-wise summary (`label_outcomes`) says it per label
        metrics=figures["metrics"],
        per_class=figures["per_class"],
        confusion=[],
        report=text_report,
        train_size=train_size,
        validation_size=validation_size,
        timings={"fit_s": time.perf_counter() - started},
        label_outcomes=figures["outcomes"],
    )
