"""Imports: a file stored by the API, parsed and written by the worker in batches, with a bad-line report."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from backend.annotations.answers import Answer, AnswerInput, validate_answer
from backend.annotations.status import derive_status
from backend.clock import utc_now
from backend.datasets.entities import Dataset, DatasetKind, TaskType
from backend.datasets.service import DatasetService
from backend.errors import ValidationFailed
from backend.imports.parsers import (
    BadLine,
    ImportFormat,
    ImportMapping,
    ParsedRecord,
    UnusableFile,
    count_lines,
    parse,
)
from backend.imports.pipeline import BatchWriter
from backend.items.entities import Annotation, Item, LabelEvent, item_id
from backend.items.store import ItemStore
from backend.jobs.entities import Job, JobKind, JobProblem, JobState
from backend.jobs.errors import JobStopped
from backend.jobs.service import JobService
from backend.wording import counted

BATCH_SIZE = 2000
# An upload with no queued or running import this old is an orphan (its API replica died between storing it
# and queuing the job, or an older version left it): the worker's cron deletes it.
ORPHAN_UPLOAD_AGE = timedelta(hours=1)
ProgressCallback = Callable[[Job], Awaitable[None]]
IMPORT_ACTOR = "import"  # who set an imported gold label, in the item's history


def safe_file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[-80:] or "upload"


def infer_format(file_name: str) -> ImportFormat | None:
    lowered = file_name.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return ImportFormat.JSONL
    if lowered.endswith((".csv", ".tsv")):
        return ImportFormat.CSV
    if lowered.endswith((".conll", ".iob", ".bio")):
        return ImportFormat.CONLL
    return None


class ImportService:
    """Turns files into items: validated line by line; good lines kept, bad lines reported."""

    def __init__(
        self,
        datasets: DatasetService,
        items: ItemStore,
        jobs: JobService,
        data_dir: Path,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._datasets = datasets
        self._items = items
        self._jobs = jobs
        self._uploads = data_dir / "uploads"
        self._clock = clock

    def upload_path(self, file_name: str) -> Path:
        """Where the API stores an uploaded file before the worker imports it."""
        self._uploads.mkdir(parents=True, exist_ok=True)
        return self._uploads / f"{uuid.uuid4().hex[:12]}-{safe_file_name(file_name)}"

    async def submit(
        self,
        dataset_id: str,
        path: Path,
        file_format: ImportFormat,
        mapping: ImportMapping,
        created_by: str,
        queue: bool = True,
    ) -> Job:
        """Record the import of a stored file into a dataset, queued for the worker unless `queue` is False
        (the command line runs it itself); raises DatasetNotFound or DatasetArchived."""
        try:
            await self._datasets.get_writable(dataset_id)
            params = {"path": str(path), "format": file_format.value, "mapping": asdict(mapping), "file": path.name}
            if not queue:
                return await self._jobs.create(JobKind.IMPORT, created_by, dataset_id, params)
            return await self._jobs.submit(JobKind.IMPORT, created_by, dataset_id, params)
        except BaseException:
            self.discard_upload(path)  # no job will ever read it
            raise

    def discard_upload(self, path: Path) -> None:
        """Delete a stored upload (nothing happens when it is already gone)."""
        path.unlink(missing_ok=True)

    async def sweep_orphan_uploads(self, older_than: timedelta = ORPHAN_UPLOAD_AGE) -> list[str]:
        """Delete the uploads older than `older_than` that no queued or running import reads; returns their
        names. Raises the search index's errors (it lists the live jobs): nothing is deleted then."""
        if not self._uploads.is_dir():
            return []
        live: set[str] = set()
        for state in (JobState.QUEUED, JobState.RUNNING):
            page = await self._jobs.list_jobs(JobKind.IMPORT, state, None, first=100)
            while True:
                live.update(Path(job.params.get("path", "")).name for job in page.nodes)
                if not page.has_next_page:
                    break
                page = await self._jobs.list_jobs(JobKind.IMPORT, state, None, first=100, after=page.end_cursor)
        cutoff = (self._clock() - older_than).timestamp()
        swept = []
        for upload in self._uploads.iterdir():
            if upload.is_file() and upload.name not in live and upload.stat().st_mtime < cutoff:
                upload.unlink(missing_ok=True)
                swept.append(upload.name)
        return sorted(swept)

    async def run(self, job_id: str, on_progress: ProgressCallback | None = None) -> Job:
        """Run a queued import to its end; the job says what happened (it never raises for bad input)."""
        job = await self._jobs.get(job_id)
        mapping_fields: dict[str, Any] = job.params["mapping"]
        mapping = ImportMapping(
            external_id=mapping_fields["external_id"],
            text=mapping_fields["text"],
            label=mapping_fields["label"],
            metadata=tuple(mapping_fields.get("metadata", ())),
            features=tuple(mapping_fields.get("features", ())),
        )
        path = Path(job.params["path"])
        # Once the job has ended (succeeded or failed) nothing reads the upload again: it is deleted. Not on a
        # cancellation (the worker stopping): arq runs the job again, and that run needs the file.
        try:
            dataset = await self._datasets.get_writable(job.dataset_id or "")
            if dataset.kind is DatasetKind.TABULAR and dataset.feature_names and not mapping.features:
                mapping = replace(mapping, features=dataset.feature_names)
            job = await self._jobs.start(job_id, total=count_lines(path), message=f"importing {job.params['file']}")
            job = await self._import(job, dataset, path, ImportFormat(job.params["format"]), mapping, on_progress)
        except UnusableFile as exc:
            self.discard_upload(path)
            return await self._jobs.fail(job_id, exc.message)
        except JobStopped as stop:
            if not stop.superseded:
                self.discard_upload(path)  # cancelled: no attempt reads it again
            raise
        except Exception as exc:
            self.discard_upload(path)
            await self._jobs.fail(
                job_id, f"the import stopped on an unexpected error ({type(exc).__name__}): see the worker log"
            )
            raise
        self.discard_upload(path)
        return job

    async def _import(
        self,
        job: Job,
        dataset: Dataset,
        path: Path,
        file_format: ImportFormat,
        mapping: ImportMapping,
        on_progress: ProgressCallback | None,
    ) -> Job:
        seen: dict[str, int] = {}
        batch: list[Item] = []
        problems: list[JobProblem] = []
        writer = BatchWriter(self._items)
        last_line = 0
        try:
            for entry in parse(path, file_format, mapping, dataset.kind, dataset.task_type):
                last_line = max(last_line, entry.line)
                if isinstance(entry, BadLine):
                    problems.append(JobProblem(entry.line, entry.reason))
                    continue
                answers = _answers(entry, dataset)
                if isinstance(answers, JobProblem):
                    problems.append(answers)
                    continue
                problem = self._check(entry, dataset, seen)
                if problem is not None:
                    problems.append(JobProblem(entry.line, problem))
                    continue
                if dataset.kind is DatasetKind.TABULAR and not dataset.feature_names and entry.features:
                    dataset = await self._datasets.set_feature_names(dataset, list(entry.features))
                seen[entry.external_id] = entry.line
                batch.append(self._item(dataset, entry, answers))
                if len(batch) >= BATCH_SIZE:
                    await writer.add(batch)
                    batch = []
                    job = await self._jobs.progress(job.id, last_line, problems, _stored(job, writer))
                    problems = []
                    if on_progress:
                        await on_progress(job)
                    await self._jobs.checkpoint(job.id)  # a cancel stops here: the batches stored so far stay
            await writer.add(batch)
            await writer.finish()
        except BaseException:
            await writer.abandon()  # the stored batches reach the index before the job ends
            raise
        stored, waiting = writer.stored, writer.waiting
        job = await self._jobs.progress(job.id, job.total or last_line, problems, _stored(job, writer))
        if stored == 0 and job.problem_count == 0:
            raise UnusableFile("the file has no data lines: nothing to import")
        await self._items.refresh()
        message = f"{counted(stored, 'item')} stored, {counted(job.problem_count, 'line')} skipped"
        if waiting:
            message += (
                f"; {waiting} wait for the search index (Elasticsearch unreachable), the reconciler will add them"
            )
        job = await self._jobs.succeed(
            job.id, message, {"stored": stored, "skipped": job.problem_count, "waiting": waiting}
        )
        if on_progress:
            await on_progress(job)
        return job

    @staticmethod
    def _check(record: ParsedRecord, dataset: Dataset, seen: dict[str, int]) -> str | None:
        if record.external_id in seen:
            return f"duplicate id '{record.external_id}' (first on line {seen[record.external_id]}): line skipped"
        if record.label is not None and record.label not in dataset.label_names:
            return f"label '{record.label}' is not in dataset '{dataset.id}' labels {dataset.label_names}"
        for index, annotation in enumerate(record.annotations):
            if dataset.task_type is not TaskType.SINGLE_LABEL:
                break  # validated with their answers (_answers)
            if annotation.label not in dataset.label_names:
                return (
                    f"annotations[{index}]: label '{annotation.label}' is not in dataset '{dataset.id}' labels "
                    f"{dataset.label_names}"
                )
        features = list(record.features or ())
        if dataset.kind is DatasetKind.TABULAR and dataset.feature_names and features != list(dataset.feature_names):
            return f"features {features} differ from the dataset's {list(dataset.feature_names)}"
        return None

    def _item(self, dataset: Dataset, record: ParsedRecord, answers: Answers) -> Item:
        now = self._clock()
        gold, given = answers
        annotations = tuple(
            Annotation(
                a.annotator,
                answer.key if answer else a.label,
                a.updated_at or now,
                a.updated_at or now,
                a.note,
                a.suggestion_accepted,
                a.suggestion_model,
                a.suggestion_version,
                answer.labels if answer else (),
                answer.spans if answer else (),
            )
            for a, answer in zip(record.annotations, given, strict=True)
        )
        gold_key = gold.key if gold else record.label
        history = (LabelEvent(now, IMPORT_ACTOR, "gold", gold_key, record.gold_comment),) if gold_key else ()
        return Item(
            id=item_id(dataset.id, record.external_id),
            dataset_id=dataset.id,
            external_id=record.external_id,
            text=record.text,
            features=record.features,
            metadata=record.metadata,
            revision=1,
            created_at=now,
            updated_at=now,
            annotations=annotations,
            gold_label=gold_key,
            status=derive_status(annotations, gold_key, dataset.settings.overlap_target),
            history=history,
            gold_labels=gold.labels if gold else (),
            gold_spans=gold.spans if gold else (),
        )


def _stored(job: Job, writer: BatchWriter) -> str:
    """A running import's progress message: the items in MongoDB so far (`done` counts the lines read)."""
    return f"importing {job.params['file']}: {counted(writer.stored, 'item')} stored"


# A line's validated gold answer (None: none, or SINGLE_LABEL) and each annotation's (None for SINGLE_LABEL).
Answers = tuple[Answer | None, tuple[Answer | None, ...]]


def _answers(record: ParsedRecord, dataset: Dataset) -> Answers | JobProblem:
    """The MULTI_LABEL or SPANS answers of a line, validated as the workspace validates them; or the problem,
    naming the field (`labels[1]`, `spans[0].label`, `annotations[2].spans[1]`) and for CoNLL the token's line."""
    if dataset.task_type is TaskType.SINGLE_LABEL:
        return None, tuple(None for _ in record.annotations)
    try:
        gold = validate_answer(dataset, record.text, record.gold) if record.gold is not None else None
    except ValidationFailed as failed:
        return _problem(record, failed, "")
    given: list[Answer | None] = []
    for index, annotation in enumerate(record.annotations):
        answer = annotation.answer or AnswerInput(label=annotation.label)
        try:
            given.append(validate_answer(dataset, record.text, answer))
        except ValidationFailed as failed:
            return _problem(record, failed, f"annotations[{index}].")
    return gold, tuple(given)


def _problem(record: ParsedRecord, failed: ValidationFailed, prefix: str) -> JobProblem:
    first = failed.problems[0]
    line = record.line
    match = re.match(r"spans\[(\d+)\]", first.field)
    if not prefix and match and int(match.group(1)) < len(record.span_lines):
        line = record.span_lines[int(match.group(1))]
    reason = "; ".join(f"{prefix}{p.field}: {p.message}" for p in failed.problems)
    return JobProblem(line, reason)
