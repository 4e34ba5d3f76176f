"""GraphQL operations of annotation and review."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.annotations.errors import AnnotationNotFound, ConcurrentChanges, NotYourAnnotation
from backend.annotations.visibility import visible_item
from backend.auth.permissions import Permission
from backend.datasets.schema import DatasetArchivedError
from backend.graphql.context import Info
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.permissions import requires
from backend.items import entities
from backend.items.schema import Item, ItemNotFoundError


@maps_error(AnnotationNotFound)
@strawberry.type(description="The item has no annotation by that annotator.")
class AnnotationNotFoundError(Error):
    pass


@maps_error(NotYourAnnotation)
@strawberry.type(description="Only the annotator or an ADMIN can delete an annotation.")
class NotYourAnnotationError(Error):
    pass


@maps_error(ConcurrentChanges)
@strawberry.type(description="The item kept changing: try again.")
class ConcurrentChangesError(Error):
    pass


@strawberry.type(description="The item as stored after the change (as the viewer may see it).")
class ItemSuccess:
    item: Item = strawberry.field(description="The item.")


AnnotateItemResult = Annotated[
    ItemSuccess | ItemNotFoundError | DatasetArchivedError | ValidationError | ConcurrentChangesError,
    strawberry.union("AnnotateItemResult", description="Result of `annotateItem` and `setGoldLabel`."),
]
DeleteAnnotationResult = Annotated[
    ItemSuccess
    | ItemNotFoundError
    | AnnotationNotFoundError
    | NotYourAnnotationError
    | DatasetArchivedError
    | ConcurrentChangesError,
    strawberry.union("DeleteAnnotationResult", description="Result of `deleteAnnotation`."),
]


async def _success(info: Info, item: entities.Item) -> ItemSuccess:
    dataset = await info.context.services.datasets.get(item.dataset_id)
    return ItemSuccess(item=Item.from_entity(visible_item(info.context.require_principal(), dataset, item)))


@strawberry.type
class AnnotationMutation:
    @strawberry.mutation(
        **requires(
            Permission.ANNOTATE,
            "Label an item: one annotation per item and annotator (a second call replaces yours). "
            "The label must be one of the dataset's.",
        )
    )
    async def annotate_item(
        self,
        info: Info,
        item_id: strawberry.ID,
        label: str,
        note: Annotated[str | None, strawberry.argument(description="Optional, up to 2,000 characters.")] = None,
    ) -> AnnotateItemResult:
        item = await info.context.services.annotations.annotate(
            info.context.require_principal(), str(item_id), label, note
        )
        return await _success(info, item)

    @strawberry.mutation(
        **requires(Permission.ANNOTATE, "Delete your annotation of an item (an ADMIN may delete anyone's).")
    )
    async def delete_annotation(
        self,
        info: Info,
        item_id: strawberry.ID,
        annotator: Annotated[str | None, strawberry.argument(description="Whose; default: yours.")] = None,
    ) -> DeleteAnnotationResult:
        item = await info.context.services.annotations.delete(info.context.require_principal(), str(item_id), annotator)
        return await _success(info, item)

    @strawberry.mutation(
        **requires(
            Permission.REVIEW,
            "Review: set (or, with null, clear) an item's gold label, with a comment; the item becomes REVIEWED.",
        )
    )
    async def set_gold_label(
        self, info: Info, item_id: strawberry.ID, label: str | None, comment: str | None = None
    ) -> AnnotateItemResult:
        item = await info.context.services.annotations.set_gold_label(
            info.context.require_principal(), str(item_id), label, comment
        )
        return await _success(info, item)
