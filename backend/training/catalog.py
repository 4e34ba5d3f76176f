"""The model types a training can use, their parameters, and the validation of given parameters.

The API exposes this catalogue (`modelTypes`) so the SPA builds its form from it; `validate_params` turns what a
caller sent into complete, typed parameters or field errors (`params.<name>`).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.datasets.entities import DatasetKind, TaskType
from backend.errors import FieldProblem


class ModelType(enum.Enum):
    TFIDF_LOGISTIC_REGRESSION = "TFIDF_LOGISTIC_REGRESSION"
    TFIDF_LINEAR_SVC = "TFIDF_LINEAR_SVC"
    TFIDF_MULTINOMIAL_NB = "TFIDF_MULTINOMIAL_NB"
    TFIDF_SGD = "TFIDF_SGD"
    LOGISTIC_REGRESSION = "LOGISTIC_REGRESSION"
    RANDOM_FOREST = "RANDOM_FOREST"
    HIST_GRADIENT_BOOSTING = "HIST_GRADIENT_BOOSTING"
    SPAN_TAGGER = "SPAN_TAGGER"


class ParamType(enum.Enum):
    INT = "INT"
    FLOAT = "FLOAT"
    BOOL = "BOOL"
    CHOICE = "CHOICE"


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    type: ParamType
    default: Any
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    nullable: bool = False  # null means "no limit" (e.g. max_depth)


@dataclass(frozen=True, slots=True)
class ModelSpec:
    type: ModelType
    kind: DatasetKind
    title: str
    description: str
    curve: str  # what one metric point is: "epoch", "iteration", "trees" or "fit"
    params: tuple[ParamSpec, ...]
    # the datasets' task types it trains on: the classifiers fit SINGLE_LABEL as they are and MULTI_LABEL wrapped
    # one-vs-rest (backend/training/multilabel.py)
    task_types: tuple[TaskType, ...] = (TaskType.SINGLE_LABEL, TaskType.MULTI_LABEL)

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)


_TFIDF = (
    ParamSpec(
        "analyzer",
        ParamType.CHOICE,
        "word",
        "Split into word n-grams, or character n-grams.",
        choices=("word", "char_wb"),
    ),
    ParamSpec("ngram_min", ParamType.INT, 1, "Shortest n-gram.", minimum=1, maximum=6),
    ParamSpec("ngram_max", ParamType.INT, 2, "Longest n-gram (at least ngram_min).", minimum=1, maximum=6),
    ParamSpec("min_df", ParamType.INT, 1, "Ignore terms in fewer documents than this.", minimum=1, maximum=1000),
    ParamSpec(
        "max_features",
        ParamType.INT,
        200_000,
        "Keep the most frequent terms only; null for all.",
        minimum=10,
        maximum=5_000_000,
        nullable=True,
    ),
    ParamSpec("sublinear_tf", ParamType.BOOL, True, "Use 1 + log(tf) instead of raw term frequency."),
)
_C = ParamSpec(
    "C", ParamType.FLOAT, 1.0, "Inverse regularisation strength (smaller: stronger).", minimum=1e-6, maximum=1e6
)
_CLASS_WEIGHT = ParamSpec(
    "class_weight", ParamType.CHOICE, "none", "Weight classes by inverse frequency.", choices=("none", "balanced")
)
_MAX_ITER = ParamSpec("max_iter", ParamType.INT, 1000, "Solver iterations at most.", minimum=10, maximum=100_000)

CATALOG: dict[ModelType, ModelSpec] = {
    spec.type: spec
    for spec in (
        ModelSpec(
            ModelType.TFIDF_LOGISTIC_REGRESSION,
            DatasetKind.TEXT,
            "TF-IDF + logistic regression",
            "A strong, fast baseline for text; calibrated probabilities.",
            "fit",
            (*_TFIDF, _C, _CLASS_WEIGHT, _MAX_ITER),
        ),
        ModelSpec(
            ModelType.TFIDF_LINEAR_SVC,
            DatasetKind.TEXT,
            "TF-IDF + linear SVM",
            "Linear support vector machine; probabilities by cross-validated calibration.",
            "fit",
            (
                *_TFIDF,
                _C,
                _CLASS_WEIGHT,
                ParamSpec(
                    "calibration_folds",
                    ParamType.INT,
                    3,
                    "Folds of the probability calibration.",
                    minimum=2,
                    maximum=10,
                ),
            ),
        ),
        ModelSpec(
            ModelType.TFIDF_MULTINOMIAL_NB,
            DatasetKind.TEXT,
            "TF-IDF + multinomial naive Bayes",
            "Very fast; good with little data.",
            "fit",
            (*_TFIDF, ParamSpec("alpha", ParamType.FLOAT, 0.1, "Additive smoothing.", minimum=1e-6, maximum=100.0)),
        ),
        ModelSpec(
            ModelType.TFIDF_SGD,
            DatasetKind.TEXT,
            "TF-IDF + SGD classifier",
            "Linear model trained epoch by epoch: one metric point per epoch.",
            "epoch",
            (
                *_TFIDF,
                ParamSpec(
                    "loss",
                    ParamType.CHOICE,
                    "log_loss",
                    "Loss with probabilities.",
                    choices=("log_loss", "modified_huber"),
                ),
                ParamSpec("alpha", ParamType.FLOAT, 1e-5, "Regularisation strength.", minimum=1e-9, maximum=1.0),
                ParamSpec("penalty", ParamType.CHOICE, "l2", "Regularisation.", choices=("l2", "l1", "elasticnet")),
                ParamSpec("epochs", ParamType.INT, 15, "Passes over the training set.", minimum=1, maximum=500),
                ParamSpec("seed", ParamType.INT, 42, "Random seed (shuffling).", minimum=0, maximum=2**31 - 1),
            ),
        ),
        ModelSpec(
            ModelType.LOGISTIC_REGRESSION,
            DatasetKind.TABULAR,
            "Logistic regression",
            "Standardised features, multinomial logistic regression.",
            "fit",
            (_C, _CLASS_WEIGHT, _MAX_ITER),
        ),
        ModelSpec(
            ModelType.RANDOM_FOREST,
            DatasetKind.TABULAR,
            "Random forest",
            "Grown in ten steps: one metric point per step.",
            "trees",
            (
                ParamSpec("n_estimators", ParamType.INT, 200, "Trees.", minimum=10, maximum=5000),
                ParamSpec(
                    "max_depth",
                    ParamType.INT,
                    None,
                    "Deepest tree; null for no limit.",
                    minimum=1,
                    maximum=200,
                    nullable=True,
                ),
                ParamSpec(
                    "min_samples_leaf", ParamType.INT, 1, "Samples per leaf at least.", minimum=1, maximum=10_000
                ),
                _CLASS_WEIGHT,
                ParamSpec("seed", ParamType.INT, 42, "Random seed.", minimum=0, maximum=2**31 - 1),
            ),
        ),
        ModelSpec(
            ModelType.HIST_GRADIENT_BOOSTING,
            DatasetKind.TABULAR,
            "Histogram gradient boosting",
            "Boosted trees: one metric point per boosting iteration.",
            "iteration",
            (
                ParamSpec("max_iter", ParamType.INT, 100, "Boosting iterations.", minimum=1, maximum=5000),
                ParamSpec("learning_rate", ParamType.FLOAT, 0.1, "Shrinkage.", minimum=1e-4, maximum=1.0),
                ParamSpec("max_leaf_nodes", ParamType.INT, 31, "Leaves per tree at most.", minimum=2, maximum=4096),
                ParamSpec(
                    "l2_regularization", ParamType.FLOAT, 0.0, "L2 penalty on leaf values.", minimum=0.0, maximum=1e6
                ),
                ParamSpec("seed", ParamType.INT, 42, "Random seed.", minimum=0, maximum=2**31 - 1),
            ),
        ),
        ModelSpec(
            ModelType.SPAN_TAGGER,
            DatasetKind.TEXT,
            "Span tagger (BIO tokens, hashed window features + SGD)",
            "Marks entities in text: each token gets a BIO tag from its hashed window features; a linear model "
            "trained epoch by epoch (one metric point per epoch). For SPANS datasets.",
            "epoch",
            (
                ParamSpec("window", ParamType.INT, 2, "Words on each side a token sees.", minimum=0, maximum=5),
                ParamSpec("hash_bits", ParamType.INT, 18, "Hashed features: 2 to this power.", minimum=10, maximum=24),
                ParamSpec(
                    "loss",
                    ParamType.CHOICE,
                    "log_loss",
                    "Loss with probabilities.",
                    choices=("log_loss", "modified_huber"),
                ),
                ParamSpec("alpha", ParamType.FLOAT, 1e-5, "Regularisation strength.", minimum=1e-9, maximum=1.0),
                ParamSpec("epochs", ParamType.INT, 10, "Passes over the training set.", minimum=1, maximum=500),
                ParamSpec("seed", ParamType.INT, 42, "Random seed (shuffling).", minimum=0, maximum=2**31 - 1),
            ),
            task_types=(TaskType.SPANS,),
        ),
    )
}


def models_for(kind: DatasetKind | None, task_type: TaskType | None = None) -> list[ModelSpec]:
    """The model types for a dataset of `kind` and `task_type` (None: any)."""
    return [
        spec
        for spec in CATALOG.values()
        if (kind is None or spec.kind is kind) and (task_type is None or task_type in spec.task_types)
    ]


def _coerce(spec: ParamSpec, value: Any) -> tuple[Any, str | None]:
    """The value in the parameter's type, or an error sentence."""
    if value is None:
        return (None, None) if spec.nullable else (None, "must not be null")
    if spec.type is ParamType.BOOL:
        return (value, None) if isinstance(value, bool) else (None, "must be true or false")
    if spec.type is ParamType.CHOICE:
        if value in spec.choices:
            return value, None
        return None, f"must be one of {', '.join(repr(c) for c in spec.choices)}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"must be a number, not {type(value).__name__}"
    if spec.type is ParamType.INT:
        if isinstance(value, float) and not value.is_integer():
            return None, "must be a whole number"
        value = int(value)
    elif not math.isfinite(value):
        return None, "must be a finite number"
    else:
        value = float(value)
    if spec.minimum is not None and value < spec.minimum:
        return None, f"must be at least {spec.minimum:g}"
    if spec.maximum is not None and value > spec.maximum:
        return None, f"must be at most {spec.maximum:g}"
    return value, None


def validate_params(spec: ModelSpec, given: Mapping[str, Any] | None) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Every parameter of `spec` (defaults filled in), and the problems of what was given."""
    problems: list[FieldProblem] = []
    given = given or {}
    known = ", ".join(p.name for p in spec.params)
    for name in given:
        if spec.param(name) is None:
            problems.append(
                FieldProblem(
                    f"params.{name}", "unknown_param", f"{spec.type.value} has no parameter '{name}'; it has: {known}"
                )
            )
    params: dict[str, Any] = {}
    for param in spec.params:
        if param.name not in given:
            params[param.name] = param.default
            continue
        value, error = _coerce(param, given[param.name])
        if error:
            problems.append(FieldProblem(f"params.{param.name}", "invalid_param", f"'{param.name}' {error}"))
        else:
            params[param.name] = value
    if not problems and "ngram_min" in params and params["ngram_min"] > params["ngram_max"]:
        problems.append(FieldProblem("params.ngram_max", "invalid_param", "'ngram_max' must be at least 'ngram_min'"))
    return params, problems
