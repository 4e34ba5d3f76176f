"""Imports: every kind of bad input gets its own clear error, and the good lines are kept."""

from __future__ import annotations

import pytest

from tests.api import login, post
from tests.data import create_dataset, import_file, jsonl, upload

COUNT = "query($id: ID!) { search(datasetId: $id) { ... on SearchResults { totalCount } } }"
ITEM = "query($id: ID!) { item(id: $id) { externalId text goldLabel status metadata { key value } } }"


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


def _count(token: str, dataset_id: str) -> int:
    total: int = post(COUNT, {"id": dataset_id}, token)["data"]["search"]["totalCount"]
    return total


def test_broken_json_lines_are_reported_and_good_lines_kept(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    content = b'{"id": "1", "text": "fine"}\n{"id": "2", "text": \n[1, 2]\n{"id": "3", "text": "also fine"}\n'
    job = import_file(admin_token, dataset, content, "items.jsonl")
    assert job["state"] == "SUCCEEDED"
    assert job["problems"] == [
        {"line": 2, "reason": "not valid JSON (Expecting value at column 21)"},
        {"line": 3, "reason": "a line must be a JSON object, not list"},
    ]
    assert job["message"] == "2 items stored, 2 lines skipped"
    assert _count(admin_token, dataset) == 2


def test_a_missing_csv_column_fails_the_import_and_names_it(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    job = import_file(admin_token, dataset, b"id,body\n1,hello\n", "items.csv")
    assert job["state"] == "FAILED"
    assert job["message"] == (
        "column 'text' is not in the header ['id', 'body']: rename it or set the mapping (e.g. mapping.text)"
    )
    assert _count(admin_token, dataset) == 0


def test_a_csv_column_mapping_imports_other_columns_as_metadata(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    content = b'id,body,lang,label\n1,"hello, world",en,pos\n2,bonjour,fr,\n'
    job = import_file(admin_token, dataset, content, "items.csv", mapping={"text": "body"})
    assert job["state"] == "SUCCEEDED", job
    item = post(ITEM, {"id": f"{dataset}:1"}, admin_token)["data"]["item"]
    assert item == {
        "externalId": "1",
        "text": "hello, world",
        "goldLabel": "pos",
        "status": "REVIEWED",
        "metadata": [{"key": "lang", "value": "en"}],
    }


def test_lines_in_a_wrong_encoding_are_reported_with_their_byte(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    content = b'{"id": "1", "text": "ok"}\n' + '{"id": "2", "text": "café"}\n'.encode("latin-1")
    job = import_file(admin_token, dataset, content, "items.jsonl")
    assert job["state"] == "SUCCEEDED"
    assert job["problems"] == [
        {"line": 2, "reason": "not valid UTF-8 (byte 0xe9 at position 24): save the file as UTF-8"}
    ]
    assert _count(admin_token, dataset) == 1


def test_an_empty_file_fails_with_its_own_message(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    job = import_file(admin_token, dataset, b"\n  \n", "items.jsonl")
    assert (job["state"], job["message"]) == ("FAILED", "the file is empty: nothing to import")


def test_duplicate_ids_keep_the_first_line(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    rows = [{"id": "x", "text": "first"}, {"id": "y", "text": "other"}, {"id": "x", "text": "second"}]
    job = import_file(admin_token, dataset, jsonl(rows), "items.jsonl")
    assert job["problems"] == [{"line": 3, "reason": "duplicate id 'x' (first on line 1): line skipped"}]
    assert post(ITEM, {"id": f"{dataset}:x"}, admin_token)["data"]["item"]["text"] == "first"


def test_a_label_not_in_the_dataset_is_reported(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    rows = [{"id": "1", "text": "good", "label": "pos"}, {"id": "2", "text": "bad", "label": "spam"}]
    job = import_file(admin_token, dataset, jsonl(rows), "items.jsonl")
    assert job["problems"] == [
        {"line": 2, "reason": f"label 'spam' is not in dataset '{dataset}' labels ['pos', 'neg', 'neutral']"}
    ]
    assert _count(admin_token, dataset) == 1


def test_re_importing_an_id_updates_the_item_instead_of_duplicating_it(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    import_file(admin_token, dataset, jsonl([{"id": "1", "text": "old text"}]), "a.jsonl")
    job = import_file(
        admin_token, dataset, jsonl([{"id": "1", "text": "new text"}, {"id": "2", "text": "b"}]), "b.jsonl"
    )
    assert job["message"] == "2 items stored, 0 lines skipped"
    item = post("query($id: ID!) { item(id: $id) { text revision } }", {"id": f"{dataset}:1"}, admin_token)
    assert item["data"]["item"] == {"text": "new text", "revision": 2}
    assert _count(admin_token, dataset) == 2


def test_tabular_features_must_be_numbers(admin_token: str) -> None:
    dataset = create_dataset(admin_token, kind="TABULAR", labels=("a", "b"))
    content = b"id,alcohol,ash,label\n1,13.2,2.1,a\n2,12.9,abc,b\n3,14.0,2.4,\n"
    job = import_file(admin_token, dataset, content, "wine.csv")
    assert job["problems"] == [{"line": 3, "reason": "feature 'ash' is 'abc', not a number"}]
    found = post(
        "query($id: ID!, $item: ID!) { dataset(id: $id) { featureNames } item(id: $item) { features { name value } } }",
        {"id": dataset, "item": f"{dataset}:1"},
        admin_token,
    )["data"]
    assert found["dataset"]["featureNames"] == ["alcohol", "ash"]
    assert found["item"]["features"] == [{"name": "alcohol", "value": 13.2}, {"name": "ash", "value": 2.1}]


def test_an_archived_dataset_refuses_imports(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    post(
        "mutation($id: ID!) { updateDataset(id: $id, input: {archived: true}) { __typename } }",
        {"id": dataset},
        admin_token,
    )
    result = upload(admin_token, dataset, jsonl([{"id": "1", "text": "x"}]), "items.jsonl")
    assert result == {
        "__typename": "DatasetArchivedError",
        "message": f"dataset '{dataset}' is archived: unarchive it with `updateDataset` first",
    }


def test_an_archived_dataset_is_read_only_until_restored(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    update = "mutation($id: ID!, $in: UpdateDatasetInput!) { updateDataset(id: $id, input: $in) { __typename } }"
    assert post(update, {"id": dataset, "in": {"archived": True}}, admin_token)["data"]["updateDataset"] == {
        "__typename": "DatasetSuccess"
    }
    refused = post(update, {"id": dataset, "in": {"instructions": "new"}}, admin_token)["data"]["updateDataset"]
    assert refused == {"__typename": "DatasetArchivedError"}
    restored = post(update, {"id": dataset, "in": {"archived": False}}, admin_token)["data"]["updateDataset"]
    assert restored == {"__typename": "DatasetSuccess"}
