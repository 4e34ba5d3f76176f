"""GraphQL operations of annotation and review."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Annotated

import strawberry
from graphql import GraphQLError

from backend.annotations.agreement_schema import AgreementResult, agreement_of
from backend.annotations.answer_schema import LABEL, LABELS, NONE_OF_THESE, SPANS, SpanInputType, answer_input
from backend.annotations.errors import AnnotationNotFound, ConcurrentChanges, ItemComplete, NotYourAnnotation
from backend.annotations.queue import QueueStrategy, ReviewQueueForbidden
from backend.annotations.visibility import BlindView, visible_item
from backend.auth.permissions import Permission
from backend.datasets.entities import Dataset as DatasetEntity
from backend.datasets.schema import DatasetArchivedError, DatasetNotFoundError
from backend.errors import DomainError
from backend.graphql.context import Info
from backend.graphql.enums import described_enum
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


@maps_error(ItemComplete)
@strawberry.type(description="The item already has the labels its dataset asks for (or they are reserved).")
class ItemCompleteError(Error):
    pass


@strawberry.type(description="The item as stored after the change (as the viewer may see it).")
class ItemSuccess:
    item: Item = strawberry.field(description="The item as it is now, with your change.")


AnnotateItemResult = Annotated[
    ItemSuccess
    | ItemNotFoundError
    | DatasetArchivedError
    | ValidationError
    | ConcurrentChangesError
    | ItemCompleteError,
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


def _success(info: Info, item: entities.Item, dataset: DatasetEntity) -> ItemSuccess:
    return ItemSuccess(item=Item.from_entity(visible_item(info.context.require_principal(), dataset, item)))


@strawberry.type
class AnnotationMutation:
    @strawberry.mutation(
        **requires(
            Permission.ANNOTATE,
            "Label an item: one annotation per item and annotator (a second call replaces yours). Give the part "
            "the dataset's task type asks for: `label`, `labels`/`noneOfThese`, or `spans`.",
        )
    )
    async def annotate_item(
        self,
        info: Info,
        item_id: Annotated[strawberry.ID, strawberry.argument(description="The item you label.")],
        label: Annotated[str | None, strawberry.argument(description=LABEL)] = None,
        note: Annotated[str | None, strawberry.argument(description="Optional, up to 2,000 characters.")] = None,
        accepted_suggestion: Annotated[
            bool | None,
            strawberry.argument(
                description="True: the label is the model's suggestion shown with the item (`Item.suggestion`), "
                "accepted unchanged; false: a suggestion was shown and you chose this label yourself; null or left "
                "out: not said (nothing is recorded). True is refused (ValidationError, field acceptedSuggestion) "
                "when the item has no suggestion, the label differs from it, or the dataset is blind for you."
            ),
        ] = None,
        labels: Annotated[list[str] | None, strawberry.argument(description=LABELS)] = None,
        none_of_these: Annotated[bool | None, strawberry.argument(description=NONE_OF_THESE)] = None,
        spans: Annotated[list[SpanInputType] | None, strawberry.argument(description=SPANS)] = None,
    ) -> AnnotateItemResult:
        answer = answer_input(label, labels, none_of_these, spans)
        item, dataset = await info.context.services.annotations.annotate(
            info.context.require_principal(), str(item_id), answer, note, accepted_suggestion
        )
        return _success(info, item, dataset)

    @strawberry.mutation(
        **requires(Permission.ANNOTATE, "Delete your annotation of an item (an ADMIN may delete anyone's).")
    )
    async def delete_annotation(
        self,
        info: Info,
        item_id: Annotated[strawberry.ID, strawberry.argument(description="The item whose annotation is removed.")],
        annotator: Annotated[str | None, strawberry.argument(description="Whose; default: yours.")] = None,
    ) -> DeleteAnnotationResult:
        item, dataset = await info.context.services.annotations.delete(
            info.context.require_principal(), str(item_id), annotator
        )
        return _success(info, item, dataset)

    @strawberry.mutation(
        **requires(
            Permission.REVIEW,
            "Review: set (or, with null, clear) an item's gold label, with a comment; the item becomes REVIEWED.",
        )
    )
    async def set_gold_label(
        self,
        info: Info,
        item_id: Annotated[strawberry.ID, strawberry.argument(description="The item a reviewer settles.")],
        label: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "SINGLE_LABEL: the final label (it wins over the annotators' votes). Null, with no `labels`, "
                    "`noneOfThese` or `spans`, clears the gold answer."
                )
            ),
        ] = None,
        comment: Annotated[
            str | None,
            strawberry.argument(description="Why this label, for the annotators to read; null leaves no comment."),
        ] = None,
        labels: Annotated[list[str] | None, strawberry.argument(description=LABELS)] = None,
        none_of_these: Annotated[bool | None, strawberry.argument(description=NONE_OF_THESE)] = None,
        spans: Annotated[list[SpanInputType] | None, strawberry.argument(description=SPANS)] = None,
    ) -> AnnotateItemResult:
        given = label is not None or labels is not None or none_of_these or spans is not None
        answer = answer_input(label, labels, none_of_these, spans) if given else None
        item, dataset = await info.context.services.annotations.set_gold_label(
            info.context.require_principal(), str(item_id), answer, comment
        )
        return _success(info, item, dataset)


described_enum(
    QueueStrategy,
    name="QueueStrategy",
    description="Which item the queue gives next.",
    values={
        QueueStrategy.UNLABELED_FIRST: "Items nobody labelled first, then the partly labelled.",
        QueueStrategy.LEAST_ANNOTATED: "The items with the fewest labels first.",
        QueueStrategy.REVIEW: "Conflicts waiting for a reviewer; needs permission `review`.",
        QueueStrategy.UNCERTAINTY: "The production model's least certain items first (after batch scoring).",
    },
)


@maps_error(ReviewQueueForbidden)
@strawberry.type(description="The REVIEW queue is for reviewers.")
class ReviewQueueForbiddenError(Error):
    pass


@strawberry.type(description="The next item for you, reserved for you for a short time.")
class QueuedItem:
    item: Item = strawberry.field(description="The item (as you may see it).")
    reserved_until: datetime = strawberry.field(description="Until when no one else can take its slot.")


@strawberry.type(description="Nothing is left for you in this queue.")
class QueueEmpty:
    message: str = strawberry.field(description="Why, in one sentence.")


NextItemResult = Annotated[
    QueuedItem | QueueEmpty | DatasetNotFoundError | ReviewQueueForbiddenError,
    strawberry.union("NextItemResult", description="Result of `nextItem`."),
]


@strawberry.type
class QueueQuery:
    @strawberry.field(
        **requires(
            Permission.ANNOTATE,
            "The next item for you to label (never one you labelled), reserved for you for 2 minutes so that two "
            "annotators never take the last open slot of an item. Asking again renews your reservation.",
        )
    )
    async def next_item(
        self,
        info: Info,
        dataset_id: Annotated[
            strawberry.ID, strawberry.argument(description="The dataset to annotate; the item comes from its queue.")
        ],
        strategy: Annotated[
            QueueStrategy,
            strawberry.argument(
                description="Which item comes next; null uses the dataset's default (UNLABELED_FIRST)."
            ),
        ] = QueueStrategy.UNLABELED_FIRST,
        exclude: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Items to pass over (e.g. skipped ones).")
        ] = None,
    ) -> NextItemResult:
        principal = info.context.require_principal()
        reservation = await info.context.services.annotation_queue.next_item(
            principal, str(dataset_id), strategy, [str(i) for i in exclude or ()]
        )
        if reservation is None:
            return QueueEmpty(message=f"no item of '{dataset_id}' needs a label from you in the {strategy.value} queue")
        dataset = await info.context.services.datasets.get(reservation.item.dataset_id)
        return QueuedItem(
            item=Item.from_entity(visible_item(principal, dataset, reservation.item)),
            reserved_until=datetime.fromtimestamp(reservation.reserved_until, UTC),
        )


@strawberry.type
class AgreementQuery:
    @strawberry.field(
        **requires(
            Permission.VIEW_DATA,
            "Agreement figures of a dataset, over every labelled item. In a blind dataset an annotator gets only "
            "their own count and pace.",
        )
    )
    async def agreement(
        self,
        info: Info,
        dataset_id: Annotated[
            strawberry.ID, strawberry.argument(description="The dataset whose annotators are compared.")
        ],
    ) -> AgreementResult:
        services = info.context.services
        view = BlindView(info.context.require_principal(), await services.datasets.get(str(dataset_id)))
        report = view.agreement(await services.agreement.report(str(dataset_id)))
        return agreement_of(report)


@strawberry.type(description="A label given (or deleted) since the previous snapshot.")
class LabelNotice:
    annotator: str = strawberry.field(description="The username of who labelled.")
    item_id: strawberry.ID = strawberry.field(description="The item that was labelled.")
    label: str | None = strawberry.field(description="The label; null for a deletion.")
    at: datetime = strawberry.field(description="When the label was given.")


@strawberry.type(description="Count of items in one status.")
class StatusCount:
    status: str = strawberry.field(description="The ItemStatus counted, by name.")
    count: int = strawberry.field(description="Items in it.")


@strawberry.type(description="A dataset's activity now.")
class DatasetActivity:
    dataset_id: strawberry.ID = strawberry.field(description="The dataset this activity is about.")
    at: datetime = strawberry.field(description="When this snapshot was taken.")
    queue_depth: int = strawberry.field(description="Items still wanting labels (UNLABELED or IN_PROGRESS).")
    statuses: list[StatusCount] = strawberry.field(description="Items per status.")
    labels_last_minute: int = strawberry.field(description="Labels given in the last 60 seconds.")
    percent_agreement: float | None = strawberry.field(
        description="Percent agreement (recomputed at most every 10 seconds); null for an annotator in a blind "
        "dataset, whose statuses and queue depth count their own work."
    )
    recent: list[LabelNotice] = strawberry.field(
        description="Labels since the previous snapshot (in a blind dataset an annotator sees only their own)."
    )


@strawberry.type
class ActivitySubscription:
    @strawberry.subscription(
        **requires(
            Permission.VIEW_DATA,
            "Live activity of a dataset: a snapshot now, then one after each burst of labels (about once a second "
            "at most): queue depth, statuses, labels per minute, agreement and the new labels.",
        )
    )
    async def dataset_activity(
        self,
        info: Info,
        dataset_id: Annotated[
            strawberry.ID, strawberry.argument(description="The dataset whose labelling activity is streamed.")
        ],
    ) -> AsyncGenerator[DatasetActivity, None]:
        principal = info.context.require_principal()
        services = info.context.services
        try:
            dataset = await services.datasets.get(str(dataset_id))
        except DomainError as exc:
            raise GraphQLError(exc.message, extensions={"code": "NOT_FOUND"}) from exc
        view = BlindView(principal, dataset)
        async for snapshot in services.activity.follow(dataset.id, view):
            yield DatasetActivity(
                dataset_id=strawberry.ID(snapshot.dataset_id),
                at=datetime.fromtimestamp(snapshot.at, UTC),
                queue_depth=snapshot.queue_depth,
                statuses=[StatusCount(status=s, count=c) for s, c in sorted(snapshot.statuses.items())],
                labels_last_minute=snapshot.labels_last_minute,
                percent_agreement=snapshot.percent_agreement,
                recent=[
                    LabelNotice(
                        annotator=n.annotator,
                        item_id=strawberry.ID(n.item_id),
                        label=n.label,
                        at=datetime.fromtimestamp(n.at, UTC),
                    )
                    for n in snapshot.recent
                ],
            )
