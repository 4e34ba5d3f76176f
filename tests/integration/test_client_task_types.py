"""The Python client with MULTI_LABEL and SPANS datasets: create, annotate with sets and spans (dicts or tuples),
set gold answers, read them back as structured values, and pull a training set of sets or spans."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from labelloop_client import Client, ValidationError

from tests.api import create_user, login
from tests.data import import_file, jsonl
from tests.stack import BASE_URL

pytestmark = pytest.mark.stack
# Zoë 0-3, met 4-7, 山田 8-10, in 11-13, Paris 14-19, 😀 20-21 (one code point), !
TEXT = "Zoë met 山田 in Paris 😀!"


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def admin(admin_token: str) -> Iterator[Client]:
    with Client(BASE_URL, token=admin_token) as client:
        yield client


@pytest.fixture(scope="module")
def users(admin_token: str) -> Iterator[list[Client]]:
    accounts = [create_user(admin_token, "USER") for _ in range(3)]
    clients = [Client(BASE_URL, token=login(a["username"], a["password"])) for a in accounts]
    yield clients
    for client in clients:
        client.close()


def _dataset(admin: Client, admin_token: str, task_type: str, labels: list[str], texts: list[str]) -> str:
    name = f"Client {task_type} {uuid.uuid4().hex[:8]}"
    dataset = admin.create_dataset(name, labels, task_type=task_type, overlap_target=3)
    assert (dataset["taskType"], dataset["settings"]["overlapTarget"]) == (task_type, 3)
    rows = [{"id": f"i{n}", "text": text} for n, text in enumerate(texts)]
    assert import_file(admin_token, dataset["id"], jsonl(rows), "items.jsonl")["state"] == "SUCCEEDED"
    return str(dataset["id"])


def test_label_sets_are_annotated_set_as_gold_and_read_back(
    admin: Client, admin_token: str, users: list[Client]
) -> None:
    # given a MULTI_LABEL dataset made by the client
    dataset = _dataset(admin, admin_token, "MULTI_LABEL", ["billing", "bug", "feature"], ["Refund, then a crash"])
    item = f"{dataset}:i0"
    # when two users answer with a set and with "none of these", and the admin sets the gold set
    first = users[0].annotate(item, labels=["bug", "billing"], note="both")
    users[1].annotate(item, none_of_these=True)
    gold = admin.set_gold(item, labels=["billing"], comment="refund first")
    # then the sets are stored in the dataset's label order, and read back as sets
    assert [(a.labels, a.note) for a in first.annotations] == [(["billing", "bug"], "both")]
    assert (gold.has_gold, gold.gold_labels, gold.status.value) == (True, ["billing"], "REVIEWED")
    read = admin.answers(item)
    assert [a.labels for a in read.annotations] == [["billing", "bug"], []]


def test_spans_are_annotated_from_dicts_or_tuples_with_code_point_offsets(
    admin: Client, admin_token: str, users: list[Client]
) -> None:
    # given a SPANS dataset made by the client
    dataset = _dataset(admin, admin_token, "SPANS", ["PER", "LOC"], [TEXT])
    item = f"{dataset}:i0"
    start = TEXT.index("Paris")
    # when one user marks spans as dicts (with the text they saw) and another as tuples
    users[0].annotate(item, spans=[{"start": 0, "end": 3, "label": "PER", "text": "Zoë"}, (start, start + 5, "LOC")])
    users[1].annotate(item, spans=[(8, 10, "PER"), (start, start + 5, "LOC", "Paris")])
    # and the admin copies the first annotation's spans as gold
    spans = admin.answers(item).annotations[0].spans
    gold = admin.set_gold(item, spans=spans)
    # then every span reads back with its offsets, label and marked text
    assert [(s.start, s.end, s.label, s.text) for s in gold.gold_spans] == [
        (0, 3, "PER", "Zoë"),
        (14, 19, "LOC", "Paris"),
    ]
    marked = [[(s.start, s.text) for s in a.spans] for a in gold.annotations]
    assert marked == [[(0, "Zoë"), (14, "Paris")], [(8, "山田"), (14, "Paris")]]


def test_a_wrong_span_or_an_empty_set_is_a_validation_error_naming_it(
    admin: Client, admin_token: str, users: list[Client]
) -> None:
    # given a SPANS and a MULTI_LABEL dataset, each with one answer stored
    spans = _dataset(admin, admin_token, "SPANS", ["PER", "LOC"], [TEXT])
    sets = _dataset(admin, admin_token, "MULTI_LABEL", ["billing", "bug"], ["Refund"])
    users[0].annotate(f"{spans}:i0", spans=[(0, 3, "PER")])
    users[0].annotate(f"{sets}:i0", labels=["bug"])
    # when the user sends overlapping spans, then an empty set without "none of these"
    with pytest.raises(ValidationError) as overlap:
        users[0].annotate(f"{spans}:i0", spans=[(0, 3, "PER"), (2, 6, "LOC")])
    with pytest.raises(ValidationError) as empty:
        users[0].annotate(f"{sets}:i0", labels=[])
    # then each error names the span or field, and the stored answers are kept
    assert [(e.field, e.code) for e in overlap.value.field_errors] == [("spans[1]", "overlap")]
    assert [(e.field, e.code) for e in empty.value.field_errors] == [("labels", "empty_set")]
    assert [[(s.start, s.end) for s in a.spans] for a in admin.answers(f"{spans}:i0").annotations] == [[(0, 3)]]
    assert [a.labels for a in admin.answers(f"{sets}:i0").annotations] == [["bug"]]


def test_a_training_set_holds_gold_sets_and_spans_else_the_consensus(
    admin: Client, admin_token: str, users: list[Client]
) -> None:
    # given a MULTI_LABEL dataset: i0 with a gold set, i1 with three sets (billing 3/3, bug 2/3, feature 1/3)
    sets = _dataset(admin, admin_token, "MULTI_LABEL", ["billing", "bug", "feature"], ["a", "b", "c"])
    admin.set_gold(f"{sets}:i0", labels=["feature"])
    for user, chosen in zip(users, (["billing", "bug"], ["billing", "bug", "feature"], ["billing"]), strict=True):
        user.annotate(f"{sets}:i1", labels=chosen)
    # and a SPANS dataset: i0 with two answers agreeing on Zoë only
    spans = _dataset(admin, admin_token, "SPANS", ["PER", "LOC"], [TEXT])
    users[0].annotate(f"{spans}:i0", spans=[(0, 3, "PER"), (14, 19, "LOC")])
    users[1].annotate(f"{spans}:i0", spans=[(0, 3, "PER")])
    # when their training sets are pulled
    multi_frame, spans_frame = admin.training_set(sets), admin.training_set(spans)
    # then the targets are the gold answers, else the labels or spans chosen by more than half (i2: nobody)
    assert multi_frame[["external_id", "label", "label_source"]].to_dict("records") == [
        {"external_id": "i0", "label": ["feature"], "label_source": "gold"},
        {"external_id": "i1", "label": ["billing", "bug"], "label_source": "majority"},
    ]
    assert spans_frame[["external_id", "label", "label_source"]].to_dict("records") == [
        {"external_id": "i0", "label": [{"start": 0, "end": 3, "label": "PER"}], "label_source": "majority"}
    ]
