"""GraphQL operations on saved training sets (list, get, create, update, delete) and a run's frozen items."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import strawberry

from backend.auth.permissions import Permission
from backend.datasets.schema import DatasetNotFoundError
from backend.graphql.context import Info
from backend.graphql.enums import described_enum
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.pagination import Connection
from backend.graphql.permissions import requires
from backend.items.schema import ItemFilter, filter_entity
from backend.training import sets
from backend.training.service import TrainingRunNotFound
from backend.training.sets_frozen import FrozenItem

described_enum(
    sets.LabelRule,
    name="LabelRule",
    description="Which label an item of a training set trains with; items without one are left out.",
    values={
        sets.LabelRule.GOLD_OR_MAJORITY: (
            "The gold label where set, else the annotators' unique majority label if its share reaches the "
            "minimum agreement (ties are left out)."
        ),
        sets.LabelRule.GOLD_ONLY: "Reviewed items only: the gold label; items without one are left out.",
        sets.LabelRule.UNANIMOUS: (
            "The gold label where set, else the label only when every annotator of the item gave it."
        ),
    },
)


@strawberry.type(description="A saved training set: a named filter, label rule and minimum agreement of a dataset.")
class TrainingSet:
    id: strawberry.ID = strawberry.field(description="Stable id; pass as `startTraining(trainingSetId:)`.")
    dataset_id: strawberry.ID = strawberry.field(description="The dataset whose items it selects.")
    name: str = strawberry.field(description="Unique within its dataset.")
    filter: strawberry.scalars.JSON = strawberry.field(
        description="The item filter as stored (snake_case keys of ItemFilter; {} selects every labelled item)."
    )
    label_rule: sets.LabelRule = strawberry.field(description="Which label each item trains with.")
    min_agreement: float | None = strawberry.field(description="GOLD_OR_MAJORITY: the majority's smallest share.")
    created_by: str = strawberry.field(description="Who saved it first.")
    created_at: datetime = strawberry.field(description="When it was saved first.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")

    @classmethod
    def from_entity(cls, entity: sets.TrainingSet) -> TrainingSet:
        return cls(
            id=strawberry.ID(entity.id),
            dataset_id=strawberry.ID(entity.dataset_id),
            name=entity.name,
            filter=json.loads(json.dumps(entity.item_filter, default=str)),
            label_rule=entity.label_rule,
            min_agreement=entity.min_agreement,
            created_by=entity.created_by,
            created_at=entity.created_at,
            updated_at=entity.updated_at,
        )


@strawberry.input(description="What a training set selects and how it labels.")
class TrainingSetInput:
    name: str = strawberry.field(description="A name unique within the dataset, up to 100 characters.")
    filter: ItemFilter | None = strawberry.field(
        default=None, description="Which items, as in `search`; null selects every labelled item."
    )
    label_rule: sets.LabelRule = strawberry.field(
        default=sets.LabelRule.GOLD_OR_MAJORITY, description="Which label each item trains with."
    )
    min_agreement: float | None = strawberry.field(
        default=None, description="GOLD_OR_MAJORITY only: leave out items whose majority has a smaller share (0-1)."
    )

    def to_draft(self) -> sets.TrainingSetDraft:
        return sets.TrainingSetDraft(self.name, filter_entity(self.filter), self.label_rule, self.min_agreement)


@strawberry.type(description="One item of a run's frozen training set.")
class FrozenTrainingItem:
    item_id: strawberry.ID = strawberry.field(description="The item's id (`<dataset id>:<external id>`).")
    label: str = strawberry.field(description="The label the run trained it with.")
    content_sha256: str = strawberry.field(
        description="SHA-256 of its content at the start, as canonical JSON ({text} or {features})."
    )

    @classmethod
    def from_entity(cls, item: FrozenItem) -> FrozenTrainingItem:
        return cls(item_id=strawberry.ID(item.item_id), label=item.label, content_sha256=item.content_sha256)


@strawberry.type(description="The training set as saved.")
class TrainingSetSuccess:
    training_set: TrainingSet = strawberry.field(description="The set as it is now.")


@strawberry.type(description="The training set was deleted; runs started from it keep its definition.")
class DeleteTrainingSetSuccess:
    id: strawberry.ID = strawberry.field(description="The id of the deleted set.")


@maps_error(sets.TrainingSetNotFound)
@strawberry.type(description="No training set has that id.")
class TrainingSetNotFoundError(Error):
    pass


SaveTrainingSetResult = Annotated[
    TrainingSetSuccess | DatasetNotFoundError | TrainingSetNotFoundError | ValidationError,
    strawberry.union("SaveTrainingSetResult", description="Result of `createTrainingSet` and `updateTrainingSet`."),
]
DeleteTrainingSetResult = Annotated[
    DeleteTrainingSetSuccess | TrainingSetNotFoundError,
    strawberry.union("DeleteTrainingSetResult", description="Result of `deleteTrainingSet`."),
]
SET_ID = strawberry.argument(description="The set's id, as `createTrainingSet` returned it.")


@strawberry.type
class TrainingSetQuery:
    @strawberry.field(**requires(Permission.VIEW_MODELS, "A dataset's saved training sets, by name."))
    async def training_sets(
        self,
        info: Info,
        dataset_id: Annotated[strawberry.ID, strawberry.argument(description="The dataset whose sets to list.")],
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[TrainingSet]:
        page = await info.context.services.training_sets.list_sets(str(dataset_id), first, after)
        return Connection.of(page, TrainingSet.from_entity)

    @strawberry.field(**requires(Permission.VIEW_MODELS, "One saved training set; null if unknown."))
    async def training_set(self, info: Info, id: Annotated[strawberry.ID, SET_ID]) -> TrainingSet | None:
        try:
            return TrainingSet.from_entity(await info.context.services.training_sets.get(str(id)))
        except sets.TrainingSetNotFound:
            return None

    @strawberry.field(
        **requires(
            Permission.TRAIN_MODEL,
            "The items a run trained on, frozen at its start (id order): each with the label used and the hash "
            "of its content. Empty until the run took its snapshot; null for an unknown run. For those who train "
            "(the labels come from every annotator's work, which a blind dataset hides from annotators).",
        )
    )
    async def training_run_items(
        self,
        info: Info,
        run_id: Annotated[strawberry.ID, strawberry.argument(description="The run whose frozen items to list.")],
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 200.")] = 100,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` of the previous page.")] = None,
    ) -> Connection[FrozenTrainingItem] | None:
        try:
            page = await info.context.services.training.frozen_items(str(run_id), first, after)
        except TrainingRunNotFound:
            return None
        return Connection.of(page, FrozenTrainingItem.from_entity)


@strawberry.type
class TrainingSetMutation:
    @strawberry.mutation(**requires(Permission.TRAIN_MODEL, "Save a new training set of a dataset."))
    async def create_training_set(
        self,
        info: Info,
        dataset_id: Annotated[strawberry.ID, strawberry.argument(description="The dataset whose items it selects.")],
        input: Annotated[TrainingSetInput, strawberry.argument(description="Its name, filter and label rule.")],
    ) -> SaveTrainingSetResult:
        saved = await info.context.services.training_sets.create(
            info.context.require_principal(), str(dataset_id), input.to_draft()
        )
        return TrainingSetSuccess(training_set=TrainingSet.from_entity(saved))

    @strawberry.mutation(
        **requires(Permission.TRAIN_MODEL, "Change a training set; runs already started keep what they recorded.")
    )
    async def update_training_set(
        self,
        info: Info,
        id: Annotated[strawberry.ID, SET_ID],
        input: Annotated[TrainingSetInput, strawberry.argument(description="Its new name, filter and label rule.")],
    ) -> SaveTrainingSetResult:
        saved = await info.context.services.training_sets.update(str(id), input.to_draft())
        return TrainingSetSuccess(training_set=TrainingSet.from_entity(saved))

    @strawberry.mutation(
        **requires(Permission.TRAIN_MODEL, "Delete a training set; runs started from it keep its definition.")
    )
    async def delete_training_set(self, info: Info, id: Annotated[strawberry.ID, SET_ID]) -> DeleteTrainingSetResult:
        deleted = await info.context.services.training_sets.delete(str(id))
        return DeleteTrainingSetSuccess(id=strawberry.ID(deleted.id))
