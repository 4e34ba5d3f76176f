"""Exports: a filtered selection as JSONL or CSV, downloadable through Nginx with the caller's token."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl, wait_for_job
from tests.stack import BASE_URL

EXPORT = """
mutation($d: ID!, $format: ExportFormat!, $f: ItemFilter) {
  exportItems(datasetId: $d, format: $format, filter: $f) { __typename ... on JobSuccess { job { id } } }
}
"""


@pytest.fixture(scope="module")
def data() -> tuple[str, str]:
    token = login("admin", "admin")
    dataset = create_dataset(token)
    rows = [
        {"id": f"x{i}", "text": f"item {'odd' if i % 2 else 'even'} {i}", "label": "pos" if i < 3 else None}
        for i in range(10)
    ]
    import_file(token, dataset, jsonl(rows), "export.jsonl")
    return token, dataset


def _export(token: str, dataset: str, file_format: str, item_filter: dict[str, object] | None = None) -> dict:
    result = post(EXPORT, {"d": dataset, "format": file_format, "f": item_filter}, token)["data"]["exportItems"]
    assert result["__typename"] == "JobSuccess", result
    job = wait_for_job(token, result["job"]["id"])
    assert job["state"] == "SUCCEEDED", job
    return job


def test_a_filtered_jsonl_export_downloads_with_the_token(data: tuple[str, str]) -> None:
    token, dataset = data
    job = _export(token, dataset, "JSONL", {"text": "odd"})
    assert job["result"]["count"] == 5
    assert (job["done"], job["total"]) == (5, 5)
    response = httpx.get(f"{BASE_URL}{job['result']['download']}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert sorted(r["id"] for r in rows) == ["x1", "x3", "x5", "x7", "x9"]
    assert {r["gold_label"] for r in rows if r["id"] == "x1"} == {"pos"}
    assert rows[0]["annotations"] == []


def test_a_csv_export_has_a_header_and_every_item(data: tuple[str, str]) -> None:
    token, dataset = data
    job = _export(token, dataset, "CSV")
    response = httpx.get(f"{BASE_URL}{job['result']['download']}", headers={"Authorization": f"Bearer {token}"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 10
    assert list(rows[0]) == [
        "id",
        "text",
        "features",
        "metadata",
        "status",
        "gold_label",
        "gold_label_comment",
        "annotations",
        "suggestion",
    ]


def test_an_export_is_not_downloadable_by_another_user_or_without_a_token(data: tuple[str, str]) -> None:
    token, dataset = data
    job = _export(token, dataset, "JSONL")
    url = f"{BASE_URL}{job['result']['download']}"
    assert httpx.get(url).status_code == 401
    other = create_user(token)
    other_token = login(other["username"], other["password"])
    refused = httpx.get(url, headers={"Authorization": f"Bearer {other_token}"})
    assert refused.status_code == 403
    assert refused.json() == {"error": "exports are for administrators (permission 'manage_datasets')"}


def test_a_user_cannot_export_and_no_job_is_made(data: tuple[str, str]) -> None:
    # given: exports hold every annotator's labels, so they are for ADMINs (docs/security.md)
    admin_token, dataset = data
    user = create_user(admin_token)
    token = login(user["username"], user["password"])
    # when
    body = post(EXPORT, {"d": dataset, "format": "JSONL", "f": {"goldLabels": ["pos"]}}, token)
    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert post("query { jobs { totalCount } }", {}, token)["data"]["jobs"]["totalCount"] == 0


def test_another_admin_can_download_an_export(data: tuple[str, str]) -> None:
    # given
    admin_token, dataset = data
    job = _export(admin_token, dataset, "JSONL", {"goldLabels": ["pos"]})
    other = create_user(admin_token, role="ADMIN")
    other_token = login(other["username"], other["password"])
    # when
    response = httpx.get(f"{BASE_URL}{job['result']['download']}", headers={"Authorization": f"Bearer {other_token}"})
    # then
    assert response.status_code == 200
    assert sorted(json.loads(line)["id"] for line in response.text.splitlines()) == ["x0", "x1", "x2"]
