"""Evaluation sets: an ADMIN freezes a seeded sample of a dataset's gold-labelled items; no training snapshot
includes them (`excluded_ids`), and promotion scores every candidate (and the production version) on them."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, recall_score

from backend.clients.mlflow import MlflowTracking
from backend.clock import utc_now
from backend.datasets.service import DatasetService
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.items.entities import Item, ItemFilter
from backend.items.store import ItemStore
from backend.models import evaluation_multilabel
from backend.models.evaluation_entities import EvaluationMetrics, EvaluationSet, ReplacedSet
from backend.models.evaluation_store import EvaluationRepository
from backend.models.serving import LoadedModel, to_matrix
from backend.models.serving_spans import is_span_model, span_evaluation

MAX_SIZE = 50_000


class NoGoldItems(DomainError):
    def __init__(self, dataset_id: str) -> None:
        super().__init__(
            f"dataset '{dataset_id}' has no gold-labelled item to evaluate on: review items (set gold labels) or "
            "import items with a label first"
        )


def _sample_size(available: int, size: int | None, fraction: float | None) -> int:
    if (size is None) == (fraction is None):
        raise ValidationFailed([FieldProblem("size", "required", "give either a size or a fraction, not both")])
    if size is not None and not 1 <= size <= MAX_SIZE:
        raise ValidationFailed([FieldProblem("size", "out_of_range", f"give a size of 1 to {MAX_SIZE} items")])
    if fraction is not None and not 0 < fraction <= 0.5:
        raise ValidationFailed(
            [FieldProblem("fraction", "out_of_range", "give a fraction above 0 and at most 0.5 (training needs items)")]
        )
    wanted = size if size is not None else max(1, round(available * (fraction or 0)))
    return min(wanted, available)


class EvaluationSets:
    def __init__(
        self,
        repository: EvaluationRepository,
        datasets: DatasetService,
        items: ItemStore,
        tracking: MlflowTracking,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._repository = repository
        self._datasets = datasets
        self._items = items
        self._tracking = tracking
        self._clock = clock

    async def get(self, dataset_id: str) -> EvaluationSet | None:
        """The dataset's evaluation set in force, or None; raises DatasetNotFound."""
        await self._datasets.get(dataset_id)
        return await self._repository.head(dataset_id)

    async def excluded_ids(self, dataset_id: str) -> frozenset[str]:
        """The ids no training of the dataset may include (its evaluation set); empty when it has none."""
        head = await self._repository.head(dataset_id)
        return frozenset(await self._repository.ids(head)) if head else frozenset()

    async def freeze(
        self, actor: str, dataset_id: str, size: int | None, fraction: float | None, seed: int
    ) -> EvaluationSet:
        """Freeze a seeded sample of the dataset's gold-labelled items as its evaluation set, replacing the one in
        force (its record is kept). Raises DatasetNotFound, ValidationFailed, NoGoldItems."""
        dataset = await self._datasets.get(dataset_id)
        candidates: list[str] = []
        async for page in self._items.ids(dataset.id, ItemFilter(has_gold_label=True)):
            candidates.extend(page)
        if not candidates:
            raise NoGoldItems(dataset.id)
        count = _sample_size(len(candidates), size, fraction)
        chosen = sorted(random.Random(seed).sample(sorted(candidates), count))  # noqa: S311 - a sample, not a secret
        labels: Counter[str] = Counter()
        for start in range(0, len(chosen), 1000):
            for item in await self._items.get_many(chosen[start : start + 1000]):
                if item.gold_label is not None:
                    labels[item.gold_label] += 1
        previous = await self._repository.head(dataset.id)
        now = self._clock()
        replaced = previous.replaced if previous else ()
        if previous is not None:
            replaced = (
                *replaced,
                ReplacedSet(previous.generation, previous.size, previous.frozen_at, previous.frozen_by, now, actor),
            )
        new = EvaluationSet(
            dataset_id=dataset.id,
            generation=(previous.generation + 1) if previous else 1,
            size=len(chosen),
            label_counts=dict(sorted(labels.items())),
            seed=seed,
            frozen_at=now,
            frozen_by=actor,
            replaced=replaced,
        )
        await self._repository.freeze(new, chosen, previous)
        return new

    async def metrics(self, model: str, version: str) -> EvaluationMetrics | None:
        """The version's stored metrics on its dataset's evaluation set (None: never scored)."""
        return await self._repository.metrics(model, version)

    async def score(self, model: str, version: str, dataset_id: str) -> EvaluationMetrics | None:
        """Score `version` of `model` on the dataset's evaluation set and store the metrics on the version; None
        when the dataset has no evaluation set."""
        head = await self._repository.head(dataset_id)
        if head is None:
            return None
        stored = await self._repository.metrics(model, version)
        if stored is not None and stored.dataset_id == dataset_id and stored.generation == head.generation:
            return stored  # a version and a frozen set never change: the metrics neither
        items = [i for i in await self._items.get_many(await self._repository.ids(head)) if i.gold_label is not None]
        raw, inputs = await asyncio.to_thread(self._tracking.load_model, model, version)
        loaded = LoadedModel(model, version, raw, tuple(str(c) for c in raw.classes_), tuple(inputs))
        if is_span_model(raw):
            accuracy, macro_f1, recall = await asyncio.to_thread(span_evaluation, raw, items)
        elif loaded.multilabel:  # backend/models/evaluation_multilabel.py
            rows = [{"text": i.text or ""} if loaded.text else (i.features or {}) for i in items]
            matrix = to_matrix(loaded, rows) if items else None
            accuracy, macro_f1, recall = await asyncio.to_thread(evaluation_multilabel.figures, raw, matrix, items)
        else:
            accuracy, macro_f1, recall = await asyncio.to_thread(_classifier_evaluation, loaded, items)
        metrics = EvaluationMetrics(
            model=model,
            version=version,
            dataset_id=dataset_id,
            generation=head.generation,
            item_count=len(items),
            accuracy=accuracy,
            macro_f1=macro_f1,
            recall=recall,
            evaluated_at=self._clock(),
        )
        await self._repository.save_metrics(metrics)
        return metrics


def _classifier_evaluation(loaded: LoadedModel, items: Sequence[Item]) -> tuple[float, float, dict[str, float]]:
    """(accuracy, macro F1, recall per gold label) of a classifier on gold-labelled items."""
    if not items:
        return 0.0, 0.0, {}
    rows = [{"text": i.text or ""} if loaded.text else (i.features or {}) for i in items]
    predicted = [str(p) for p in loaded.model.predict(to_matrix(loaded, rows))]
    truth = [str(i.gold_label) for i in items]
    labels = sorted(set(truth))
    recalls = recall_score(truth, predicted, labels=labels, average=None, zero_division=0)
    return (
        float(accuracy_score(truth, predicted)),
        float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)),
        {label: float(r) for label, r in zip(labels, np.asarray(recalls).tolist(), strict=True)},
    )
