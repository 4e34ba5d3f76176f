"""GraphQL types of search results: hits, facets, pages of ids."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.graphql.pagination import Connection, PageInfo
from backend.items import entities
from backend.items.marks import split_mark
from backend.items.schema.types import FeatureValue, MetadataEntry, _features, _metadata


@strawberry.type(description="An item as the search index has it, with the matched passages.")
class SearchHit:
    cursor: str = strawberry.field(description="Pass as `after` to continue after this hit.")
    item_id: strawberry.ID = strawberry.field(description="The item's id (read it whole with `item`).")
    external_id: str = strawberry.field(description="Its external id.")
    text: str | None = strawberry.field(description="Its text (TEXT datasets); null for TABULAR ones.")
    features: list[FeatureValue] | None = strawberry.field(description="Its features (TABULAR).")
    metadata: list[MetadataEntry] = strawberry.field(description="Its metadata, as imported.")
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
    value: str = strawberry.field(description="The value counted (a label, a status, a username or a metadata value).")
    count: int = strawberry.field(description="Matching items with it.")


@strawberry.type(description="Counts of matching items per metadata value of one key.")
class MetadataFacet:
    key: str = strawberry.field(description="The metadata key whose values are counted.")
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


@strawberry.type(description="SPANS: how many matching items have a text marked as a label.")
class SpanMarkCount:
    label: str = strawberry.field(description="The span label.")
    text: str = strawberry.field(description="The marked text, lower-cased.")
    count: int = strawberry.field(description="Matching items where someone (or gold) marked it so.")


@strawberry.type(
    description="Counts over all matching items (not just this page). Each facet is counted with the filter's other "
    "conditions but not its own, so a chosen value leaves the rest of its group to add (OR within a facet, AND across "
    "facets). The facets are named as the filter's fields: `goldLabels` counts what `ItemFilter.goldLabels` picks."
)
class SearchFacets:
    labels: list[FacetCount] = strawberry.field(description="Per label given (by anyone, or gold).")
    gold_labels: list[FacetCount] = strawberry.field(description="Per gold label.")
    statuses: list[FacetCount] = strawberry.field(description="Matching items per status.")
    annotators: list[FacetCount] = strawberry.field(description="Matching items per annotator who labelled them.")
    span_texts: list[FacetCount] = strawberry.field(
        description="SPANS: per marked text (lower-cased), as any label; the entity labels are in `labels`."
    )
    span_marks: list[SpanMarkCount] = strawberry.field(
        description="SPANS: per (label, marked text) pair, e.g. LOCATION / paris."
    )
    metadata: list[MetadataFacet] = strawberry.field(description="Per value of each non-numeric metadata key.")
    metadata_ranges: list[MetadataRangeFacet] = strawberry.field(
        description="Per range of each numeric metadata key (filter with `ItemFilter.metadataRanges`)."
    )


@strawberry.type(
    description="One page of search results (the one page shape: nodes, pageInfo, totalCount), with facet counts."
)
class SearchResults:
    nodes: list[SearchHit] = strawberry.field(description="This page's hits, in the order asked.")
    total_count: int = strawberry.field(description="How many items match in all, across every page.")
    page_info: PageInfo = strawberry.field(description="Whether more follow, and the cursor that gets them.")
    facets: SearchFacets = strawberry.field(description="Counts over all matches.")

    @classmethod
    def from_entity(cls, page: entities.SearchPage) -> SearchResults:
        def counts(values: tuple[entities.FacetValue, ...]) -> list[FacetCount]:
            return [FacetCount(value=v.value, count=v.count) for v in values]

        return cls(
            nodes=[
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
            page_info=PageInfo(
                has_next_page=page.has_next_page, end_cursor=page.hits[-1].cursor if page.hits else None
            ),
            facets=SearchFacets(
                labels=counts(page.facets.labels),
                gold_labels=counts(page.facets.gold_labels),
                statuses=counts(page.facets.statuses),
                annotators=counts(page.facets.annotators),
                span_texts=counts(page.facets.span_texts),
                span_marks=[
                    SpanMarkCount(label=label, text=text, count=v.count)
                    for v in page.facets.span_marks
                    for label, text in [split_mark(v.value)]
                ],
                metadata=[MetadataFacet(key=k, values=counts(v)) for k, v in page.facets.metadata.items()],
                metadata_ranges=[
                    MetadataRangeFacet(
                        key=k, buckets=[RangeBucket(min=b.minimum, max=b.maximum, count=b.count) for b in v]
                    )
                    for k, v in page.facets.metadata_ranges.items()
                ],
            ),
        )


@strawberry.type(
    description="A page of the ids of matching items (the one page shape); its cursors hold a point in time, valid "
    "for 2 minutes after the page was read."
)
class ItemIdConnection(Connection[strawberry.ID]):
    pass
