"""The one page shape every list returns: its nodes, the cursor after the last, whether more follow, the total.

A cursor is opaque to callers: pass a page's `end_cursor` as `after` to get the next page. Lists kept in memory
(small, bounded ones) page by offset with `page_of`; lists read from Elasticsearch page with `search_after` and
encode its sort values in the cursor themselves.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from backend.errors import FieldProblem, ValidationFailed

T = TypeVar("T")
U = TypeVar("U")
MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    nodes: list[T]
    end_cursor: str | None  # pass as `after` for the next page; None on an empty page
    has_next_page: bool
    total_count: int  # how many match in all, across every page

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        return Page([convert(n) for n in self.nodes], self.end_cursor, self.has_next_page, self.total_count)


def invalid_cursor() -> ValidationFailed:
    return ValidationFailed([FieldProblem("after", "invalid_cursor", "pass an `endCursor` from a previous page")])


def check_page_size(first: int, largest: int = MAX_PAGE) -> None:
    if not 1 <= first <= largest:
        raise ValidationFailed([FieldProblem("first", "out_of_range", f"ask for 1 to {largest} items per page")])


def offset_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def offset_after(cursor: str | None) -> int:
    """The offset of the first node after `cursor` (0 without one); raises ValidationFailed for a bad cursor."""
    if cursor is None:
        return 0
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":")
        if kind == "offset" and int(value) >= 0:
            return int(value) + 1
    except (ValueError, UnicodeDecodeError):
        pass
    raise invalid_cursor()


def page_of(items: Sequence[T], first: int, after: str | None, largest: int = MAX_PAGE) -> Page[T]:
    """The page of an in-memory list after the `after` cursor; raises ValidationFailed for a bad argument."""
    check_page_size(first, largest)
    start = offset_after(after)
    window = list(items[start : start + first])
    return Page(
        nodes=window,
        end_cursor=offset_cursor(start + len(window) - 1) if window else None,
        has_next_page=start + first < len(items),
        total_count=len(items),
    )
