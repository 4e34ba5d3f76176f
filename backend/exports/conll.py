"""CoNLL export of a SPANS dataset: one token and its BIO tag per line, a blank line between items.

Each item is written with a `# id = <external id>` line, then its tokens: the text split at whitespace and at the
spans' edges (so that every span is whole tokens), each with `B-<label>`, `I-<label>` or `O`. The spans written
are the item's gold spans; without gold, the annotators' consensus (`consensus_spans`: a span is in when more than
half of the annotators marked exactly it); items with neither are left out (the job's result counts them). An
import of the file recreates the items with these spans as gold, on the tokens joined by single spaces."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from backend.annotations.answers import consensus_spans
from backend.items.entities import Item, Span


def conll_spans(item: Item) -> tuple[Span, ...] | None:
    """The spans written for the item: gold, else the consensus; None when nobody answered."""
    if item.gold_label is not None:
        return item.gold_spans
    if not item.annotations:
        return None
    return consensus_spans([a.spans for a in item.annotations])


def tokens(text: str, spans: Sequence[Span]) -> list[tuple[str, str]]:
    """(token, BIO tag) of the text: runs of non-whitespace, also cut at every span edge."""
    edges = sorted({s.start for s in spans} | {s.end for s in spans})
    out: list[tuple[str, str]] = []
    previous: Span | None = None
    for match in re.finditer(r"\S+", text):
        cuts = [match.start(), *(e for e in edges if match.start() < e < match.end()), match.end()]
        for start, end in itertools.pairwise(cuts):
            span = next((s for s in spans if s.start <= start and end <= s.end), None)
            tag = "O" if span is None else ("I-" if span == previous else "B-") + span.label
            out.append((text[start:end], tag))
            previous = span
    return out


def conll_block(item: Item) -> str | None:
    """The item as CoNLL lines (ending with a blank line), or None when it has no answer to write."""
    spans = conll_spans(item)
    if spans is None or not item.text:
        return None
    lines = [f"# id = {item.external_id}"]
    lines += [f"{token}\t{tag}" for token, tag in tokens(item.text, spans)]
    return "\n".join(lines) + "\n\n"
