"""GraphQL operations of imports: a file uploaded, then read by the worker into items."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from backend.auth.permissions import Permission
from backend.datasets.entities import TaskType
from backend.datasets.schema import DatasetArchivedError, DatasetNotFoundError
from backend.errors import FieldProblem, ValidationFailed
from backend.graphql.context import Info
from backend.graphql.enums import described_enum
from backend.graphql.errors import ValidationError
from backend.graphql.permissions import requires
from backend.imports.parsers import ImportFormat, ImportMapping
from backend.imports.service import infer_format
from backend.jobs.schema import Job

described_enum(
    ImportFormat,
    name="ImportFormat",
    description="JSONL: one JSON object per line. CSV: a header line. CONLL: tokens and BIO tags (SPANS datasets).",
    values={
        ImportFormat.JSONL: (
            "One JSON object per line: `text` or the features, optional `external_id`, `label`, `metadata`."
        ),
        ImportFormat.CSV: "A header line naming the columns, then one item per line.",
        ImportFormat.CONLL: (
            "SPANS datasets: one token and its BIO tag per line (`token<TAB>B-PER`), a blank line between items; "
            "the text is the tokens joined by spaces, the tags are its gold spans."
        ),
    },
)
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
class ImportMutation:
    @strawberry.mutation(
        **requires(
            Permission.MANAGE_DATASETS,
            "Import items from a JSONL, CSV or CoNLL file (GraphQL multipart upload). Re-importing an id updates the "
            "item. "
            "Bad lines are reported on the job with their line number; good lines are kept.",
        )
    )
    async def import_items(
        self,
        info: Info,
        dataset_id: Annotated[
            strawberry.ID, strawberry.argument(description="The dataset the file's items are added to.")
        ],
        file: Annotated[Upload, strawberry.argument(description="The file, up to 100 MB.")],
        format: Annotated[
            ImportFormat | None, strawberry.argument(description="Default: from the file name's extension.")
        ] = None,
        mapping: Annotated[
            ImportMappingInput | None, strawberry.argument(description="Default: id, text, label.")
        ] = None,
    ) -> ImportItemsResult:
        services = info.context.services
        dataset = await services.datasets.get_writable(str(dataset_id))
        name = getattr(file, "filename", None) or "upload"
        file_format = format or infer_format(name)
        if file_format is None:  # refused before the file is stored: no orphan upload
            raise ValidationFailed(
                [
                    FieldProblem(
                        "format", "unknown", f"cannot tell the format of '{name}': pass format JSONL, CSV or CONLL"
                    )
                ]
            )
        if file_format is ImportFormat.CONLL and dataset.task_type is not TaskType.SPANS:
            raise ValidationFailed(
                [
                    FieldProblem(
                        "format",
                        "wrong_task_type",
                        f"CoNLL files hold spans: dataset '{dataset.id}' is {dataset.task_type.value}, import JSONL "
                        "or CSV into it",
                    )
                ]
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
