"""Running a training in the worker: snapshot the training set, fit in a process pool, stream events, track in
MLflow, register one model version, store the results.

The handler of jobs of kind TRAINING: the worker's JobExecution claims each attempt, beats its heartbeat and
recovers it when its worker dies (backend/jobs/execution.py); this module registers its version only if no
version of the same run exists, and an attempt that finds a later one owns its run stops without writing more.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import queue as queue_module
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from backend.clients.mlflow import MlflowTracking
from backend.clock import utc_now
from backend.datasets.entities import Dataset, DatasetKind, TaskType
from backend.datasets.service import DatasetService
from backend.items.entities import Item
from backend.items.filters import item_filter_from_params
from backend.items.store import ItemStore
from backend.jobs.entities import EventKind, JobState
from backend.jobs.errors import JobStopped
from backend.jobs.execution import JobExecution
from backend.jobs.service import JobService
from backend.training import multilabel
from backend.training.entities import TrainingRun
from backend.training.fitting import (
    FitRequest,
    FitResult,
    TrainingCancelled,
    TrainingDataError,
    init_child,
    run_in_child,
)
from backend.training.repository import TrainingRepository
from backend.training.sets import LabelRule, training_label
from backend.training.sets_frozen import FrozenItem, FrozenSetStore, content_hash, data_hash
from backend.training.span_snapshot import spans_snapshot
from backend.training.spans import label_counts

log = logging.getLogger("labelloop.training")
RUN_ID_TAG = "labelloop.run_id"


def _context() -> Any:
    """Fitting processes fork from a server process that has scikit-learn imported already (fast to start, and
    free of the worker's threads and sockets).

    The server also imports the worker's main module (`__main__`: arq's launcher script) once: a process it forks
    otherwise runs that script again before its first task (arq's CLI imports redis.asyncio, click…), about 1.5 s of
    every training on a busy 2-core machine (docs/performance.md, Training overhead)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["__main__", "backend.training.fitting", "backend.training.multilabel", "backend.training.span_tagger"]
    )
    return context


def consensus(item: Item, min_agreement: float | None) -> str | None:
    """The training label under the default rule (GOLD_OR_MAJORITY): the gold label where set, else the most
    frequent label if it is unique and agreed by at least `min_agreement` of the annotators."""
    return training_label(item, LabelRule.GOLD_OR_MAJORITY, min_agreement)


class TrainingRunner:
    def __init__(
        self,
        runs: TrainingRepository,
        datasets: DatasetService,
        items: ItemStore,
        jobs: JobService,
        execution: JobExecution,
        tracking: MlflowTracking,
        frozen: FrozenSetStore,
        clock: Callable[[], datetime] = utc_now,
        excluded: Callable[[str], Awaitable[frozenset[str]]] | None = None,
    ) -> None:
        self._frozen = frozen
        self._excluded = excluded
        self._runs = runs
        self._datasets = datasets
        self._items = items
        self._jobs = jobs
        self._execution = execution
        self._tracking = tracking
        self._clock = clock

    # --- one attempt --------------------------------------------------------------------------------------------

    async def run(self, run_id: str) -> JobState:
        """Run the attempt of the training the worker claimed (JobExecution); its end state. Raises JobStopped
        when it was cancelled or a later attempt owns it."""
        run = await self._runs.get(run_id)
        if run is None:
            raise TrainingDataError(f"no training run has id '{run_id}'")
        attempt = run.attempt
        recorder = _Recorder(self._jobs, run_id)
        cancel = _context().Event()
        self._execution.on_stop(run_id, cancel.set)
        started = time.perf_counter()
        stages = _Stages()
        mlflow_run: str | None = None
        try:
            dataset = await self._datasets.get(run.dataset_id)
            request, frozen = await self._snapshot(run, dataset, recorder)
            await self._frozen.freeze(run_id, frozen)
            run = (
                await self._runs.update(
                    run_id,
                    item_count=len(frozen),
                    item_hash=data_hash(frozen),
                    label_counts=multilabel.label_counts(request)
                    if request.label_sets is not None
                    else label_counts(request.spans)
                    if request.spans is not None
                    else dict(Counter(request.labels)),
                )
                or run
            )
            stages.mark("snapshot")
            mlflow_run = await self._start_mlflow(run, dataset, attempt)
            await recorder.log("INFO", f"MLflow run {mlflow_run}")
            stages.mark("mlflow_run")
            result = await self._fit(request, cancel, recorder, mlflow_run)
            stages.mark("fit")
            stages.note("fit_in_child", result.timings.get("fit_s", 0.0))  # the rest of `fit`: process, transfer
            version = await self._track(run, dataset, request, result, mlflow_run, stages)
            duration = time.perf_counter() - started
            await self._runs.update(
                run_id,
                train_size=result.train_size,
                validation_size=result.validation_size,
                metrics=result.metrics,
                per_class=result.per_class,
                confusion_labels=result.classes,
                confusion_matrix=result.confusion,
                label_outcomes=result.label_outcomes,
                mlflow_run_id=mlflow_run,
                model_version=version,
                duration_s=duration,
            )
            stages.mark("results")
            await recorder.log("INFO", stages.describe())
            message = f"model {dataset.id} version {version}: accuracy {result.metrics['accuracy']:.3f}"
            return (await self._jobs.succeed(run_id, message)).state
        except TrainingCancelled as exc:
            await self._end_mlflow(mlflow_run, "KILLED")
            superseded = self._execution.superseded(run_id) or (await self._owner(run_id)) != attempt
            raise JobStopped(run_id, superseded=superseded) from exc
        except TrainingDataError as exc:
            await self._end_mlflow(mlflow_run, "FAILED")
            return (await self._jobs.fail(run_id, str(exc))).state
        except Exception as exc:
            log.exception("training %s failed", run_id)
            await self._end_mlflow(mlflow_run, "FAILED")
            message = f"the training stopped on an unexpected error ({type(exc).__name__}: {exc})"
            return (await self._jobs.fail(run_id, message)).state

    async def _owner(self, run_id: str) -> int | None:
        run = await self._runs.get(run_id)
        return run.attempt if run else None

    async def _candidates(self, run: TrainingRun, dataset: Dataset) -> AsyncIterator[Item]:
        """The items the run's filter matches now that have a label: ids from the index (the filter), in id order,
        then content and labels from MongoDB (the truth)."""
        item_filter = item_filter_from_params(run.training_filter)
        ids: list[str] = []
        async for page in self._items.labelled_ids(dataset.id, item_filter):
            ids.extend(page)
        ids.sort()
        ids = await self._without_evaluation_items(dataset.id, ids)
        for start in range(0, len(ids), 1000):
            for item in await self._items.get_many(ids[start : start + 1000]):
                yield item

    async def _snapshot(
        self, run: TrainingRun, dataset: Dataset, recorder: _Recorder
    ) -> tuple[FitRequest, list[FrozenItem]]:
        """Freeze the training set: each candidate with the label the run's rule gives it (left out without one),
        its input for the fit, and the hash of its content."""
        if dataset.task_type is TaskType.MULTI_LABEL:
            return await multilabel.snapshot(run, dataset, self._candidates(run, dataset), recorder.log)
        if dataset.task_type is TaskType.SPANS:
            return await spans_snapshot(run, self._candidates(run, dataset), recorder.log)
        rule = LabelRule(run.label_rule)
        inputs: list[Any] = []
        labels: list[str] = []
        frozen: list[FrozenItem] = []
        skipped = 0
        text = dataset.kind is DatasetKind.TEXT
        async for item in self._candidates(run, dataset):
            label = training_label(item, rule, run.min_agreement)
            if label is None:
                skipped += 1
                continue
            if text:
                inputs.append(item.text or "")
            else:
                features = item.features or {}
                inputs.append([float(features.get(name, np.nan)) for name in dataset.feature_names])
            labels.append(label)
            frozen.append(FrozenItem(item.id, label, content_hash(item)))
        await recorder.log(
            "INFO",
            f"training set: {len(frozen)} items"
            + (f" ({skipped} without a clear label under {rule.value} skipped)" if skipped else ""),
        )
        if not frozen:
            raise TrainingDataError(
                f"no item of the training set has a clear label under the rule {rule.value} (gold, or annotators "
                "agreeing as the rule asks): review the conflicts, lower minAgreement or choose another rule"
            )
        request = FitRequest(
            model_type=run.model_type,
            params=run.params,
            text=text,
            inputs=inputs,
            labels=labels,
            validation=run.validation.describe(),
        )
        return request, frozen

    async def _without_evaluation_items(self, dataset_id: str, ids: list[str]) -> list[str]:
        """The ids less the dataset's evaluation set (backend/models/evaluation.py): no training includes them."""
        if self._excluded is None:
            return ids
        excluded = await self._excluded(dataset_id)
        return [i for i in ids if i not in excluded] if excluded else ids

    async def _fit(self, request: FitRequest, cancel: Any, recorder: _Recorder, mlflow_run: str) -> FitResult:
        """Fit in a child process; relay its events as they come."""
        context = _context()
        events: Any = context.Queue()
        loop = asyncio.get_running_loop()
        with ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=init_child, initargs=(events, cancel)
        ) as pool:
            future = loop.run_in_executor(pool, run_in_child, request)
            while True:
                try:
                    # short waits once the fit has ended: only what it queued before returning is left to relay
                    kind, payload = await asyncio.to_thread(events.get, True, 0.01 if future.done() else 0.1)
                except queue_module.Empty:
                    if future.done():
                        break
                    continue
                await self._relay(recorder, mlflow_run, kind, payload, cancel)
            return await future

    async def _check_cancel(self, run_id: str, cancel: Any) -> None:
        """At each metric point too (not only at heartbeats), so a cancel stops the fit within one epoch."""
        run = await self._runs.get(run_id)
        if run is not None and (run.cancel_requested or run.attempt != self._jobs.attempts.get(run_id, run.attempt)):
            cancel.set()

    async def _relay(
        self, recorder: _Recorder, mlflow_run: str, kind: str, payload: dict[str, Any], cancel: Any
    ) -> None:
        if kind == "metric":
            await recorder.record(EventKind.METRIC, payload)
            await self._check_cancel(recorder.run_id, cancel)
            step = int(payload["step"])
            points = [(key, float(payload[key]), step) for key in ("loss", "accuracy", "macro_f1") if key in payload]
            if points:
                await asyncio.to_thread(self._tracking.log_metrics, mlflow_run, points)
        elif kind == "progress":
            await recorder.record(EventKind.PROGRESS, payload)
        else:
            await recorder.record(EventKind.LOG, payload)

    async def _start_mlflow(self, run: TrainingRun, dataset: Dataset, attempt: int) -> str:
        tags = {"labelloop.dataset": dataset.id, RUN_ID_TAG: run.id}
        experiment = await asyncio.to_thread(
            self._tracking.experiment, f"labelloop/{dataset.id}", tags={"labelloop.dataset": dataset.id}
        )
        if attempt > 1:  # only a retried run can have an earlier attempt's MLflow run (a search: one round trip)
            for stale in await asyncio.to_thread(self._tracking.runs_tagged, experiment, RUN_ID_TAG, run.id):
                await self._end_mlflow(stale, "KILLED")
        run_tags = {
            **tags,
            "labelloop.attempt": str(attempt),
            "labelloop.model_type": run.model_type,
            "labelloop.filter": str(run.training_filter)[:4000],
            "labelloop.item_hash": run.item_hash or "",
            "labelloop.items": str(run.item_count or 0),
            "labelloop.training_set_id": run.training_set_id or "",
            "labelloop.label_rule": run.label_rule,
            "labelloop.created_by": run.created_by,
        }
        mlflow_run = await asyncio.to_thread(
            self._tracking.start_run, experiment, f"{run.model_type.lower()}-{run.id[-6:]}", run_tags
        )
        params = {
            **run.params,
            "model_type": run.model_type,
            **{f"validation.{k}": v for k, v in run.validation.describe().items()},
        }
        if run.min_agreement is not None:
            params["min_agreement"] = run.min_agreement
        await asyncio.to_thread(self._tracking.log_params, mlflow_run, params)
        await self._runs.update(run.id, mlflow_experiment_id=experiment, mlflow_run_id=mlflow_run)
        return mlflow_run

    async def _end_mlflow(self, mlflow_run: str | None, status: str) -> None:
        if mlflow_run is not None:
            with contextlib.suppress(Exception):
                await asyncio.to_thread(self._tracking.end_run, mlflow_run, status)

    async def _track(
        self,
        run: TrainingRun,
        dataset: Dataset,
        request: FitRequest,
        result: FitResult,
        mlflow_run: str,
        stages: _Stages,
    ) -> str:
        """Final metrics, artifacts, the model and its registered version (one per training run)."""
        final = [(f"final_{k}", v, 0) for k, v in result.metrics.items()]
        final += [(f"f1.{c['label']}", c["f1"], 0) for c in result.per_class]
        await asyncio.to_thread(self._tracking.log_metrics, mlflow_run, final)
        confusion = {"labels": result.classes, "matrix": result.confusion}
        await asyncio.to_thread(self._tracking.log_dict, mlflow_run, confusion, "confusion_matrix.json")
        await asyncio.to_thread(self._tracking.log_text, mlflow_run, result.report, "classification_report.txt")
        example = request.inputs[:3]
        if request.text:
            frame = pd.DataFrame({"text": example})
        else:
            frame = pd.DataFrame(example, columns=list(dataset.feature_names))
        stages.mark("metrics_artifacts")
        source = await asyncio.to_thread(
            self._tracking.log_model, mlflow_run, result.model, frame, result.model.predict(frame.to_numpy())
        )
        stages.mark("model")
        tags = {
            RUN_ID_TAG: run.id,
            "labelloop.dataset": dataset.id,
            "labelloop.item_hash": run.item_hash or "",
            "labelloop.filter": str(run.training_filter)[:4000],
            "labelloop.model_type": run.model_type,
        }
        version = await asyncio.to_thread(
            self._tracking.register_version, dataset.id, source, mlflow_run, tags, RUN_ID_TAG, run.attempt > 1
        )
        await self._end_mlflow(mlflow_run, "FINISHED")
        await self._runs.update(run.id, model_version=version)
        stages.mark("registration")
        return version


class _Stages:
    """Seconds spent in each stage of an attempt, for its last log line (bench/training.py reads it)."""

    PREFIX = "stage timings (s):"

    def __init__(self) -> None:
        self._last = time.perf_counter()
        self._seconds: dict[str, float] = {}

    def mark(self, stage: str) -> None:
        """`stage` ends now: it took the time since the previous mark."""
        now = time.perf_counter()
        self._seconds[stage] = now - self._last
        self._last = now

    def note(self, what: str, seconds: float) -> None:
        """A part of the previous stage, measured elsewhere (e.g. in the fitting process)."""
        self._seconds[what] = seconds

    def describe(self) -> str:
        return f"{self.PREFIX} " + " ".join(f"{stage}={seconds:.3f}" for stage, seconds in self._seconds.items())


class _Recorder:
    """The events of one run, through the one job event log (numbered, stored in MongoDB, published on Redis)."""

    def __init__(self, jobs: JobService, run_id: str) -> None:
        self._jobs = jobs
        self.run_id = run_id

    async def record(self, kind: EventKind, data: dict[str, Any]) -> None:
        await self._jobs.record(self.run_id, kind, data)

    async def log(self, level: str, message: str) -> None:
        await self._jobs.log(self.run_id, level, message)
