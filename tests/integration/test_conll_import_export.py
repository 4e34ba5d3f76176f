"""CoNLL in and out for SPANS datasets on the real stack: tokens joined into the text, code-point offsets, the
gold spans else the consensus written, and CoNLL refused for other task types."""

from __future__ import annotations

from typing import Any

import pytest

from tests.answers_io import ENTITIES, EXPORT, MULTI, annotate, dataset_of_type, export_file, items_of, span
from tests.api import create_user, login, post
from tests.data import import_file, jsonl, upload


@pytest.fixture(scope="module")
def people() -> dict[str, Any]:
    admin = login("admin", "admin")
    users = [create_user(admin) for _ in range(2)]
    return {"admin": admin, "tokens": [login(u["username"], u["password"]) for u in users]}


CONLL_IN = """-DOCSTART- -X- O O

Zoë B-PER
met O
山田 B-PER
in O
New B-LOC
York I-LOC
😀 O

# id = s2
Paris\tB-LOC
is\tO
big\tO

Bad X-PER
word O

Ann B-ORG
rides O
"""


def test_conll_is_imported_as_gold_spans_on_the_joined_tokens(people: dict[str, Any]) -> None:
    # given a SPANS dataset and a CoNLL file (a -DOCSTART-, an id line, a wrong tag, an unknown label)
    admin = people["admin"]
    dataset = dataset_of_type(admin, "SPANS", ENTITIES)
    # when it is imported
    job = import_file(admin, dataset, CONLL_IN.encode(), "train.conll")
    # then the text is the tokens joined by spaces: "Zoë met 山田 in New York 😀" — Zoë 0-3, met 4-7, 山田 8-10,
    # in 11-13, New 14-17, York 18-22 (New York: 14-22), 😀 23-24; and the bad sentences name their line
    assert job["result"] == {"stored": 2, "skipped": 2, "waiting": 0}
    assert job["problems"] == [
        {"line": 16, "reason": "tag 'X-PER' is not O, B-<label> or I-<label>"},
        {"line": 19, "reason": f"spans[0].label: label 'ORG' is not in dataset '{dataset}' labels ['PER', 'LOC']"},
    ]
    items = {i["text"]: i for i in items_of(admin, dataset)}
    assert items["Zoë met 山田 in New York 😀"]["goldSpans"] == [
        {"start": 0, "end": 3, "label": "PER", "text": "Zoë"},
        {"start": 8, "end": 10, "label": "PER", "text": "山田"},
        {"start": 14, "end": 22, "label": "LOC", "text": "New York"},
    ]
    assert (items["Paris is big"]["externalId"], items["Paris is big"]["status"]) == ("s2", "REVIEWED")


def test_conll_export_writes_gold_spans_else_the_consensus_and_imports_back(people: dict[str, Any]) -> None:
    # given a SPANS dataset (overlap 2): e0 with gold spans, e1 with two answers, e2 with none
    admin, (one, two) = people["admin"], people["tokens"]
    dataset = dataset_of_type(admin, "SPANS", ENTITIES)
    text = "Zoë met 山田 in Paris, 😀!"
    rows = [
        {"id": "e0", "text": text, "spans": [span(text, "Paris", "LOC")]},
        {"id": "e1", "text": text},
        {"id": "e2", "text": "nobody looked"},
    ]
    assert import_file(admin, dataset, jsonl(rows), "e.jsonl")["result"]["stored"] == 3
    annotate(one, f"{dataset}:e1", spans=[span(text, "山田", "PER"), span(text, "Zoë", "PER")])
    annotate(two, f"{dataset}:e1", spans=[span(text, "山田", "PER")])
    # when it is exported as CoNLL
    exported = export_file(admin, dataset, "CONLL")
    # then e0 has its gold span ("Paris," cut at the span's end), e1 the consensus (山田: 2 of 2 votes; Zoë: 1 of
    # 2, not more than half), and e2 is left out
    assert exported == (
        "# id = e0\nZoë\tO\nmet\tO\n山田\tO\nin\tO\nParis\tB-LOC\n,\tO\n😀!\tO\n\n"
        "# id = e1\nZoë\tO\nmet\tO\n山田\tB-PER\nin\tO\nParis,\tO\n😀!\tO\n\n"
    )
    # and importing it recreates the items and spans on the joined tokens
    copy = dataset_of_type(admin, "SPANS", ENTITIES)
    assert import_file(admin, copy, exported.encode(), "e.conll")["result"] == {"stored": 2, "skipped": 0, "waiting": 0}
    assert [(i["externalId"], i["text"], i["goldSpans"]) for i in items_of(admin, copy)] == [
        ("e0", "Zoë met 山田 in Paris , 😀!", [{"start": 14, "end": 19, "label": "LOC", "text": "Paris"}]),
        ("e1", "Zoë met 山田 in Paris, 😀!", [{"start": 8, "end": 10, "label": "PER", "text": "山田"}]),
    ]


def test_conll_is_refused_for_datasets_without_spans(people: dict[str, Any]) -> None:
    # given a MULTI_LABEL dataset with one item
    admin = people["admin"]
    multi = dataset_of_type(admin, "MULTI_LABEL", MULTI)
    assert import_file(admin, multi, jsonl([{"id": "a", "text": "Refund"}]), "a.jsonl")["result"]["stored"] == 1
    # when it is exported as CoNLL, or a CoNLL file is imported into it
    exported = post(EXPORT, {"d": multi, "format": "CONLL"}, admin)["data"]["exportItems"]
    imported = upload(admin, multi, CONLL_IN.encode(), "train.conll")
    # then both are field errors on `format`, and the dataset is as it was
    assert [(e["field"], e["code"]) for e in exported["fieldErrors"]] == [("format", "wrong_task_type")]
    assert imported["__typename"] == "ValidationError"
    assert [i["externalId"] for i in items_of(admin, multi)] == ["a"]
