"""GraphQL inputs of an answer: one label, a set of labels (or none of these), or spans of the text."""

from __future__ import annotations

import strawberry

from backend.annotations.answers import AnswerInput, SpanInput


@strawberry.input(description="A span to mark: offsets in Unicode code points of the item's stored text.")
class SpanInputType:
    start: int = strawberry.field(description="Offset of the first marked character (code points, from 0).")
    end: int = strawberry.field(description="Offset just past the last marked character (excluded).")
    label: str = strawberry.field(description="The entity label, one of the dataset's labels.")
    text: str | None = strawberry.field(
        default=None,
        description="The marked text as the client sees it; when given it must equal the stored text at these "
        "offsets (catches offsets counted in UTF-16 units or bytes).",
    )


LABEL = "SINGLE_LABEL datasets: one of the dataset's labels."
LABELS = "MULTI_LABEL datasets: the labels that apply (each once); an empty set needs `noneOfThese: true`."
NONE_OF_THESE = "MULTI_LABEL datasets: true says explicitly that none of the labels applies (with no labels)."
SPANS = "SPANS datasets: the spans marked, non-overlapping (an empty list: nothing to mark in this text)."


def answer_input(
    label: str | None,
    labels: list[str] | None,
    none_of_these: bool | None,
    spans: list[SpanInputType] | None,
) -> AnswerInput:
    return AnswerInput(
        label=label,
        labels=tuple(labels) if labels is not None else None,
        none_of_these=bool(none_of_these),
        spans=tuple(SpanInput(s.start, s.end, s.label, s.text) for s in spans) if spans is not None else None,
    )
