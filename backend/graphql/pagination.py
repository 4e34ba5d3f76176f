"""The one page shape of every list field: `XConnection { nodes, pageInfo { hasNextPage, endCursor }, totalCount }`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from backend.pages import Page

T = TypeVar("T")
E = TypeVar("E")


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether nodes follow this page.")
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page; null when this page is empty."
    )


@strawberry.type(
    description="A page of a list: its nodes in the list's order, the cursor of the next page, and the total."
)
class Connection(Generic[T]):
    nodes: list[T] = strawberry.field(description="This page's nodes, in the list's order.")
    page_info: PageInfo = strawberry.field(description="Whether more follow, and the cursor that gets them.")
    total_count: int = strawberry.field(description="How many match in all, across every page.")

    @classmethod
    def of(cls, page: Page[E], convert: Callable[[E], T]) -> Connection[T]:
        return cls(
            nodes=[convert(n) for n in page.nodes],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
        )
