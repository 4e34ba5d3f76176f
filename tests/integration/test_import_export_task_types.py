"""Import and export of label sets and spans: JSONL, CSV and CoNLL, Unicode offsets, bad lines named by line and
field, and a round trip that keeps every annotator's answer, notes, gold answers and suggestion records."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import MongoClient

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl, upload, wait_for_job
from tests.stack import BASE_URL, MONGO_DB, MONGO_URI

ANNOTATE = """
mutation($i: ID!, $labels: [String!], $none: Boolean, $spans: [SpanInputType!], $note: String, $acc: Boolean) {
  annotateItem(itemId: $i, labels: $labels, noneOfThese: $none, spans: $spans, note: $note, acceptedSuggestion: $acc) {
    __typename ... on ValidationError { fieldErrors { field code message } }
  }
}
"""
GOLD = """
mutation($i: ID!, $labels: [String!], $none: Boolean, $spans: [SpanInputType!]) {
  setGoldLabel(itemId: $i, labels: $labels, noneOfThese: $none, spans: $spans, comment: "checked") { __typename }
}
"""
EXPORT = """
mutation($d: ID!, $format: ExportFormat!) {
  exportItems(datasetId: $d, format: $format) {
    __typename ... on JobSuccess { job { id } } ... on ValidationError { fieldErrors { field code message } }
  }
}
"""
ITEMS = """
query($d: ID!) { search(datasetId: $d, sort: EXTERNAL_ID, first: 50) { ... on SearchResults { nodes { externalId } } } }
"""
ITEM = """
query($i: ID!) {
  item(id: $i) {
    externalId text status goldLabels goldSpans { start end label text } metadata { key value }
    annotations { annotator labels spans { start end label } note }
  }
}
"""
# Zoë 0-3, met 4-7, 山田 8-10, in 11-13, Paris 14-19, 😀 20-21 (one code point), then 22-26, flew 27-31, to 32-34,
# Genève 35-41.
TEXT = "Zoë met 山田 in Paris 😀 then flew to Genève today."
MULTI = ("billing", "bug", "feature")
ENTITIES = ("PER", "LOC")


def _span(text: str, part: str, label: str) -> dict[str, Any]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "label": label}


def _dataset(admin: str, task_type: str, labels: tuple[str, ...], overlap: int = 2) -> str:
    dataset = create_dataset(admin, labels=labels, task_type=task_type)
    update = "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: %d}}) { __typename } }"
    assert post(update % overlap, {"d": dataset}, admin)["data"]["updateDataset"]["__typename"] == "DatasetSuccess"
    return dataset


def _annotate(token: str, item: str, **answer: Any) -> dict[str, Any]:
    result: dict[str, Any] = post(ANNOTATE, {"i": item, **answer}, token)["data"]["annotateItem"]
    return result


def _export(admin: str, dataset: str, file_format: str) -> str:
    result = post(EXPORT, {"d": dataset, "format": file_format}, admin)["data"]["exportItems"]
    job = wait_for_job(admin, result["job"]["id"])
    assert job["state"] == "SUCCEEDED", job
    response = httpx.get(f"{BASE_URL}{job['result']['download']}", headers={"Authorization": f"Bearer {admin}"})
    assert response.status_code == 200
    return response.text


def _items(admin: str, dataset: str) -> list[dict[str, Any]]:
    hits = post(ITEMS, {"d": dataset}, admin)["data"]["search"]["nodes"]
    return [post(ITEM, {"i": f"{dataset}:{h['externalId']}"}, admin)["data"]["item"] for h in hits]


def _suggest(item: str, key: str, **answer: Any) -> None:
    """A suggestion as batch scoring stores it."""
    at = datetime(2026, 12, 6, tzinfo=UTC)
    suggestion = {"label": key, "confidence": 0.8, "uncertainty": 0.4, "entropy": 0.5, "model": "m", "version": "1"}
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=3000) as mongo:
        mongo[MONGO_DB]["items"].update_one({"_id": item}, {"$set": {"suggestion": {**suggestion, "at": at, **answer}}})


@pytest.fixture(scope="module")
def people() -> dict[str, Any]:
    admin = login("admin", "admin")
    users = [create_user(admin) for _ in range(2)]
    return {"admin": admin, "tokens": [login(u["username"], u["password"]) for u in users]}


@pytest.fixture(scope="module")
def multi(people: dict[str, Any]) -> str:
    """MULTI_LABEL, overlap 2: m0 two answers (one the accepted suggestion, one none of these, with a note); m1 a
    gold set with a comment and one answer; m2 gold "none of these"; m3 nothing."""
    admin, (one, two) = people["admin"], people["tokens"]
    dataset = _dataset(admin, "MULTI_LABEL", MULTI)
    texts = ["Refund twice, app crashed 😀", "Add dark mode, s'il vous plaît", "Hello 你好", "Nothing yet"]
    rows = [{"id": f"m{i}", "text": t} for i, t in enumerate(texts)]
    assert import_file(admin, dataset, jsonl(rows), "m.jsonl")["state"] == "SUCCEEDED"
    _suggest(
        f"{dataset}:m0", "billing+bug", labels=[{"label": "billing", "score": 0.9}, {"label": "bug", "score": 0.7}]
    )
    assert _annotate(one, f"{dataset}:m0", labels=["bug", "billing"], acc=True)["__typename"] == "ItemSuccess"
    assert _annotate(two, f"{dataset}:m0", none=True, note="not sure", acc=False)["__typename"] == "ItemSuccess"
    assert _annotate(one, f"{dataset}:m1", labels=["feature"])["__typename"] == "ItemSuccess"
    assert post(GOLD, {"i": f"{dataset}:m1", "labels": ["feature"]}, admin)["data"]["setGoldLabel"]
    assert post(GOLD, {"i": f"{dataset}:m2", "none": True}, admin)["data"]["setGoldLabel"]["__typename"] == (
        "ItemSuccess"
    )
    return dataset


@pytest.fixture(scope="module")
def spans(people: dict[str, Any]) -> str:
    """SPANS, overlap 2: s0 two answers (one the accepted suggestion, one with a note); s1 gold "no spans"; s2 gold
    spans and one answer; s3 nothing."""
    admin, (one, two) = people["admin"], people["tokens"]
    dataset = _dataset(admin, "SPANS", ENTITIES)
    texts = [TEXT, "Nothing to mark here.", "Genève 🇨🇭 in winter", "Later"]
    rows = [{"id": f"s{i}", "text": t} for i, t in enumerate(texts)]
    assert import_file(admin, dataset, jsonl(rows), "s.jsonl")["state"] == "SUCCEEDED"
    first = [_span(TEXT, "Zoë", "PER"), _span(TEXT, "山田", "PER"), _span(TEXT, "Paris", "LOC")]
    key = " ".join(f"{s['start']}-{s['end']}:{s['label']}" for s in first)
    _suggest(f"{dataset}:s0", key, spans=[{**s, "score": 0.9} for s in first])
    assert _annotate(one, f"{dataset}:s0", spans=first, acc=True)["__typename"] == "ItemSuccess"
    second = [_span(TEXT, "Zoë", "PER"), _span(TEXT, "Genève", "LOC")]
    assert _annotate(two, f"{dataset}:s0", spans=second, note="山田 is a place?")["__typename"] == "ItemSuccess"
    assert post(GOLD, {"i": f"{dataset}:s1", "spans": []}, admin)["data"]["setGoldLabel"]["__typename"] == (
        "ItemSuccess"
    )
    gold = [_span(texts[2], "Genève", "LOC")]
    assert _annotate(one, f"{dataset}:s2", spans=gold)["__typename"] == "ItemSuccess"
    assert post(GOLD, {"i": f"{dataset}:s2", "spans": gold}, admin)["data"]["setGoldLabel"]["__typename"] == (
        "ItemSuccess"
    )
    return dataset


def _rows(text: str) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in map(json.loads, text.splitlines())}


def test_a_jsonl_export_of_label_sets_has_the_sets_never_the_keys(multi: str, people: dict[str, Any]) -> None:
    # when the MULTI_LABEL dataset is exported as JSONL
    rows = _rows(_export(people["admin"], multi, "JSONL"))
    # then the gold sets and every answer are lists of labels ([] = none of these; null = no gold answer)
    assert [rows[i]["gold_labels"] for i in ("m0", "m1", "m2", "m3")] == [None, ["feature"], [], None]
    assert rows["m1"]["gold_label_comment"] == "checked"
    assert [(a["labels"], a["note"], a["suggestion_accepted"]) for a in rows["m0"]["annotations"]] == [
        (["billing", "bug"], None, True),
        ([], "not sure", False),
    ]
    assert "label" not in rows["m0"]["annotations"][0]
    assert "gold_label" not in rows["m0"]
    assert rows["m0"]["suggestion"] == {
        "labels": [{"label": "billing", "score": 0.9}, {"label": "bug", "score": 0.7}],
        "confidence": 0.8,
        "model": "m",
        "version": "1",
    }


def test_a_csv_export_joins_label_sets_with_a_bar(multi: str, people: dict[str, Any]) -> None:
    # when the MULTI_LABEL dataset is exported as CSV
    reader = csv.DictReader(io.StringIO(_export(people["admin"], multi, "CSV")))
    rows = {row["id"]: row for row in reader}
    # then the gold set is its labels joined by "|", "[]" for none of these, empty for no gold answer
    assert reader.fieldnames == [
        "id", "text", "features", "metadata", "status", "gold_labels", "gold_label_comment", "annotations", "suggestion"
    ]  # fmt: skip
    assert [rows[i]["gold_labels"] for i in ("m0", "m1", "m2", "m3")] == ["", "feature", "[]", ""]
    assert [a["labels"] for a in json.loads(rows["m0"]["annotations"])] == [["billing", "bug"], []]


def test_a_jsonl_export_of_spans_gives_offsets_labels_and_the_marked_text(spans: str, people: dict[str, Any]) -> None:
    # when the SPANS dataset is exported as JSONL
    rows = _rows(_export(people["admin"], spans, "JSONL"))
    # then each span has code-point offsets, its label and the text it marks (an emoji counts as one character)
    assert rows["s0"]["annotations"][0]["spans"] == [
        {"start": 0, "end": 3, "label": "PER", "text": "Zoë"},
        {"start": 8, "end": 10, "label": "PER", "text": "山田"},
        {"start": 14, "end": 19, "label": "LOC", "text": "Paris"},
    ]
    assert rows["s0"]["annotations"][1]["spans"][1] == {"start": 35, "end": 41, "label": "LOC", "text": "Genève"}
    assert [rows[i]["gold_spans"] for i in ("s0", "s1", "s3")] == [None, [], None]
    assert rows["s2"]["gold_spans"] == [{"start": 0, "end": 6, "label": "LOC", "text": "Genève"}]
    assert rows["s0"]["suggestion"]["spans"][2] == {
        "start": 14,
        "end": 19,
        "label": "LOC",
        "text": "Paris",
        "score": 0.9,
    }


@pytest.mark.parametrize(
    ("task_type", "file_format"),
    [("MULTI_LABEL", "JSONL"), ("MULTI_LABEL", "CSV"), ("SPANS", "JSONL"), ("SPANS", "CSV")],
)
def test_a_round_trip_keeps_every_answer_note_gold_answer_and_suggestion_record(
    multi: str, spans: str, people: dict[str, Any], task_type: str, file_format: str
) -> None:
    # given an export of the labelled dataset
    admin = people["admin"]
    dataset, labels = (multi, MULTI) if task_type == "MULTI_LABEL" else (spans, ENTITIES)
    exported = _export(admin, dataset, file_format)
    # when it is imported into a new dataset of the same type, labels and overlap target, then exported again
    copy = _dataset(admin, task_type, labels)
    job = import_file(admin, copy, exported.encode(), f"export.{file_format.lower()}")
    assert job["result"] == {"stored": 4, "skipped": 0, "waiting": 0}, job
    before, after = _rows(_export(admin, dataset, "JSONL")), _rows(_export(admin, copy, "JSONL"))
    # then everything is the same but the model's suggestion (batch scoring makes those, an import does not)
    for row in (*before.values(), *after.values()):
        row["suggestion"] = None
    assert after == before
    assert [i["status"] for i in _items(admin, copy)] == ["CONFLICT", "REVIEWED", "REVIEWED", "UNLABELED"]


def test_jsonl_sets_and_unicode_spans_are_imported_as_gold_answers(people: dict[str, Any]) -> None:
    # given a MULTI_LABEL and a SPANS dataset, and files with sets and spans (offsets in code points)
    admin = people["admin"]
    multi, spans = _dataset(admin, "MULTI_LABEL", MULTI), _dataset(admin, "SPANS", ENTITIES)
    sets = [
        {"id": "a", "text": "Refund and crash", "labels": ["bug", "billing"]},
        {"id": "b", "text": "Just saying hi", "labels": []},
        {"id": "c", "text": "Not reviewed yet"},
    ]
    marked = [{"id": "u", "text": TEXT, "spans": [_span(TEXT, "Genève", "LOC"), _span(TEXT, "山田", "PER")]}]
    # when they are imported
    sets_job = import_file(admin, multi, jsonl(sets), "sets.jsonl")
    spans_job = import_file(admin, spans, jsonl(marked), "spans.jsonl")
    # then the sets (in the dataset's label order; [] = none of these) and spans are the gold answers
    assert sets_job["result"] == {"stored": 3, "skipped": 0, "waiting": 0}
    assert [(i["goldLabels"], i["status"]) for i in _items(admin, multi)] == [
        (["billing", "bug"], "REVIEWED"),
        ([], "REVIEWED"),
        ([], "UNLABELED"),
    ]
    assert spans_job["result"] == {"stored": 1, "skipped": 0, "waiting": 0}
    assert _items(admin, spans)[0]["goldSpans"] == [
        {"start": 8, "end": 10, "label": "PER", "text": "山田"},
        {"start": 35, "end": 41, "label": "LOC", "text": "Genève"},
    ]


def test_a_csv_of_label_sets_reads_bar_joined_names_and_json_lists(people: dict[str, Any]) -> None:
    # given a MULTI_LABEL dataset and a spreadsheet's CSV: sets joined by "|", a JSON list, "[]", and no set
    admin = people["admin"]
    dataset = _dataset(admin, "MULTI_LABEL", MULTI)
    content = 'id,text,labels,source\na,Refund and crash,bug | billing,mail\nb,Dark mode,"[""feature""]",web\n'
    content += "c,Hello,[],web\nd,Later,,web\n"
    # when it is imported
    job = import_file(admin, dataset, content.encode(), "sets.csv")
    # then each set is the gold set ([] = none of these, empty = no gold), and `labels` is not metadata
    assert job["result"] == {"stored": 4, "skipped": 0, "waiting": 0}
    items = _items(admin, dataset)
    assert [(i["goldLabels"], i["status"]) for i in items] == [
        (["billing", "bug"], "REVIEWED"),
        (["feature"], "REVIEWED"),
        ([], "REVIEWED"),
        ([], "UNLABELED"),
    ]
    assert items[0]["metadata"] == [{"key": "source", "value": "mail"}]


def test_bad_spans_are_reported_by_line_and_field_and_nothing_stored_is_lost(people: dict[str, Any]) -> None:
    # given a SPANS dataset with an item whose gold span is stored
    admin = people["admin"]
    dataset = _dataset(admin, "SPANS", ENTITIES)
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
    assert [(i["externalId"], i["goldSpans"]) for i in _items(admin, dataset)] == [
        ("a", [{"start": 6, "end": 11, "label": "LOC", "text": "Paris"}])
    ]


def test_bad_label_sets_are_reported_by_line_and_field_and_nothing_stored_is_lost(people: dict[str, Any]) -> None:
    # given a MULTI_LABEL dataset with an imported gold set and one annotator's set
    admin, token = people["admin"], people["tokens"][0]
    dataset = _dataset(admin, "MULTI_LABEL", MULTI)
    good = {"id": "a", "text": "Refund", "labels": ["billing"]}
    assert import_file(admin, dataset, jsonl([good]), "good.jsonl")["result"]["stored"] == 1
    assert _annotate(token, f"{dataset}:a", labels=["bug"])["__typename"] == "ItemSuccess"
    bad = [
        {"id": "a", "text": "Refund", "labels": ["billing", "refund"]},
        {"id": "b", "text": "Crash", "label": "bug"},
        {"id": "c", "text": "Crash", "labels": 5},
    ]
    # when a file with an unknown label, a single label and a set that is not a list is imported
    job = import_file(admin, dataset, jsonl(bad), "bad.jsonl")
    # and the item is annotated with an empty set without "none of these"
    empty = _annotate(token, f"{dataset}:a", labels=[])
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
    item = _items(admin, dataset)[0]
    assert (item["goldLabels"], [a["labels"] for a in item["annotations"]]) == (["billing"], [["bug"]])


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
    dataset = _dataset(admin, "SPANS", ENTITIES)
    # when it is imported
    job = import_file(admin, dataset, CONLL_IN.encode(), "train.conll")
    # then the text is the tokens joined by spaces: "Zoë met 山田 in New York 😀" — Zoë 0-3, met 4-7, 山田 8-10,
    # in 11-13, New 14-17, York 18-22 (New York: 14-22), 😀 23-24; and the bad sentences name their line
    assert job["result"] == {"stored": 2, "skipped": 2, "waiting": 0}
    assert job["problems"] == [
        {"line": 16, "reason": "tag 'X-PER' is not O, B-<label> or I-<label>"},
        {"line": 19, "reason": f"spans[0].label: label 'ORG' is not in dataset '{dataset}' labels ['PER', 'LOC']"},
    ]
    items = {i["text"]: i for i in _items(admin, dataset)}
    assert items["Zoë met 山田 in New York 😀"]["goldSpans"] == [
        {"start": 0, "end": 3, "label": "PER", "text": "Zoë"},
        {"start": 8, "end": 10, "label": "PER", "text": "山田"},
        {"start": 14, "end": 22, "label": "LOC", "text": "New York"},
    ]
    assert (items["Paris is big"]["externalId"], items["Paris is big"]["status"]) == ("s2", "REVIEWED")


def test_conll_export_writes_gold_spans_else_the_consensus_and_imports_back(people: dict[str, Any]) -> None:
    # given a SPANS dataset (overlap 2): e0 with gold spans, e1 with two answers, e2 with none
    admin, (one, two) = people["admin"], people["tokens"]
    dataset = _dataset(admin, "SPANS", ENTITIES)
    text = "Zoë met 山田 in Paris, 😀!"
    rows = [
        {"id": "e0", "text": text, "spans": [_span(text, "Paris", "LOC")]},
        {"id": "e1", "text": text},
        {"id": "e2", "text": "nobody looked"},
    ]
    assert import_file(admin, dataset, jsonl(rows), "e.jsonl")["result"]["stored"] == 3
    _annotate(one, f"{dataset}:e1", spans=[_span(text, "山田", "PER"), _span(text, "Zoë", "PER")])
    _annotate(two, f"{dataset}:e1", spans=[_span(text, "山田", "PER")])
    # when it is exported as CoNLL
    exported = _export(admin, dataset, "CONLL")
    # then e0 has its gold span ("Paris," cut at the span's end), e1 the consensus (山田: 2 of 2 votes; Zoë: 1 of
    # 2, not more than half), and e2 is left out
    assert exported == (
        "# id = e0\nZoë\tO\nmet\tO\n山田\tO\nin\tO\nParis\tB-LOC\n,\tO\n😀!\tO\n\n"
        "# id = e1\nZoë\tO\nmet\tO\n山田\tB-PER\nin\tO\nParis,\tO\n😀!\tO\n\n"
    )
    # and importing it recreates the items and spans on the joined tokens
    copy = _dataset(admin, "SPANS", ENTITIES)
    assert import_file(admin, copy, exported.encode(), "e.conll")["result"] == {"stored": 2, "skipped": 0, "waiting": 0}
    assert [(i["externalId"], i["text"], i["goldSpans"]) for i in _items(admin, copy)] == [
        ("e0", "Zoë met 山田 in Paris , 😀!", [{"start": 14, "end": 19, "label": "LOC", "text": "Paris"}]),
        ("e1", "Zoë met 山田 in Paris, 😀!", [{"start": 8, "end": 10, "label": "PER", "text": "山田"}]),
    ]


def test_conll_is_refused_for_datasets_without_spans(multi: str, people: dict[str, Any]) -> None:
    # when a MULTI_LABEL dataset is exported as CoNLL, or a CoNLL file is imported into it
    admin = people["admin"]
    exported = post(EXPORT, {"d": multi, "format": "CONLL"}, admin)["data"]["exportItems"]
    imported = upload(admin, multi, CONLL_IN.encode(), "train.conll")
    # then both are field errors on `format`, and no job is started
    assert [(e["field"], e["code"]) for e in exported["fieldErrors"]] == [("format", "wrong_task_type")]
    assert imported["__typename"] == "ValidationError"
    assert len(_items(admin, multi)) == 4


def test_a_lone_surrogate_or_utf16_offsets_are_reported_and_the_good_lines_kept(people: dict[str, Any]) -> None:
    # given a SPANS dataset and a file: half of a surrogate pair, offsets counted in UTF-16 units, a good line
    admin = people["admin"]
    dataset = _dataset(admin, "SPANS", ENTITIES)
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
    assert [(i["externalId"], i["goldSpans"]) for i in _items(admin, dataset)] == [
        ("c", [{"start": 5, "end": 6, "label": "PER", "text": "x"}])
    ]
