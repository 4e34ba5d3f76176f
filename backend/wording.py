"""Counts in messages people read: "1 item", "2 items", "1 line skipped"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` with its noun in the number that agrees with it ("1 label", "0 labels", "2 entries")."""
    return f"{count} {singular if count == 1 else (plural or f'{singular}s')}"
