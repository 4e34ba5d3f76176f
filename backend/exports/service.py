"""Exports: the items matching a filter, with their annotations and gold labels, as a JSONL or CSV file."""

from __future__ import annotations

import csv
import enum
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from backend.annotations.visibility import is_blind_for
from backend.auth.entities import Principal
from backend.auth.permissions import Permission, Role
from backend.clock import utc_now
from backend.datasets.entities import TaskType
from backend.datasets.service import DatasetService
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.exports.conll import conll_block
from backend.exports.rows import csv_cells, csv_columns, structured_row
from backend.items.entities import Item, ItemFilter
from backend.items.filters import item_filter_from_params
from backend.items.store import ItemStore
from backend.jobs.entities import Job, JobKind, JobState
from backend.jobs.errors import JobStopped
from backend.jobs.service import JobService
from backend.wording import counted

PROGRESS_EVERY = 5000
READ_BATCH = 1000  # items read from MongoDB by `_id` at a time
# A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(…)`, `@SUM(…)`, DDE
# payloads); OWASP's rule: prefix such a cell with a single quote so it is shown as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(enum.Enum):
    JSONL = "JSONL"
    CSV = "CSV"
    CONLL = "CONLL"  # SPANS datasets only


def neutralise_formula(cell: object) -> object:
    """`cell`, with a leading single quote when a spreadsheet would run it as a formula."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


class ExportNotReady(DomainError):
    pass


class ExportForbidden(DomainError):
    def __init__(self) -> None:
        super().__init__("exports are for administrators (permission 'manage_datasets')")


COLUMNS = [
    "id",
    "text",
    "features",
    "metadata",
    "status",
    "gold_label",
    "gold_label_comment",
    "annotations",
    "suggestion",
]


def _gold_comment(item: Item) -> str | None:
    """The reviewer's comment on the item's gold label (its last `gold` event)."""
    if item.gold_label is None:
        return None
    last = next((e for e in reversed(item.history) if e.action == "gold"), None)
    return last.comment if last is not None and last.label == item.gold_label else None


def _row(item: Item, task_type: TaskType = TaskType.SINGLE_LABEL) -> dict[str, Any]:
    """One item, with the field names an import reads back (docs/data.md: the round trip)."""
    if task_type is not TaskType.SINGLE_LABEL:
        return structured_row(task_type, item, _gold_comment(item))
    suggestion = item.suggestion
    return {
        "id": item.external_id,
        "text": item.text,
        "features": item.features,
        "metadata": item.metadata,
        "status": item.status.value,
        "gold_label": item.gold_label,
        "gold_label_comment": _gold_comment(item),
        "annotations": [
            {
                "annotator": a.annotator,
                "label": a.label,
                "note": a.note,
                "updated_at": a.updated_at.isoformat(),
                "suggestion_accepted": a.suggestion_accepted,
                "suggestion_model": a.suggestion_model,
                "suggestion_version": a.suggestion_version,
            }
            for a in item.annotations
        ],
        "suggestion": {
            "label": suggestion.label,
            "confidence": suggestion.confidence,
            "model": suggestion.model,
            "version": suggestion.version,
        }
        if suggestion
        else None,
    }


class ExportService:
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
        self._exports = data_dir / "exports"
        self._clock = clock

    async def submit(
        self, principal: Principal, dataset_id: str, item_filter: ItemFilter, file_format: ExportFormat
    ) -> Job:
        """An export job of the matching items; raises DatasetNotFound, or ExportForbidden for a caller who may
        not manage datasets or for whom the dataset is blind (the file holds every annotator's labels)."""
        dataset = await self._datasets.get(dataset_id)
        if not principal.can(Permission.MANAGE_DATASETS) or is_blind_for(principal, dataset):
            raise ExportForbidden
        if file_format is ExportFormat.CONLL and dataset.task_type is not TaskType.SPANS:
            raise ValidationFailed(
                [
                    FieldProblem(
                        "format",
                        "wrong_task_type",
                        f"CoNLL holds spans: dataset '{dataset.id}' is {dataset.task_type.value}, export JSONL or CSV",
                    )
                ]
            )
        created_by = principal.user.id
        params = {"filter": item_filter.describe(), "format": file_format.value}
        return await self._jobs.submit(JobKind.EXPORT, created_by, dataset_id, params)

    def file_of(self, job: Job) -> Path:
        suffix = {ExportFormat.JSONL.value: "jsonl", ExportFormat.CONLL.value: "conll"}.get(
            job.params.get("format", ""), "csv"
        )
        return self._exports / f"{job.id}.{suffix}"

    async def run(self, job_id: str) -> Job:
        """Write the export file: ids from the index (the filter), content from MongoDB (the truth)."""
        job = await self._jobs.get(job_id)
        dataset_id = job.dataset_id or ""
        item_filter = item_filter_from_params(job.params.get("filter", {}))
        try:
            task_type = (await self._datasets.get(dataset_id)).task_type
            total = await self._items.count(dataset_id, item_filter)
            job = await self._jobs.start(job_id, total=total, message="collecting matching items")
            wanted: list[str] = []
            async for ids in self._items.ids(dataset_id, item_filter):
                wanted.extend(ids)
            self._exports.mkdir(parents=True, exist_ok=True)
            path = self.file_of(job)
            written = skipped = 0
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = self._writer(handle, ExportFormat(job.params["format"]), task_type)
                # the items by key, a batch at a time: never a scan of the collection (every dataset's items,
                # collected whole in the MongoDB-wire server's memory)
                for start in range(0, len(wanted), READ_BATCH):
                    for item in await self._items.get_many(wanted[start : start + READ_BATCH]):
                        if not writer(item):
                            skipped += 1
                            continue
                        written += 1
                        if written % PROGRESS_EVERY == 0:
                            await self._jobs.progress(job_id, written)
                            await self._jobs.checkpoint(job_id)
            await self._jobs.progress(job_id, written)
            result: dict[str, Any] = {"count": written, "download": f"/exports/{job_id}", "file": path.name}
            message = f"{counted(written, 'item')} exported"
            if skipped:
                result["skipped"] = skipped
                message += f", {counted(skipped, 'item')} without gold spans or annotations left out"
            return await self._jobs.succeed(job_id, message, result)
        except JobStopped:
            self.file_of(job).unlink(missing_ok=True)  # a cancelled export leaves no partial file to download
            raise
        except Exception as exc:
            await self._jobs.fail(job_id, f"the export stopped on an unexpected error ({type(exc).__name__})")
            raise

    @staticmethod
    def _writer(handle: TextIO, file_format: ExportFormat, task_type: TaskType) -> Callable[[Item], bool]:
        """Writes one item; False when the format has nothing to write for it (CoNLL: no answer)."""
        if file_format is ExportFormat.CONLL:

            def write_block(item: Item) -> bool:
                block = conll_block(item)
                if block is not None:
                    handle.write(block)
                return block is not None

            return write_block
        if file_format is ExportFormat.JSONL:

            def write_line(item: Item) -> bool:
                handle.write(json.dumps(_row(item, task_type), ensure_ascii=False) + "\n")
                return True

            return write_line
        writer = csv.DictWriter(handle, fieldnames=csv_columns(task_type, COLUMNS))
        writer.writeheader()

        def write(item: Item) -> bool:
            row = csv_cells(_row(item, task_type))
            writer.writerow(
                {
                    k: neutralise_formula(json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v)
                    for k, v in row.items()
                }
            )
            return True

        return write

    async def download(self, principal: Principal, job_id: str) -> tuple[Path, str]:
        """The file of a finished export: for administrators only (ExportForbidden otherwise)."""
        if not principal.can(Permission.MANAGE_DATASETS) or principal.role is not Role.ADMIN:
            raise ExportForbidden
        job = await self._jobs.get(job_id)
        if job.kind is not JobKind.EXPORT:
            raise ExportNotReady(f"no export has id '{job_id}'")
        if job.state is not JobState.SUCCEEDED:
            raise ExportNotReady(f"export '{job_id}' is {job.state.value}: wait for SUCCEEDED")
        return self.file_of(job), f"{job.dataset_id}-{job_id}.{self.file_of(job).suffix.lstrip('.')}"
