"""GraphQL operations that start data jobs: import, export, reindex, reconcile."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from backend.auth.permissions import Permission
from backend.datasets.schema import DatasetArchivedError, DatasetNotFoundError
from backend.errors import FieldProblem, ValidationFailed
from backend.exports.service import ExportFormat
from backend.graphql.context import Info
from backend.graphql.errors import ValidationError
from backend.graphql.permissions import requires
from backend.imports.parsers import ImportFormat, ImportMapping
from backend.imports.service import infer_format
from backend.items.schema import ItemFilter, filter_entity
from backend.jobs.entities import JobKind
from backend.jobs.schema import Job

strawberry.enum(ImportFormat, name="ImportFormat", description="JSONL: one JSON object per line. CSV: a header line.")
strawberry.enum(ExportFormat, name="ExportFormat", description="JSONL or CSV.")
UPLOAD_CHUNK = 1 << 20
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


@strawberry.input(description="Which field (JSONL key or CSV column) holds what.")
class ImportMappingInput:
    external_id: str = strawberry.field(default="id", description="The item's id; missing: a hash of the content.")
    text: str = strawberry.field(default="text", description="TEXT datasets: the text.")
    label: str = strawberry.field(default="label", description="An existing label, imported as the gold label.")
    metadata: list[str] | None = strawberry.field(
        default=None,
        description="Fields kept as metadata. JSONL: added to the 'metadata' object. CSV: default every other column.",
    )
    features: list[str] | None = strawberry.field(
        default=None, description="TABULAR: the feature fields; default every numeric field not mapped otherwise."
    )

    def to_entity(self) -> ImportMapping:
        return ImportMapping(
            self.external_id, self.text, self.label, tuple(self.metadata or ()), tuple(self.features or ())
        )


@strawberry.type(description="The job was queued: follow it with `jobProgress(id)`.")
class JobSuccess:
    job: Job = strawberry.field(description="The queued job.")


ImportItemsResult = Annotated[
    JobSuccess | DatasetNotFoundError | DatasetArchivedError | ValidationError,
    strawberry.union("ImportItemsResult", description="Result of `importItems`."),
]
ExportItemsResult = Annotated[
    JobSuccess | DatasetNotFoundError | ValidationError,
    strawberry.union("ExportItemsResult", description="Result of `exportItems`."),
]


async def _store_upload(file: Upload, info: Info) -> tuple[str, str]:
    """Save the upload where the worker reads it; return (path, original name)."""
    name = getattr(file, "filename", None) or "upload"
    path = info.context.services.imports.upload_path(name)
    size = 0
    with path.open("wb") as handle:
        while chunk := await file.read(UPLOAD_CHUNK):  # type: ignore[attr-defined]
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                handle.close()
                path.unlink(missing_ok=True)
                raise ValidationFailed(
                    [FieldProblem("file", "too_large", "the file is over 100 MB: split it, or use the import CLI")]
                )
            await asyncio.to_thread(handle.write, chunk)
    return str(path), name


@strawberry.type
class DataJobMutation:
    @strawberry.mutation(
        **requires(
            Permission.MANAGE_DATASETS,
            "Import items from a JSONL or CSV file (GraphQL multipart upload). Re-importing an id updates the item. "
            "Bad lines are reported on the job with their line number; good lines are kept.",
        )
    )
    async def import_items(
        self,
        info: Info,
        dataset_id: strawberry.ID,
        file: Annotated[Upload, strawberry.argument(description="The file, up to 100 MB.")],
        format: Annotated[
            ImportFormat | None, strawberry.argument(description="Default: from the file name's extension.")
        ] = None,
        mapping: Annotated[
            ImportMappingInput | None, strawberry.argument(description="Default: id, text, label.")
        ] = None,
    ) -> ImportItemsResult:
        services = info.context.services
        await services.datasets.get_writable(str(dataset_id))
        name = getattr(file, "filename", None) or "upload"
        file_format = format or infer_format(name)
        if file_format is None:  # refused before the file is stored: no orphan upload
            raise ValidationFailed(
                [FieldProblem("format", "unknown", f"cannot tell the format of '{name}': pass format JSONL or CSV")]
            )
        path, name = await _store_upload(file, info)
        job = await services.imports.submit(
            str(dataset_id),
            Path(path),
            file_format,
            (mapping or ImportMappingInput()).to_entity(),
            info.context.require_principal().user.id,
        )
        return JobSuccess(job=Job.from_entity(job))

    @strawberry.mutation(
        **requires(
            Permission.MANAGE_DATASETS,
            "Export the items matching a filter, with every annotation and gold label, as a file: when the job has "
            "SUCCEEDED, GET its `result.download` path with an ADMIN's Bearer token. For administrators only, as "
            "the file shows every annotator's labels (which blind datasets hide from annotators).",
        )
    )
    async def export_items(
        self,
        info: Info,
        dataset_id: strawberry.ID,
        format: ExportFormat = ExportFormat.JSONL,
        filter: Annotated[ItemFilter | None, strawberry.argument(description="Default: every item.")] = None,
    ) -> ExportItemsResult:
        job = await info.context.services.exports.submit(
            info.context.require_principal(), str(dataset_id), filter_entity(filter), format
        )
        return JobSuccess(job=Job.from_entity(job))

    @strawberry.mutation(
        **requires(
            Permission.MANAGE_DATASETS,
            "Make the search index equal to MongoDB: index what lags, remove what no longer exists.",
        )
    )
    async def reconcile_index(self, info: Info) -> Job:
        job = await info.context.services.jobs.submit(
            JobKind.RECONCILE, info.context.require_principal().user.id, None, {}
        )
        return Job.from_entity(job)

    @strawberry.mutation(
        **requires(Permission.MANAGE_DATASETS, "Rebuild the search index from MongoDB into a new index, then swap.")
    )
    async def reindex_items(self, info: Info) -> Job:
        job = await info.context.services.jobs.submit(
            JobKind.REINDEX, info.context.require_principal().user.id, None, {}
        )
        return Job.from_entity(job)
