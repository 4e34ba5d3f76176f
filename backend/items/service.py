"""Reading items: one by key from MongoDB, many through the search index."""

from __future__ import annotations

import base64
import json
from typing import Any

from backend.annotations.visibility import BlindView
from backend.auth.entities import Principal
from backend.datasets.service import DatasetService
from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.items.documents import InvalidCursor
from backend.items.entities import Item, ItemFilter, ItemSort, SearchPage
from backend.items.store import ItemStore
from backend.pages import Page

MAX_SEARCH_PAGE = 100
MAX_IDS_PAGE = 10_000


class ItemNotFound(DomainError):
    def __init__(self, item_id: str) -> None:
        super().__init__(f"no item has id '{item_id}' (ids look like '<dataset>:<external id>')")


def _bad_ids_cursor() -> ValidationFailed:
    return ValidationFailed(
        [
            FieldProblem(
                "after",
                "invalid_cursor",
                "pass the `endCursor` of the previous page, within 2 minutes (else start again without `after`)",
            )
        ]
    )


def _ids_cursor(after: str) -> tuple[str | None, list[Any], int]:
    """The point in time (None after the last page), search_after values and total of an itemIds cursor; raises
    ValidationFailed."""
    try:
        state = json.loads(base64.urlsafe_b64decode(after.encode()))
    except (ValueError, RecursionError) as exc:
        raise _bad_ids_cursor() from exc
    if not isinstance(state, dict):
        raise _bad_ids_cursor()
    pit_id, search_after, total = state.get("pit"), state.get("after"), state.get("total")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise _bad_ids_cursor()
    if state.get("end") is True:
        return None, [], total
    if not isinstance(pit_id, str) or not pit_id or not isinstance(search_after, list) or not search_after:
        raise _bad_ids_cursor()
    if not all(isinstance(v, str | int | float) for v in search_after):
        raise _bad_ids_cursor()
    return pit_id, search_after, total


def _encode(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode()


class ItemService:
    """Reads items: one by key from MongoDB, many through the search index."""

    def __init__(self, datasets: DatasetService, items: ItemStore) -> None:
        self._datasets = datasets
        self._items = items

    async def count(self, dataset_id: str) -> int:
        """How many items the dataset has, as the search index counts them."""
        return await self._items.count(dataset_id)

    async def get(self, item_id: str) -> Item:
        item = await self._items.get(item_id)
        if item is None:
            raise ItemNotFound(item_id)
        return item

    async def read(self, principal: Principal, item_id: str) -> Item | None:
        """The item as the viewer may see it (blind mode), or None."""
        item = await self._items.get(item_id)
        if item is None:
            return None
        return BlindView(principal, await self._datasets.get(item.dataset_id)).item(item)

    async def search(
        self,
        principal: Principal,
        dataset_id: str,
        item_filter: ItemFilter,
        sort: ItemSort,
        first: int,
        after: str | None,
        with_facets: bool = True,
    ) -> SearchPage:
        """A page of matching items with highlights and (`with_facets`) facet counts, without what blind mode hides
        from the viewer; raises DatasetNotFound, ValidationFailed."""
        view = BlindView(principal, await self._datasets.get(dataset_id))
        item_filter = view.item_filter(item_filter)
        if not 1 <= first <= MAX_SEARCH_PAGE:
            raise ValidationFailed([FieldProblem("first", "out_of_range", f"ask for 1 to {MAX_SEARCH_PAGE} items")])
        if sort is ItemSort.RELEVANCE and not item_filter.text:
            sort = ItemSort.NEWEST  # no query: relevance is meaningless
        try:
            page = await self._items.search(dataset_id, item_filter, sort, first, after, with_facets, view.viewer)
        except InvalidCursor as exc:
            raise ValidationFailed(
                [
                    FieldProblem(
                        "after", "invalid_cursor", "pass a `cursor` (or `pageInfo.endCursor`) from a previous page"
                    )
                ]
            ) from exc
        return view.page(page)

    async def ids_page(
        self, principal: Principal, dataset_id: str, item_filter: ItemFilter, first: int, after: str | None
    ) -> Page[str]:
        """A page of the ids of matching items (a point in time keeps pages consistent; the cursor carries it and
        the total). Raises DatasetNotFound, ValidationFailed (blind mode refuses filters on others' work, as search
        does)."""
        item_filter = BlindView(principal, await self._datasets.get(dataset_id)).item_filter(item_filter)
        if not 1 <= first <= MAX_IDS_PAGE:
            raise ValidationFailed([FieldProblem("first", "out_of_range", f"ask for 1 to {MAX_IDS_PAGE} ids")])
        if after is None:
            total = await self._items.count(dataset_id, item_filter)
            pit_id: str | None = await self._items.open_point_in_time()
            search_after = None
        else:
            pit_id, search_after, total = _ids_cursor(after)
        if pit_id is None:  # the cursor of the last page: nothing follows
            return Page([], None, False, total)
        try:
            ids, pit_id, last_sort = await self._items.ids_after(dataset_id, item_filter, pit_id, search_after, first)
        except InvalidCursor as exc:
            raise _bad_ids_cursor() from exc
        if len(ids) < first:
            await self._items.close_point_in_time(pit_id)
            end = _encode({"end": True, "total": total}) if ids else None
            return Page(ids, end, False, total)
        return Page(ids, _encode({"pit": pit_id, "after": last_sort, "total": total}), True, total)
