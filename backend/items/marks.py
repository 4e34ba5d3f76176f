"""How marked texts of spans are indexed and asked for: lower-cased and trimmed, so "Paris" finds "paris"."""

from __future__ import annotations

MARK_SEPARATOR = "\u241f"  # ␟ (symbol for unit separator) between a span's label and its text in `span_marks`


def marked_text(text: str) -> str:
    """A marked text as `span_texts` and `span_marks` hold it (and as filters ask for it)."""
    return text.strip().lower()


def span_mark(label: str, text: str) -> str:
    """The `span_marks` value of a span marked as `label` over `text`."""
    return f"{label}{MARK_SEPARATOR}{marked_text(text)}"


def split_mark(value: str) -> tuple[str, str]:
    """(label, text) of a `span_marks` value."""
    label, _, text = value.partition(MARK_SEPARATOR)
    return label, text
