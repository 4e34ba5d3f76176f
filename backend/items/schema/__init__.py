"""GraphQL types of items, the shared ItemFilter input, search and item ids."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.auth.permissions import Permission
from backend.datasets.schema import DatasetNotFoundError
from backend.graphql.context import Info
from backend.graphql.errors import Error, ValidationError, maps_error
from backend.graphql.pagination import PageInfo
from backend.graphql.permissions import requires
from backend.graphql.selections import asks_for
from backend.items import entities
from backend.items.schema.search import ItemIdConnection, SearchResults
from backend.items.schema.types import Item, ItemFilter, filter_entity
from backend.items.service import ItemNotFound

__all__ = ["Item", "ItemFilter", "ItemNotFoundError", "ItemQuery", "filter_entity"]


@maps_error(ItemNotFound)
@strawberry.type(description="No item has that id.")
class ItemNotFoundError(Error):
    pass


SearchResult = Annotated[
    SearchResults | DatasetNotFoundError | ValidationError,
    strawberry.union("SearchResult", description="Result of `search`."),
]
ItemIdsResult = Annotated[
    ItemIdConnection | DatasetNotFoundError | ValidationError,
    strawberry.union("ItemIdsResult", description="Result of `itemIds`."),
]


@strawberry.type
class ItemQuery:
    @strawberry.field(**requires(Permission.VIEW_DATA, "One item, read from the source of truth; null if unknown."))
    async def item(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="The item's id (not its external id), as `search`, `itemIds` or `nextItem` returned it."
            ),
        ],
    ) -> Item | None:
        found = await info.context.services.items.read(info.context.require_principal(), str(id))
        return Item.from_entity(found) if found else None

    @strawberry.field(
        **requires(Permission.VIEW_DATA, "Full-text search with filters, highlights, facet counts and cursor pages.")
    )
    async def search(
        self,
        info: Info,
        dataset_id: Annotated[
            strawberry.ID, strawberry.argument(description="The dataset to search in; only its items are matched.")
        ],
        query: Annotated[str | None, strawberry.argument(description="Full-text query (added to filter.text).")] = None,
        filter: Annotated[ItemFilter | None, strawberry.argument(description="Conditions on the items.")] = None,
        sort: Annotated[
            entities.ItemSort, strawberry.argument(description="Order; RELEVANCE needs a query.")
        ] = entities.ItemSort.RELEVANCE,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 100.")] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`pageInfo.endCursor` (or a hit's `cursor`) of the last page.")
        ] = None,
    ) -> SearchResult:
        page = await info.context.services.items.search(
            info.context.require_principal(),
            str(dataset_id),
            filter_entity(filter, query),
            sort,
            first,
            after,
            with_facets=asks_for(info, "facets"),  # "Load more" pages leave them out: no aggregations then
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
        dataset_id: Annotated[
            strawberry.ID, strawberry.argument(description="The dataset whose matching item ids are listed.")
        ],
        filter: Annotated[ItemFilter | None, strawberry.argument(description="Conditions on the items.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 10,000.")] = 10_000,
        after: Annotated[
            str | None,
            strawberry.argument(description="`endCursor` of the previous page (valid for 2 minutes: a point in time)."),
        ] = None,
    ) -> ItemIdsResult:
        page = await info.context.services.items.ids_page(
            info.context.require_principal(), str(dataset_id), filter_entity(filter), first, after
        )
        return ItemIdConnection(
            nodes=[strawberry.ID(i) for i in page.nodes],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
        )
