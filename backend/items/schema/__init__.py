"""GraphQL types of items, the shared ItemFilter input, search and item ids."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend.annotations.agreement import item_agreement
from backend.auth.permissions import Permission
from backend.datasets.schema import DatasetNotFoundError
from backend.graphql.context import Info
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.permissions import requires
from backend.items import entities
from backend.items.service import ItemNotFound

strawberry.enum(
    entities.ItemStatus,
    name="ItemStatus",
    description="Where an item is in the annotation workflow: UNLABELED → IN_PROGRESS → AGREED or CONFLICT → REVIEWED.",
)
strawberry.enum(entities.ItemSort, name="ItemSort", description="Order of search results.")


@strawberry.input(description="One metadata condition: the key has any of the values (compared as text).")
class MetadataConditionInput:
    key: str = strawberry.field(description="Metadata key.")
    values: list[str] = strawberry.field(description="Accepted values.")


@strawberry.input(description="A range of a numeric metadata key: from `min` (included) to `max` (excluded).")
class MetadataRangeInput:
    key: str = strawberry.field(description="Metadata key.")
    min: float | None = strawberry.field(default=None, description="Lower bound, included (null: open).")
    max: float | None = strawberry.field(default=None, description="Upper bound, excluded (null: open).")


@strawberry.input(
    description="Which items. Every given condition must hold; values within one condition are alternatives. "
    "The one filter that search, export, training sets and the annotation queue share."
)
class ItemFilter:
    text: str | None = strawberry.field(
        default=None, description='Full-text query on the item text: words (all required), "phrases", -excluded.'
    )
    statuses: list[entities.ItemStatus] | None = strawberry.field(
        default=None,
        description="Any of these statuses. In a blind dataset an annotator may ask only UNLABELED (not labelled by "
        "them) and IN_PROGRESS (labelled by them); `labels`, `goldLabels`, `annotators` and `hasGoldLabel` are for "
        "reviewers there.",
    )
    labels: list[str] | None = strawberry.field(default=None, description="Labelled so by anyone, or as gold.")
    gold_labels: list[str] | None = strawberry.field(default=None, description="With one of these gold labels.")
    annotators: list[str] | None = strawberry.field(default=None, description="Labelled by any of these users.")
    has_gold_label: bool | None = strawberry.field(default=None, description="With (true) or without a gold label.")
    metadata: list[MetadataConditionInput] | None = strawberry.field(default=None, description="Metadata conditions.")
    metadata_ranges: list[MetadataRangeInput] | None = strawberry.field(
        default=None,
        description="Numeric metadata ranges. Ranges and values of the same key are alternatives; keys combine.",
    )
    external_ids: list[str] | None = strawberry.field(default=None, description="Only these external ids.")
    created_after: datetime | None = strawberry.field(default=None, description="Imported after this instant.")
    created_before: datetime | None = strawberry.field(default=None, description="Imported before this instant.")

    def to_entity(self) -> entities.ItemFilter:
        return entities.ItemFilter(
            text=self.text.strip() if self.text and self.text.strip() else None,
            statuses=tuple(self.statuses or ()),
            labels=tuple(self.labels or ()),
            gold_labels=tuple(self.gold_labels or ()),
            annotators=tuple(self.annotators or ()),
            has_gold_label=self.has_gold_label,
            metadata=tuple(entities.MetadataCondition(m.key, tuple(m.values)) for m in self.metadata or ()),
            metadata_ranges=tuple(entities.MetadataRange(r.key, r.min, r.max) for r in self.metadata_ranges or ()),
            external_ids=tuple(self.external_ids or ()),
            created_after=self.created_after,
            created_before=self.created_before,
        )


def filter_entity(item_filter: ItemFilter | None, query: str | None = None) -> entities.ItemFilter:
    """The entity of an optional filter input, with an optional full-text query added to it."""
    base = item_filter.to_entity() if item_filter else entities.ItemFilter()
    if query and query.strip():
        text = f"{base.text} {query.strip()}" if base.text else query.strip()
        return entities.ItemFilter(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, "text": text})
    return base


@strawberry.type(description="A metadata key and its value.")
class MetadataEntry:
    key: str = strawberry.field(description="Key.")
    value: str = strawberry.field(description="Value, as text.")


@strawberry.type(description="A named feature value of a TABULAR item.")
class FeatureValue:
    name: str = strawberry.field(description="Feature name.")
    value: float = strawberry.field(description="Its value.")


def _metadata(metadata: dict[str, entities.MetadataValue]) -> list[MetadataEntry]:
    return [MetadataEntry(key=k, value=str(v)) for k, v in sorted(metadata.items())]


def _features(features: dict[str, float] | None) -> list[FeatureValue] | None:
    return None if features is None else [FeatureValue(name=k, value=v) for k, v in features.items()]


@strawberry.type(description="One annotator's label on an item.")
class Annotation:
    annotator: str = strawberry.field(description="Username of the annotator.")
    label: str = strawberry.field(description="The label given.")
    note: str | None = strawberry.field(description="The annotator's note.")
    created_at: datetime = strawberry.field(description="When it was first given.")
    updated_at: datetime = strawberry.field(description="When it last changed.")


@strawberry.type(description="One change to an item's labels.")
class LabelEvent:
    at: datetime = strawberry.field(description="When.")
    actor: str = strawberry.field(description="Who (username).")
    action: str = strawberry.field(description="annotate, delete (comment: whose) or gold.")
    label: str | None = strawberry.field(description="The label set, if any.")
    comment: str | None = strawberry.field(description="The note, or the reviewer's comment.")


@strawberry.type(description="The production model's prediction for an item (from batch scoring).")
class Suggestion:
    label: str = strawberry.field(description="The predicted label.")
    confidence: float = strawberry.field(description="Its probability.")
    uncertainty: float = strawberry.field(description="1 - (top probability - second): the UNCERTAINTY order.")
    entropy: float = strawberry.field(description="Entropy of the predicted probabilities (nats).")
    model: str = strawberry.field(description="The registered model.")
    version: str = strawberry.field(description="Its version that scored the item.")
    at: datetime = strawberry.field(description="When.")

    @classmethod
    def from_entity(cls, s: entities.Suggestion) -> Suggestion:
        return cls(
            label=s.label,
            confidence=s.confidence,
            uncertainty=s.uncertainty,
            entropy=s.entropy,
            model=s.model,
            version=s.version,
            at=s.at,
        )


@strawberry.type(description="An item to label.")
class Item:
    id: strawberry.ID = strawberry.field(description="'<dataset id>:<external id>'.")
    dataset_id: strawberry.ID = strawberry.field(description="Its dataset.")
    external_id: str = strawberry.field(description="The id it was imported with (unique in its dataset).")
    text: str | None = strawberry.field(description="TEXT datasets: the text.")
    features: list[FeatureValue] | None = strawberry.field(description="TABULAR datasets: the feature values.")
    metadata: list[MetadataEntry] = strawberry.field(description="Metadata, by key.")
    status: entities.ItemStatus = strawberry.field(
        description="Workflow status. In a blind dataset an annotator sees their own work: UNLABELED (not labelled "
        "by them) or IN_PROGRESS (labelled by them)."
    )
    gold_label: str | None = strawberry.field(
        description="The reviewed (or imported) label, if any; hidden from annotators in blind datasets."
    )
    annotations: list[Annotation] = strawberry.field(
        description="Labels given, one per annotator; in a blind dataset an annotator sees only their own."
    )
    history: list[LabelEvent] = strawberry.field(
        description="The last 100 changes to its labels (in a blind dataset, an annotator's own only)."
    )
    agreement: float | None = strawberry.field(
        description="Share of its annotator pairs that agree; null with fewer than two labels (or in blind mode)."
    )
    suggestion: Suggestion | None = strawberry.field(
        description="The production model's suggestion, once batch scoring ran; hidden from annotators in blind "
        "datasets."
    )
    revision: int = strawberry.field(description="Grows with every change; the search index keeps the highest.")
    created_at: datetime = strawberry.field(description="When it was first imported.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_entity(cls, item: entities.Item) -> Item:
        return cls(
            id=strawberry.ID(item.id),
            dataset_id=strawberry.ID(item.dataset_id),
            external_id=item.external_id,
            text=item.text,
            features=_features(item.features),
            metadata=_metadata(item.metadata),
            status=item.status,
            gold_label=item.gold_label,
            annotations=[
                Annotation(
                    annotator=a.annotator, label=a.label, note=a.note, created_at=a.created_at, updated_at=a.updated_at
                )
                for a in item.annotations
            ],
            history=[
                LabelEvent(at=e.at, actor=e.actor, action=e.action, label=e.label, comment=e.comment)
                for e in item.history
            ],
            agreement=item_agreement({a.annotator: a.label for a in item.annotations}),
            suggestion=Suggestion.from_entity(item.suggestion) if item.suggestion else None,
            revision=item.revision,
            created_at=item.created_at,
            updated_at=item.updated_at,
        )


@strawberry.type(description="An item as the search index has it, with the matched passages.")
class SearchHit:
    cursor: str = strawberry.field(description="Pass as `after` to continue after this hit.")
    item_id: strawberry.ID = strawberry.field(description="The item's id (read it whole with `item`).")
    external_id: str = strawberry.field(description="Its external id.")
    text: str | None = strawberry.field(description="Its text.")
    features: list[FeatureValue] | None = strawberry.field(description="Its features (TABULAR).")
    metadata: list[MetadataEntry] = strawberry.field(description="Its metadata.")
    status: entities.ItemStatus = strawberry.field(
        description="Its status (in a blind dataset, an annotator's own work, as on `Item.status`)."
    )
    gold_label: str | None = strawberry.field(description="Its gold label (hidden from annotators in blind datasets).")
    labels: list[str] = strawberry.field(
        description="Labels given to it (by anyone, or gold); in a blind dataset an annotator sees only their own."
    )
    highlights: list[str] = strawberry.field(description="Passages matching the query, terms in <mark>, HTML-escaped.")
    score: float | None = strawberry.field(description="Relevance, when sorted by relevance.")
    created_at: datetime = strawberry.field(description="When it was imported.")


@strawberry.type(description="How many matching items have a value.")
class FacetCount:
    value: str = strawberry.field(description="The value.")
    count: int = strawberry.field(description="Matching items with it.")


@strawberry.type(description="Counts of matching items per metadata value of one key.")
class MetadataFacet:
    key: str = strawberry.field(description="Metadata key.")
    values: list[FacetCount] = strawberry.field(description="Counts per value, most frequent first.")


@strawberry.type(description="Matching items whose value is in [min, max).")
class RangeBucket:
    min: float = strawberry.field(description="Lower bound, included.")
    max: float = strawberry.field(description="Upper bound, excluded.")
    count: int = strawberry.field(description="Matching items in the range.")


@strawberry.type(description="Counts of matching items per range of one numeric metadata key.")
class MetadataRangeFacet:
    key: str = strawberry.field(description="Metadata key (its values are numbers).")
    buckets: list[RangeBucket] = strawberry.field(
        description="About six ranges of a round width, from the key's minimum to its maximum in the dataset."
    )


@strawberry.type(
    description="Counts over all matching items (not just this page). Each facet is counted with the filter's other "
    "conditions but not its own, so a chosen value leaves the rest of its group to add (OR within a facet, AND across "
    "facets). The facets are named as the filter's fields: `goldLabels` counts what `ItemFilter.goldLabels` picks."
)
class SearchFacets:
    labels: list[FacetCount] = strawberry.field(description="Per label given (by anyone, or gold).")
    gold_labels: list[FacetCount] = strawberry.field(description="Per gold label.")
    statuses: list[FacetCount] = strawberry.field(description="Per status.")
    annotators: list[FacetCount] = strawberry.field(description="Per annotator.")
    metadata: list[MetadataFacet] = strawberry.field(description="Per value of each non-numeric metadata key.")
    metadata_ranges: list[MetadataRangeFacet] = strawberry.field(
        description="Per range of each numeric metadata key (filter with `ItemFilter.metadataRanges`)."
    )


@strawberry.type(description="Whether more results follow.")
class SearchPageInfo:
    has_next_page: bool = strawberry.field(description="True when another page follows.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


@strawberry.type(description="One page of search results, the exact total and facet counts.")
class SearchResults:
    hits: list[SearchHit] = strawberry.field(description="This page's hits.")
    total_count: int = strawberry.field(description="How many items match in all.")
    page_info: SearchPageInfo = strawberry.field(description="Paging.")
    facets: SearchFacets = strawberry.field(description="Counts over all matches.")

    @classmethod
    def from_entity(cls, page: entities.SearchPage) -> SearchResults:
        def counts(values: tuple[entities.FacetValue, ...]) -> list[FacetCount]:
            return [FacetCount(value=v.value, count=v.count) for v in values]

        return cls(
            hits=[
                SearchHit(
                    cursor=h.cursor,
                    item_id=strawberry.ID(h.item_id),
                    external_id=h.external_id,
                    text=h.text,
                    features=_features(h.features),
                    metadata=_metadata(h.metadata),
                    status=h.status,
                    gold_label=h.gold_label,
                    labels=list(h.labels),
                    highlights=list(h.highlights),
                    score=h.score,
                    created_at=h.created_at,
                )
                for h in page.hits
            ],
            total_count=page.total,
            page_info=SearchPageInfo(
                has_next_page=page.has_next_page, end_cursor=page.hits[-1].cursor if page.hits else None
            ),
            facets=SearchFacets(
                labels=counts(page.facets.labels),
                gold_labels=counts(page.facets.gold_labels),
                statuses=counts(page.facets.statuses),
                annotators=counts(page.facets.annotators),
                metadata=[MetadataFacet(key=k, values=counts(v)) for k, v in page.facets.metadata.items()],
                metadata_ranges=[
                    MetadataRangeFacet(
                        key=k, buckets=[RangeBucket(min=b.minimum, max=b.maximum, count=b.count) for b in v]
                    )
                    for k, v in page.facets.metadata_ranges.items()
                ],
            ),
        )


@strawberry.type(description="A page of item ids.")
class ItemIdPage:
    ids: list[strawberry.ID] = strawberry.field(description="Item ids of this page.")
    next_cursor: str | None = strawberry.field(description="Pass as `after` for the next page; null at the end.")
    total_count: int | None = strawberry.field(description="How many match in all (first page only).")


@maps_error(ItemNotFound)
@strawberry.type(description="No item has that id.")
class ItemNotFoundError(Error):
    pass


SearchResult = Annotated[
    SearchResults | DatasetNotFoundError | ValidationError,
    strawberry.union("SearchResult", description="Result of `search`."),
]
ItemIdsResult = Annotated[
    ItemIdPage | DatasetNotFoundError | ValidationError,
    strawberry.union("ItemIdsResult", description="Result of `itemIds`."),
]


@strawberry.type
class ItemQuery:
    @strawberry.field(**requires(Permission.VIEW_DATA, "One item, read from the source of truth; null if unknown."))
    async def item(self, info: Info, id: strawberry.ID) -> Item | None:
        found = await info.context.services.items.read(info.context.require_principal(), str(id))
        return Item.from_entity(found) if found else None

    @strawberry.field(
        **requires(Permission.VIEW_DATA, "Full-text search with filters, highlights, facet counts and cursor pages.")
    )
    async def search(
        self,
        info: Info,
        dataset_id: strawberry.ID,
        query: Annotated[str | None, strawberry.argument(description="Full-text query (added to filter.text).")] = None,
        filter: Annotated[ItemFilter | None, strawberry.argument(description="Conditions on the items.")] = None,
        sort: Annotated[
            entities.ItemSort, strawberry.argument(description="Order; RELEVANCE needs a query.")
        ] = entities.ItemSort.RELEVANCE,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 100.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="`pageInfo.endCursor` of the last page.")] = None,
    ) -> SearchResult:
        page = await info.context.services.items.search(
            info.context.require_principal(), str(dataset_id), filter_entity(filter, query), sort, first, after
        )
        return SearchResults.from_entity(page)

    @strawberry.field(
        **requires(
            Permission.VIEW_DATA,
            "All ids of the matching items, by pages of up to 10,000. In a blind dataset an annotator's filters are "
            "those of `search`.",
        )
    )
    async def item_ids(
        self,
        info: Info,
        dataset_id: strawberry.ID,
        filter: Annotated[ItemFilter | None, strawberry.argument(description="Conditions on the items.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 10,000.")] = 10_000,
        after: Annotated[str | None, strawberry.argument(description="`nextCursor` of the last page.")] = None,
    ) -> ItemIdsResult:
        ids, cursor, total = await info.context.services.items.ids_page(
            info.context.require_principal(), str(dataset_id), filter_entity(filter), first, after
        )
        return ItemIdPage(ids=[strawberry.ID(i) for i in ids], next_cursor=cursor, total_count=total)
