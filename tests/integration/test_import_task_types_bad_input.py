"""Bad label sets and spans in an import: each line is skipped with its field (and line) named, the good lines are
kept, and nothing stored before is lost; a lone UTF-16 surrogate is a bad line, not a failed import."""

from __future__ import annotations

from typing import Any

import pytest

from tests.answers_io import ENTITIES, MULTI, annotate, dataset_of_type, items_of
from tests.api import create_user, login
from tests.data import import_file, jsonl


@pytest.fixture(scope="module")
def people() -> dict[str, Any]:
    admin = login("admin", "admin")
    users = [create_user(admin) for _ in range(2)]
    return {"admin": admin, "tokens": [login(u["username"], u["password"]) for u in users]}


def test_bad_spans_are_reported_by_line_and_field_and_nothing_stored_is_lost(people: dict[str, Any]) -> None:
    # given a SPANS dataset with an item whose gold span is stored
    admin = people["admin"]
    dataset = dataset_of_type(admin, "SPANS", ENTITIES)
    good = {"id": "a", "text": "Zoë 😀 Paris", "spans": [{"start": 6, "end": 11, "label": "LOC"}]}
    assert import_file(admin, dataset, jsonl([good]), "good.jsonl")["result"]["stored"] == 1
    bad = [
        {
            "id": "a",
            "text": "Zoë 😀 Paris",
            "spans": [{"start": 0, "end": 3, "label": "PER"}, {"start": 2, "end": 5, "label": "LOC"}],
        },
        {"id": "b", "text": "short", "spans": [{"start": 0, "end": 99, "label": "PER"}]},
        {"id": "c", "text": "Zoë", "spans": [{"start": 0, "end": 3, "label": "ORG"}]},
        {
            "id": "d",
            "text": "Zoë",
            "annotations": [{"annotator": "ann", "spans": [{"start": 0, "end": 2, "label": "PER", "text": "Zoë"}]}],
        },
        {"id": "e", "text": "Zoë", "spans": [{"start": "0", "end": 3, "label": "PER"}]},
    ]
    # when a file with overlapping, out-of-text, unknown-label, mismatched and malformed spans is imported
    job = import_file(admin, dataset, jsonl(bad), "bad.jsonl")
    # then each line is skipped with its field named, and item a keeps its stored gold span
    labels = f"dataset '{dataset}' labels ['PER', 'LOC']"
    assert job["result"] == {"stored": 0, "skipped": 5, "waiting": 0}
    assert job["problems"] == [
        {"line": 1, "reason": "spans[1]: span 1 (2-5 LOC) overlaps span 0 (0-3 PER): spans may not overlap"},
        {
            "line": 2,
            "reason": "spans[0]: span 0 (0-99 PER) is not inside the text: need 0 <= start < end <= 5 (offsets count "
            "Unicode code points of the stored text)",
        },
        {"line": 3, "reason": f"spans[0].label: label 'ORG' is not in {labels}"},
        {
            "line": 4,
            "reason": "annotations[0].spans[0]: span 0 (0-2 PER) marks 'Zo' but the client saw 'Zoë': offsets count "
            "Unicode code points (an emoji is one), not UTF-16 units or bytes",
        },
        {
            "line": 5,
            "reason": "spans[0] must be an object {start, end, label}: integer offsets in Unicode code points of the "
            "text, and a label name",
        },
    ]
    assert [(i["externalId"], i["goldSpans"]) for i in items_of(admin, dataset)] == [
        ("a", [{"start": 6, "end": 11, "label": "LOC", "text": "Paris"}])
    ]


def test_bad_label_sets_are_reported_by_line_and_field_and_nothing_stored_is_lost(people: dict[str, Any]) -> None:
    # given a MULTI_LABEL dataset with an imported gold set and one annotator's set
    admin, token = people["admin"], people["tokens"][0]
    dataset = dataset_of_type(admin, "MULTI_LABEL", MULTI)
    good = {"id": "a", "text": "Refund", "labels": ["billing"]}
    assert import_file(admin, dataset, jsonl([good]), "good.jsonl")["result"]["stored"] == 1
    assert annotate(token, f"{dataset}:a", labels=["bug"])["__typename"] == "ItemSuccess"
    bad = [
        {"id": "a", "text": "Refund", "labels": ["billing", "refund"]},
        {"id": "b", "text": "Crash", "label": "bug"},
        {"id": "c", "text": "Crash", "labels": 5},
    ]
    # when a file with an unknown label, a single label and a set that is not a list is imported
    job = import_file(admin, dataset, jsonl(bad), "bad.jsonl")
    # and the item is annotated with an empty set without "none of these"
    empty = annotate(token, f"{dataset}:a", labels=[])
    # then each is refused naming the field (and the line), and the stored answers are kept
    assert job["problems"] == [
        {"line": 1, "reason": f"labels[1]: label 'refund' is not in dataset '{dataset}' labels {list(MULTI)}"},
        {
            "line": 2,
            "reason": f"label: dataset '{dataset}' is MULTI_LABEL: give `labels` (or `noneOfThese`), not `label`",
        },
        {"line": 3, "reason": "labels must be a list of label names ([] when none of them applies)"},
    ]
    assert [(e["field"], e["code"]) for e in empty["fieldErrors"]] == [("labels", "empty_set")]
    item = items_of(admin, dataset)[0]
    assert (item["goldLabels"], [a["labels"] for a in item["annotations"]]) == (["billing"], [["bug"]])


def test_a_lone_surrogate_or_utf16_offsets_are_reported_and_the_good_lines_kept(people: dict[str, Any]) -> None:
    # given a SPANS dataset and a file: half of a surrogate pair, offsets counted in UTF-16 units, a good line
    admin = people["admin"]
    dataset = dataset_of_type(admin, "SPANS", ENTITIES)
    # "ok 😀 x": o 0, k 1, space 2, 😀 3 (one code point; two UTF-16 units), space 4, x 5 (6 in UTF-16 units)
    content = (
        b'{"id": "a", "text": "ok \\ud83d x", "spans": []}\n'
        b'{"id": "b", "text": "ok \\ud83d\\ude00 x", "spans": [{"start": 6, "end": 7, "label": "PER"}]}\n'
        b'{"id": "c", "text": "ok \\ud83d\\ude00 x", "spans": [{"start": 5, "end": 6, "label": "PER", "text": "x"}]}\n'
    )
    # when it is imported
    job = import_file(admin, dataset, content, "surrogates.jsonl")
    # then the first two lines are reported, and the third stored with its span
    assert job["result"] == {"stored": 1, "skipped": 2, "waiting": 0}
    assert job["problems"] == [
        {
            "line": 1,
            "reason": "a lone UTF-16 surrogate (\\ud83d) in a JSON string: escape a character outside the BMP as a "
            "pair (\\ud83d\\ude00 is one emoji) or write it as UTF-8",
        },
        {
            "line": 2,
            "reason": "spans[0]: span 0 (6-7 PER) is not inside the text: need 0 <= start < end <= 6 (offsets count "
            "Unicode code points of the stored text)",
        },
    ]
    assert [(i["externalId"], i["goldSpans"]) for i in items_of(admin, dataset)] == [
        ("c", [{"start": 5, "end": 6, "label": "PER", "text": "x"}])
    ]
