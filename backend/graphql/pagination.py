"""Relay-style connections over an in-memory list (for small, bounded collections)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry

from backend.errors import FieldProblem, ValidationFailed

T = TypeVar("T")
MAX_PAGE = 200


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether items follow this page.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` to get the next page.")


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":")
        if kind == "offset" and int(value) >= 0:
            return int(value) + 1
    except ValueError:
        pass
    raise ValidationFailed([FieldProblem("after", "invalid_cursor", "pass an `endCursor` from a previous page")])


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[tuple[str, T]]  # (cursor, item)
    has_next_page: bool
    total_count: int


def paginate(items: Sequence[T], first: int, after: str | None) -> Page[T]:
    """The page of `items` after the `after` cursor; raises ValidationFailed for a bad argument."""
    if not 1 <= first <= MAX_PAGE:
        raise ValidationFailed([FieldProblem("first", "out_of_range", f"ask for 1 to {MAX_PAGE} items per page")])
    start = _offset(after)
    window = items[start : start + first]
    return Page(
        items=[(_cursor(start + i), item) for i, item in enumerate(window)],
        has_next_page=start + first < len(items),
        total_count=len(items),
    )
