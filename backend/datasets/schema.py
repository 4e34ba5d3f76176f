"""GraphQL types and operations of datasets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.auth.permissions import Permission
from backend.datasets import entities
from backend.datasets.errors import DatasetArchived, DatasetNotFound
from backend.graphql.context import Info
from backend.graphql.enums import described_enum
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.pagination import Connection
from backend.graphql.permissions import requires

described_enum(
    entities.DatasetKind,
    name="DatasetKind",
    description="TEXT: items are texts. TABULAR: numeric records.",
    values={
        entities.DatasetKind.TEXT: "Each item is a text; text model types train on it.",
        entities.DatasetKind.TABULAR: (
            "Each item is a record of named numeric features; tabular model types train on it."
        ),
    },
)

described_enum(
    entities.TaskType,
    name="TaskType",
    description="What an annotation of the dataset is: one label, a set of labels, or labelled spans of the text.",
    values={
        entities.TaskType.SINGLE_LABEL: "Exactly one of the labels per item (the default).",
        entities.TaskType.MULTI_LABEL: "A set of the labels per item; an explicit empty set means none applies.",
        entities.TaskType.SPANS: "TEXT only: labelled, non-overlapping spans of the text (named entities).",
    },
)


@strawberry.type(description="A label annotators can give, with its keyboard shortcut and colour.")
class Label:
    name: str = strawberry.field(description="The label, as stored on annotations.")
    hotkey: str | None = strawberry.field(description="One letter or digit that applies it in the workspace.")
    color: str | None = strawberry.field(description="Display colour, #rrggbb.")


described_enum(
    entities.QueueOrder,
    name="QueueOrder",
    description="The order the queue hands out items of equal priority: RANDOM (per annotator, the same on every "
    "reload) or IMPORT_ORDER.",
    values={
        entities.QueueOrder.RANDOM: (
            "Shuffled per annotator, the same on every reload, so annotators do not all start on the same items."
        ),
        entities.QueueOrder.IMPORT_ORDER: "Oldest first, as imported.",
    },
)


@strawberry.type(description="How annotation of a dataset is organised.")
class AnnotationSettings:
    overlap_target: int = strawberry.field(description="Independent labels wanted per item (1 = no overlap).")
    blind: bool = strawberry.field(description="Annotators see only their own labels, never others' or the model's.")
    queue_order: entities.QueueOrder = strawberry.field(
        description="RANDOM: each annotator gets the items in a shuffled order of their own (reloading gives the "
        "same one); IMPORT_ORDER: oldest first. Applies to the UNLABELED_FIRST and LEAST_ANNOTATED queues."
    )


@strawberry.type(description="A set of items labelled against one label schema.")
class Dataset:
    id: strawberry.ID = strawberry.field(description="Stable id: the slug of the name given at creation.")
    name: str = strawberry.field(
        description="Display name, unique among datasets; its id is derived from it at creation."
    )
    kind: entities.DatasetKind = strawberry.field(description="TEXT or TABULAR.")
    task_type: entities.TaskType = strawberry.field(description="SINGLE_LABEL, MULTI_LABEL or SPANS.")
    labels: list[Label] = strawberry.field(description="The labels, in display order.")
    instructions: str = strawberry.field(description="Guidelines for annotators (Markdown).")
    settings: AnnotationSettings = strawberry.field(description="Overlap and blind mode.")
    feature_names: list[str] = strawberry.field(description="TABULAR: the features of every item, in order.")
    archived: bool = strawberry.field(description="Archived datasets are read-only and hidden by default.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When its definition last changed.")

    @strawberry.field(description="How many items it has (from the search index).")
    async def item_count(self, info: Info) -> int:
        return await info.context.services.items.count(str(self.id))

    @classmethod
    def from_entity(cls, dataset: entities.Dataset) -> Dataset:
        return cls(
            id=strawberry.ID(dataset.id),
            name=dataset.name,
            kind=dataset.kind,
            task_type=dataset.task_type,
            labels=[Label(name=lb.name, hotkey=lb.hotkey, color=lb.color) for lb in dataset.labels],
            instructions=dataset.instructions,
            settings=AnnotationSettings(
                overlap_target=dataset.settings.overlap_target,
                blind=dataset.settings.blind,
                queue_order=dataset.settings.queue_order,
            ),
            feature_names=list(dataset.feature_names),
            archived=dataset.archived,
            created_at=dataset.created_at,
            updated_at=dataset.updated_at,
        )


@strawberry.input(description="A label of a dataset.")
class LabelInput:
    name: str = strawberry.field(description="1 to 64 characters.")
    hotkey: str | None = strawberry.field(default=None, description="One letter or digit, not S or U.")
    color: str | None = strawberry.field(default=None, description="Display colour, `#rrggbb`; null: a neutral one.")

    def to_entity(self) -> entities.LabelDefinition:
        return entities.LabelDefinition(self.name.strip(), self.hotkey, self.color)


@strawberry.input(description="Annotation settings of a dataset.")
class AnnotationSettingsInput:
    overlap_target: int = strawberry.field(default=1, description="Independent labels wanted per item, 1 to 10.")
    blind: bool = strawberry.field(default=False, description="Annotators see only their own labels.")
    queue_order: entities.QueueOrder | None = strawberry.field(
        default=None, description="RANDOM (the default for a new dataset) or IMPORT_ORDER; left out: unchanged."
    )

    def to_entity(self) -> entities.AnnotationSettings:
        return entities.AnnotationSettings(
            self.overlap_target, self.blind, self.queue_order or entities.QueueOrder.RANDOM
        )


@strawberry.input(description="A new dataset.")
class CreateDatasetInput:
    name: str = strawberry.field(description="Display name; its slug becomes the id.")
    kind: entities.DatasetKind = strawberry.field(description="TEXT or TABULAR.")
    task_type: entities.TaskType = strawberry.field(
        default=entities.TaskType.SINGLE_LABEL,
        description="SINGLE_LABEL (the default), MULTI_LABEL, or SPANS (TEXT only); fixed once created.",
    )
    labels: list[LabelInput] = strawberry.field(description="1 to 50 labels.")
    instructions: str = strawberry.field(default="", description="Guidelines for annotators (Markdown).")
    settings: AnnotationSettingsInput | None = strawberry.field(default=None, description="Default: no overlap.")
    feature_names: list[str] | None = strawberry.field(
        default=None, description="TABULAR only; default: taken from the first import."
    )


@strawberry.input(description="Changes to a dataset; omitted fields stay as they are.")
class UpdateDatasetInput:
    labels: list[LabelInput] | None = strawberry.field(
        default=None, description="The whole new label list: labels can be added or changed, not removed."
    )
    instructions: str | None = strawberry.field(
        default=None, description="New guidelines for annotators (Markdown); null keeps them."
    )
    settings: AnnotationSettingsInput | None = strawberry.field(
        default=None, description="New annotation settings; null keeps them."
    )
    archived: bool | None = strawberry.field(default=None, description="Archive (true) or restore (false).")


@maps_error(DatasetNotFound)
@strawberry.type(description="No dataset has that id.")
class DatasetNotFoundError(Error):
    pass


@maps_error(DatasetArchived)
@strawberry.type(description="The dataset is archived: restore it first.")
class DatasetArchivedError(Error):
    pass


@strawberry.type(description="The dataset as stored after the change.")
class DatasetSuccess:
    dataset: Dataset = strawberry.field(description="The dataset as it is now.")


CreateDatasetResult = Annotated[
    DatasetSuccess | ValidationError, strawberry.union("CreateDatasetResult", description="Result of `createDataset`.")
]
UpdateDatasetResult = Annotated[
    DatasetSuccess | DatasetNotFoundError | DatasetArchivedError | ValidationError,
    strawberry.union("UpdateDatasetResult", description="Result of `updateDataset`."),
]


@strawberry.type
class DatasetQuery:
    @strawberry.field(**requires(Permission.VIEW_DATA, "The datasets, by name, a page at a time."))
    async def datasets(
        self,
        info: Info,
        include_archived: Annotated[bool, strawberry.argument(description="Also list archived ones.")] = False,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[Dataset]:
        page = await info.context.services.datasets.page(first, after, include_archived)
        return Connection.of(page, Dataset.from_entity)

    @strawberry.field(**requires(Permission.VIEW_DATA, "One dataset, or null when no dataset has that id."))
    async def dataset(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The dataset's id, as `datasets` or `createDataset` returned it."),
        ],
    ) -> Dataset | None:
        found = await info.context.services.datasets.find(str(id))
        return Dataset.from_entity(found) if found else None


@strawberry.type
class DatasetMutation:
    @strawberry.mutation(**requires(Permission.MANAGE_DATASETS, "Create a dataset with its labels and settings."))
    async def create_dataset(
        self,
        info: Info,
        input: Annotated[
            CreateDatasetInput,
            strawberry.argument(
                description="Name, kind, labels, instructions and workflow settings of the new dataset."
            ),
        ],
    ) -> CreateDatasetResult:
        settings = input.settings.to_entity() if input.settings else entities.AnnotationSettings()
        dataset = await info.context.services.datasets.create(
            name=input.name,
            kind=input.kind,
            labels=[label.to_entity() for label in input.labels],
            instructions=input.instructions,
            settings=settings,
            created_by=info.context.require_principal().user.id,
            feature_names=input.feature_names or (),
            task_type=input.task_type,
        )
        return DatasetSuccess(dataset=Dataset.from_entity(dataset))

    @strawberry.mutation(
        **requires(Permission.MANAGE_DATASETS, "Change a dataset's labels, instructions or settings, or archive it.")
    )
    async def update_dataset(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The dataset to change.")],
        input: Annotated[
            UpdateDatasetInput,
            strawberry.argument(description="Only the settings to change; fields left null keep their value."),
        ],
    ) -> UpdateDatasetResult:
        dataset = await info.context.services.datasets.update(
            str(id),
            labels=[label.to_entity() for label in input.labels] if input.labels is not None else None,
            instructions=input.instructions,
            settings=input.settings.to_entity() if input.settings else None,
            keep_queue_order=input.settings is not None and input.settings.queue_order is None,
            archived=input.archived,
        )
        return DatasetSuccess(dataset=Dataset.from_entity(dataset))
