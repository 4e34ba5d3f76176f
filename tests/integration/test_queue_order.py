"""The queue's order: random per annotator by default (the same on every reload, another for each annotator), or
the import order when the dataset asks for it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.annotators import NEXT
from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl

ITEMS = 30
TAKEN = 8
SETTINGS = """
mutation($d: ID!, $s: AnnotationSettingsInput!) {
  updateDataset(id: $d, input: {settings: $s}) {
    __typename ... on DatasetSuccess { dataset { settings { overlapTarget blind queueOrder } } }
  }
}
"""
READ = "query($d: ID!) { dataset(id: $d) { settings { overlapTarget blind queueOrder } } }"


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


def _dataset(admin: str) -> str:
    dataset = create_dataset(admin)
    post(SETTINGS, {"d": dataset, "s": {"overlapTarget": 3}}, admin)
    rows = [{"id": f"q{i:02d}", "text": f"queue item {i}"} for i in range(ITEMS)]
    assert import_file(admin, dataset, jsonl(rows), "q.jsonl")["state"] == "SUCCEEDED"
    return dataset


def _annotator(admin: str) -> str:
    user = create_user(admin)
    return login(user["username"], user["password"])


def _order(token: str, dataset: str, strategy: str = "UNLABELED_FIRST") -> list[str]:
    """The first TAKEN items the queue hands out, skipping each (as the workspace's S does)."""
    skipped: list[str] = []
    for _ in range(TAKEN):
        answer: dict[str, Any] = post(NEXT, {"d": dataset, "s": strategy, "x": skipped}, token)["data"]["nextItem"]
        assert answer["__typename"] == "QueuedItem", answer
        skipped.append(answer["item"]["id"])
    return [item.split(":", 1)[1] for item in skipped]


def test_a_new_dataset_serves_its_queue_in_random_order(admin: str) -> None:
    # given a new dataset, then its queue order is RANDOM
    dataset = _dataset(admin)
    assert post(READ, {"d": dataset}, admin)["data"]["dataset"]["settings"] == {
        "overlapTarget": 3,
        "blind": False,
        "queueOrder": "RANDOM",
    }
    # when two annotators open the queue
    first, second = _annotator(admin), _annotator(admin)
    order = _order(first, dataset)
    # then neither gets the import order, and each gets an order of their own
    assert order != [f"q{i:02d}" for i in range(TAKEN)]
    assert _order(second, dataset) != order
    # and a reload gives the first the same order again
    assert _order(first, dataset) == order
    # and so does the LEAST_ANNOTATED queue (nobody labelled anything yet)
    assert _order(first, dataset, "LEAST_ANNOTATED") == order


def test_import_order_is_a_dataset_setting(admin: str) -> None:
    # given a dataset set to serve its queue in import order
    dataset = _dataset(admin)
    changed = post(SETTINGS, {"d": dataset, "s": {"overlapTarget": 3, "queueOrder": "IMPORT_ORDER"}}, admin)
    assert changed["data"]["updateDataset"]["dataset"]["settings"]["queueOrder"] == "IMPORT_ORDER"
    # when an annotator opens the queue, then items come in import order
    assert _order(_annotator(admin), dataset) == [f"q{i:02d}" for i in range(TAKEN)]
    # and changing another setting keeps the order (a setting left out is left as it is)
    kept = post(SETTINGS, {"d": dataset, "s": {"overlapTarget": 2}}, admin)["data"]["updateDataset"]
    assert kept["dataset"]["settings"] == {"overlapTarget": 2, "blind": False, "queueOrder": "IMPORT_ORDER"}
