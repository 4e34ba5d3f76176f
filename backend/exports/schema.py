"""GraphQL operations of exports: the items matching a filter written to a file that an ADMIN downloads."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.auth.permissions import Permission
from backend.datasets.schema import DatasetNotFoundError
from backend.exports.service import ExportFormat
from backend.graphql.context import Info
from backend.graphql.enums import described_enum
from backend.graphql.errors import ValidationError
from backend.graphql.permissions import requires
from backend.imports.schema import JobSuccess
from backend.items.schema import ItemFilter, filter_entity
from backend.jobs.schema import Job

described_enum(
    ExportFormat,
    name="ExportFormat",
    description="JSONL, CSV, or CoNLL (SPANS datasets).",
    values={
        ExportFormat.JSONL: "One JSON object per item with every field; importing it recreates the dataset.",
        ExportFormat.CSV: "A header line, then one row per item; lists are joined, for spreadsheets.",
        ExportFormat.CONLL: (
            "SPANS datasets: one token and its BIO tag per line, a blank line between items; the gold spans, else "
            "the annotators' consensus; items with neither are left out."
        ),
    },
)

ExportItemsResult = Annotated[
    JobSuccess | DatasetNotFoundError | ValidationError,
    strawberry.union("ExportItemsResult", description="Result of `exportItems`."),
]


@strawberry.type
class ExportMutation:
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
        dataset_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The dataset whose items, labels and gold labels are written to a file."),
        ],
        format: Annotated[
            ExportFormat,
            strawberry.argument(
                description="JSONL (one object per item, every field), CSV (a header line; lists joined) or "
                "CONLL (SPANS datasets: tokens and BIO tags)."
            ),
        ] = ExportFormat.JSONL,
        filter: Annotated[ItemFilter | None, strawberry.argument(description="Default: every item.")] = None,
    ) -> ExportItemsResult:
        job = await info.context.services.exports.submit(
            info.context.require_principal(), str(dataset_id), filter_entity(filter), format
        )
        return JobSuccess(job=Job.from_entity(job))
