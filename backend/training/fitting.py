"""Fitting a model: plain scikit-learn, run in a child process of the worker's pool.

`fit` reports as it goes through `emit(kind, payload)`: metric points (one per epoch, boosting step, growth step,
fold or the single fit), progress and log lines. Text models take a 2-D input with the text in column 0 (a
DataFrame with a `text` column, or `[[text], …]`); tabular models take the features in the dataset's order.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score, log_loss
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from backend.items.entities import Span

Emit = Callable[[str, dict[str, Any]], None]


class TrainingCancelled(Exception):
    """The run was cancelled while fitting."""


class TrainingDataError(Exception):
    """The training set cannot train this model; the message says why and what to do."""


@dataclass(slots=True)
class FitRequest:
    model_type: str
    params: dict[str, Any]
    text: bool
    inputs: list[Any]  # texts, or rows of features
    labels: list[str]
    validation: dict[str, Any]  # {"method": "HOLDOUT"|"CROSS_VALIDATION", "test_fraction", "folds", "seed"}
    label_sets: list[tuple[str, ...]] | None = None  # MULTI_LABEL: each item's set (`labels` holds their keys)
    label_order: list[str] = field(default_factory=list)  # MULTI_LABEL: the dataset's labels in order
    spans: list[tuple[Span, ...]] | None = None  # SPANS: each input's target spans (`labels` then holds their keys)


@dataclass(slots=True)
class FitResult:
    model: Any
    classes: list[str]
    metrics: dict[str, float]
    per_class: list[dict[str, Any]]
    confusion: list[list[int]]
    report: str
    train_size: int
    validation_size: int
    timings: dict[str, float] = field(default_factory=dict)
    label_outcomes: list[dict[str, Any]] = field(default_factory=list)  # MULTI_LABEL: threshold, tp/fp/fn/tn per label


def _fit_spans(request: FitRequest, emit: Emit) -> FitResult:
    from backend.training.span_tagger import fit_spans  # here: span_tagger imports this module

    return fit_spans(request, emit)


# --- child process plumbing -------------------------------------------------------------------------------------

_child: dict[str, Any] = {}


def init_child(events: Any, cancel: Any) -> None:
    """Pool initializer: keep the event queue and the cancel flag, and exit when the process that started this
    one goes away (a SIGKILLed worker takes its fork server with it), so no orphan keeps fitting."""
    _child.update(events=events, cancel=cancel)
    parent = os.getppid()

    def watch_parent() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch_parent, daemon=True, name="watch-parent").start()


def run_in_child(request: FitRequest) -> FitResult:
    """The pool's entry point: fit, sending events to the parent and stopping when the run is cancelled."""
    events, cancel = _child["events"], _child["cancel"]

    def emit(kind: str, payload: dict[str, Any]) -> None:
        if cancel.is_set():
            raise TrainingCancelled()
        events.put((kind, payload))

    return fit(request, emit)


# --- estimators -------------------------------------------------------------------------------------------------


def _weight(params: dict[str, Any]) -> str | None:
    return None if params.get("class_weight", "none") == "none" else "balanced"


def _vectorizer(params: dict[str, Any]) -> ColumnTransformer:
    tfidf = TfidfVectorizer(
        analyzer=params["analyzer"],
        ngram_range=(params["ngram_min"], params["ngram_max"]),
        min_df=params["min_df"],
        max_features=params["max_features"],
        sublinear_tf=params["sublinear_tf"],
        dtype=np.float32,
    )
    return ColumnTransformer([("tfidf", tfidf, 0)])


def _classifier(model_type: str, params: dict[str, Any]) -> Any:
    if model_type in ("TFIDF_LOGISTIC_REGRESSION", "LOGISTIC_REGRESSION"):
        return LogisticRegression(C=params["C"], max_iter=params["max_iter"], class_weight=_weight(params))
    if model_type == "TFIDF_LINEAR_SVC":
        svc = LinearSVC(C=params["C"], class_weight=_weight(params))
        return CalibratedClassifierCV(svc, cv=params["calibration_folds"])
    if model_type == "TFIDF_MULTINOMIAL_NB":
        return MultinomialNB(alpha=params["alpha"])
    if model_type == "TFIDF_SGD":
        return SGDClassifier(
            loss=params["loss"], alpha=params["alpha"], penalty=params["penalty"], random_state=params["seed"]
        )
    if model_type == "RANDOM_FOREST":
        return RandomForestClassifier(
            n_estimators=params["n_estimators"],
            max_depth=params["max_depth"],
            min_samples_leaf=params["min_samples_leaf"],
            class_weight=_weight(params),
            random_state=params["seed"],
            n_jobs=1,
        )
    if model_type == "HIST_GRADIENT_BOOSTING":
        return HistGradientBoostingClassifier(
            max_iter=params["max_iter"],
            learning_rate=params["learning_rate"],
            max_leaf_nodes=params["max_leaf_nodes"],
            l2_regularization=params["l2_regularization"],
            early_stopping=False,
            random_state=params["seed"],
        )
    raise ValueError(f"unknown model type {model_type}")


def build_pipeline(request: FitRequest) -> Pipeline:
    features = _vectorizer(request.params) if request.text else StandardScaler()
    return Pipeline([("features", features), ("model", _classifier(request.model_type, request.params))])


# --- metrics ----------------------------------------------------------------------------------------------------


def _scores(classes: list[str], y_true: np.ndarray, proba: np.ndarray) -> dict[str, float]:
    predicted = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
    clipped = np.clip(proba, 1e-15, 1.0)
    return {
        "loss": float(log_loss(y_true, clipped / clipped.sum(axis=1, keepdims=True), labels=classes)),
        "accuracy": float(accuracy_score(y_true, predicted)),
        "macro_f1": float(f1_score(y_true, predicted, labels=classes, average="macro", zero_division=0)),
    }


def _aligned_proba(model: Any, x: Any, classes: list[str]) -> np.ndarray:
    """predict_proba with one column per class of the whole training set (a fold may lack some)."""
    proba = model.predict_proba(x)
    model_classes = list(model.classes_)
    if model_classes == classes:
        return np.asarray(proba)
    out = np.zeros((proba.shape[0], len(classes)))
    for column, name in enumerate(model_classes):
        out[:, classes.index(name)] = proba[:, column]
    return out


# --- fitting ----------------------------------------------------------------------------------------------------


def _as_input(request: FitRequest, rows: np.ndarray) -> np.ndarray:
    return rows.reshape(-1, 1) if request.text else rows


def _fit_with_points(
    request: FitRequest,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_val: np.ndarray,
    y_val: np.ndarray,
    classes: list[str],
    emit: Emit | None,
) -> Pipeline:
    """Fit on the training part, emitting a metric point per epoch / step on the validation part."""
    pipeline = build_pipeline(request)
    params = request.params
    model = pipeline.named_steps["model"]
    features = pipeline.named_steps["features"]

    def point(step: int, total: int, fitted: Any, xv: Any) -> None:
        if emit is not None:
            scores = _scores(classes, y_val, _aligned_proba(fitted, xv, classes)) if len(y_val) else {}
            emit("metric", {"step": step, "total": total, **scores})
            emit("progress", {"fraction": step / total})

    if request.model_type == "TFIDF_SGD":
        xt = features.fit_transform(_as_input(request, x_train))
        xv = features.transform(_as_input(request, x_val)) if len(y_val) else None
        rng = np.random.default_rng(params["seed"])
        epochs = params["epochs"]
        for epoch in range(1, epochs + 1):
            order = rng.permutation(len(y_train))
            model.partial_fit(xt[order], y_train[order], classes=classes)
            point(epoch, epochs, model, xv)
        return pipeline
    if request.model_type in ("RANDOM_FOREST", "HIST_GRADIENT_BOOSTING"):
        xt = features.fit_transform(x_train)
        xv = features.transform(x_val) if len(y_val) else None
        size_param = "n_estimators" if request.model_type == "RANDOM_FOREST" else "max_iter"
        total = params[size_param]
        steps = 10 if request.model_type == "RANDOM_FOREST" else min(total, 100)
        model.set_params(warm_start=True)
        done = 0
        for index in range(1, steps + 1):
            size = max(1, math.ceil(total * index / steps))
            if size <= done:
                continue
            model.set_params(**{size_param: size})
            model.fit(xt, y_train)
            done = size
            point(done, total, model, xv)
        return pipeline
    pipeline.fit(_as_input(request, x_train), y_train)
    if emit is not None and len(y_val):
        emit(
            "metric",
            {
                "step": 1,
                "total": 1,
                **_scores(classes, y_val, _aligned_proba(pipeline, _as_input(request, x_val), classes)),
            },
        )
    return pipeline


def _check(request: FitRequest) -> list[str]:
    classes = sorted(set(request.labels))
    if len(request.labels) < 4:
        raise TrainingDataError(
            f"the training set has {len(request.labels)} labelled items; at least 4 are needed: label more items "
            "or widen the training-set filter"
        )
    if len(classes) < 2:
        raise TrainingDataError(
            f"every labelled item of the training set has the label '{classes[0]}'; a classifier needs at least "
            "two labels: label items of another class or widen the filter"
        )
    return classes


def _splitter(labels: np.ndarray, folds: int, seed: int) -> Any:
    smallest = min(np.unique(labels, return_counts=True)[1])
    if smallest >= folds:
        return StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return KFold(n_splits=folds, shuffle=True, random_state=seed)


def fit(request: FitRequest, emit: Emit) -> FitResult:
    """Fit the model of `request` and measure it on held-out data (a split, or k folds)."""
    if request.label_sets is not None:
        from backend.training.multilabel import fit_multilabel  # imported here: it builds on this module

        return fit_multilabel(request, emit)
    if request.spans is not None:
        return _fit_spans(request, emit)
    started = time.perf_counter()
    classes = _check(request)
    x = np.asarray(request.inputs, dtype=object if request.text else float)
    y = np.asarray(request.labels, dtype=object)
    validation = request.validation
    seed = int(validation.get("seed", 42))
    emit("log", {"level": "INFO", "message": f"{len(y)} items, {len(classes)} labels: {', '.join(classes)}"})

    if validation.get("method") == "CROSS_VALIDATION":
        folds = min(int(validation.get("folds", 5)), len(y))
        predicted_proba = np.zeros((len(y), len(classes)))
        splitter = _splitter(y, folds, seed)
        for fold, (train_index, val_index) in enumerate(splitter.split(x, y), start=1):
            fold_model = _fit_with_points(
                request, x[train_index], y[train_index], x[val_index], y[val_index], classes, None
            )
            proba = _aligned_proba(fold_model, _as_input(request, x[val_index]), classes)
            predicted_proba[val_index] = proba
            emit("metric", {"step": fold, "total": folds, "fold": fold, **_scores(classes, y[val_index], proba)})
            emit("progress", {"fraction": fold / (folds + 1)})
        emit("log", {"level": "INFO", "message": f"{folds}-fold cross-validation done; fitting on all {len(y)} items"})
        model = _fit_with_points(request, x, y, x[:0], y[:0], classes, None)
        y_eval, proba_eval = y, predicted_proba
        train_size, validation_size = len(y), len(y)
    else:
        fraction = float(validation.get("test_fraction", 0.2))
        smallest = min(np.unique(y, return_counts=True)[1])
        test_size = max(len(classes), round(len(y) * fraction))
        stratify = y if smallest >= 2 and test_size >= len(classes) and len(y) - test_size >= len(classes) else None
        x_train, x_val, y_train, y_val = train_test_split(
            x, y, test_size=test_size, random_state=seed, stratify=stratify
        )
        emit("log", {"level": "INFO", "message": f"hold-out: {len(y_train)} to train, {len(y_val)} to validate"})
        model = _fit_with_points(request, x_train, y_train, x_val, y_val, classes, emit)
        y_eval, proba_eval = y_val, _aligned_proba(model, _as_input(request, x_val), classes)
        train_size, validation_size = len(y_train), len(y_val)

    predicted = np.asarray(classes, dtype=object)[proba_eval.argmax(axis=1)]
    report = classification_report(y_eval, predicted, labels=classes, output_dict=True, zero_division=0)
    per_class = [
        {
            "label": name,
            "precision": float(report[name]["precision"]),
            "recall": float(report[name]["recall"]),
            "f1": float(report[name]["f1-score"]),
            "support": int(report[name]["support"]),
        }
        for name in classes
    ]
    metrics = _scores(classes, y_eval, proba_eval)
    metrics["weighted_f1"] = float(report["weighted avg"]["f1-score"])
    emit("progress", {"fraction": 1.0})
    return FitResult(
        model=model,
        classes=classes,
        metrics=metrics,
        per_class=per_class,
        confusion=confusion_matrix(y_eval, predicted, labels=classes).tolist(),
        report=classification_report(y_eval, predicted, labels=classes, zero_division=0),
        train_size=train_size,
        validation_size=validation_size,
        timings={"fit_s": time.perf_counter() - started},
    )
