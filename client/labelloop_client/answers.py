"""The client's task-type methods (docs/client.md): datasets of label sets or spans, and their answers; a part of
`Client`.

A MULTI_LABEL answer is a set of label names (`none_of_these=True` is the explicit empty set); a SPANS answer is a
list of spans, each a dict `{"start", "end", "label"}` (optionally `"text"`, checked by the server) or a tuple
`(start, end, label)`, with offsets in Unicode code points of the item's text — Python's `str` indexing, so
`text.index("Paris")` gives the start."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from labelloop_client._session import Session, union_result
from labelloop_client.generated.fragments import ItemAnswerFields
from labelloop_client.types import _Readable

SpanLike = Any  # a dict, a (start, end, label[, text]) tuple, or a span the client read


class ItemAnswers(ItemAnswerFields, _Readable):
    """An item's answers: the gold set or spans (`gold_labels`, `gold_spans`) and every annotator's (`annotations`:
    `annotator`, `labels`, `spans`, `note`, `suggestion_accepted`), with `status`."""

    @property
    def has_gold(self) -> bool:
        """Whether a reviewer (or an import) gave the gold answer (an empty `gold_labels` is then "none of these")."""
        return self.gold_label is not None


def span_input(span: SpanLike) -> dict[str, Any]:
    """A span as the API takes it, from a dict, a `(start, end, label[, text])` tuple or a span the client read."""
    if isinstance(span, Mapping):
        start, end, label, text = span["start"], span["end"], span["label"], span.get("text")
    elif isinstance(span, Sequence) and not isinstance(span, str) and len(span) in (3, 4):
        start, end, label = span[0], span[1], span[2]
        text = span[3] if len(span) == 4 else None
    elif all(hasattr(span, name) for name in ("start", "end", "label")):
        start, end, label, text = span.start, span.end, span.label, getattr(span, "text", None)
    else:
        raise TypeError(f"a span is {{'start', 'end', 'label'}} or (start, end, label), not {span!r}")
    out: dict[str, Any] = {"start": int(start), "end": int(end), "label": str(label)}
    if text is not None:
        out["text"] = str(text)
    return out


def _answer(
    label: str | None, labels: Iterable[str] | None, none_of_these: bool, spans: Iterable[SpanLike] | None
) -> dict[str, Any]:
    return {
        "label": label,
        "labels": list(labels) if labels is not None else None,
        "noneOfThese": True if none_of_these else None,
        "spans": [span_input(s) for s in spans] if spans is not None else None,
    }


class Answers:
    """Datasets of a task type, and answers that are labels, label sets or spans; mixed into `Client`."""

    _session: Session

    def create_dataset(
        self,
        name: str,
        labels: Sequence[str | Mapping[str, Any]],
        *,
        kind: str = "TEXT",
        task_type: str = "SINGLE_LABEL",
        instructions: str | None = None,
        overlap_target: int | None = None,
    ) -> dict[str, Any]:
        """Create a dataset (ADMIN): `task_type` SINGLE_LABEL, MULTI_LABEL or SPANS (TEXT only); `labels` are names
        or dicts `{"name", "hotkey", "color"}`; `overlap_target`: answers wanted per item (default 1). Returns the
        dataset (`DatasetFields`); its `id` is the name's slug."""
        entries = [{"name": x} if isinstance(x, str) else dict(x) for x in labels]
        given: dict[str, Any] = {"name": name, "kind": kind, "taskType": task_type, "labels": entries}
        if instructions is not None:
            given["instructions"] = instructions
        if overlap_target is not None:
            given["settings"] = {"overlapTarget": overlap_target}
        result = self._session.execute("CreateDataset", {"input": given})["createDataset"]
        dataset: dict[str, Any] = union_result(result, "DatasetSuccess")["dataset"]
        return dataset

    def annotate(
        self,
        item_id: str,
        *,
        label: str | None = None,
        labels: Iterable[str] | None = None,
        none_of_these: bool = False,
        spans: Iterable[SpanLike] | None = None,
        note: str | None = None,
        accepted_suggestion: bool | None = None,
    ) -> ItemAnswers:
        """Your answer on an item, as its dataset's task type asks: `label=` (SINGLE_LABEL), `labels=` or
        `none_of_these=True` (MULTI_LABEL), `spans=` (SPANS; `[]` when there is nothing to mark). A second call
        replaces your answer. Raises `ValidationError` naming the wrong label or span (`labels[1]`, `spans[0]`)."""
        variables = {
            "itemId": item_id,
            **_answer(label, labels, none_of_these, spans),
            "note": note,
            "acceptedSuggestion": accepted_suggestion,
        }
        result = self._session.execute("AnnotateAnswer", variables)["annotateItem"]
        return ItemAnswers.model_validate(union_result(result, "ItemSuccess")["item"])

    def set_gold(
        self,
        item_id: str,
        *,
        label: str | None = None,
        labels: Iterable[str] | None = None,
        none_of_these: bool = False,
        spans: Iterable[SpanLike] | None = None,
        comment: str | None = None,
    ) -> ItemAnswers:
        """The reviewer's final answer (ADMIN): a label, a set (or `none_of_these=True`) or spans; with none of
        them, the gold answer is cleared."""
        variables = {"itemId": item_id, **_answer(label, labels, none_of_these, spans), "comment": comment}
        result = self._session.execute("SetGoldAnswer", variables)["setGoldLabel"]
        return ItemAnswers.model_validate(union_result(result, "ItemSuccess")["item"])

    def answers(self, item_id: str) -> ItemAnswers:
        """An item's gold answer and every annotator's answer (sets and spans as structured values)."""
        item = self._session.execute("ItemAnswers", {"id": item_id})["item"]
        if item is None:
            from labelloop_client.errors import ItemNotFoundError

            raise ItemNotFoundError(f"no item has the id '{item_id}'")
        return ItemAnswers.model_validate(item)


def structured_target(row: Mapping[str, Any]) -> tuple[Any, str | None] | None:
    """The training target of an exported MULTI_LABEL or SPANS row (None for a single-label row): the gold set or
    spans ("gold"), else the consensus of the annotators ("majority": a label, or exactly the same span, chosen by
    more than half of them — the server's rule); (None, None) when nobody answered."""
    if "gold_labels" in row:
        if row["gold_labels"] is not None:
            return list(row["gold_labels"]), "gold"
        sets = [a.get("labels") or [] for a in row.get("annotations") or []]
        if not sets:
            return None, None
        # each set counted once per label, in the order the sets hold them (the dataset's), never a set's hash order
        votes = Counter(label for chosen in sets for label in dict.fromkeys(chosen))
        return [label for label, n in votes.items() if n * 2 > len(sets)], "majority"
    if "gold_spans" in row:
        if row["gold_spans"] is not None:
            return [dict(zip(("start", "end", "label"), _plain(s), strict=True)) for s in row["gold_spans"]], "gold"
        answers = [{_plain(s) for s in a.get("spans") or []} for a in row.get("annotations") or []]
        if not answers:
            return None, None
        counts = Counter(span for spans in answers for span in spans)
        kept = sorted(span for span, n in counts.items() if n * 2 > len(answers))
        return [{"start": start, "end": end, "label": label} for start, end, label in kept], "majority"
    return None


def _plain(span: Mapping[str, Any]) -> tuple[int, int, str]:
    return int(span["start"]), int(span["end"]), str(span["label"])
