"""Helpers for dataset tests: create datasets, upload files, wait for jobs, search."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import httpx

from tests.api import post
from tests.stack import GRAPHQL_URL

CREATE_DATASET = """
mutation($input: CreateDatasetInput!) {
  createDataset(input: $input) {
    __typename
    ... on DatasetSuccess { dataset { id name kind labels { name hotkey } } }
    ... on ValidationError { message fieldErrors { field code message } }
  }
}
"""
IMPORT = """
mutation($datasetId: ID!, $file: Upload!, $format: ImportFormat, $mapping: ImportMappingInput) {
  importItems(datasetId: $datasetId, file: $file, format: $format, mapping: $mapping) {
    __typename
    ... on JobSuccess { job { id state } }
    ... on Error { message }
  }
}
"""
JOB = """
query($id: ID!) {
  job(id: $id) { id kind state done total message problemCount problems { line reason } result }
}
"""


def create_dataset(
    token: str,
    kind: str = "TEXT",
    labels: tuple[str, ...] = ("pos", "neg", "neutral"),
    task_type: str = "SINGLE_LABEL",
) -> str:
    name = f"Test {kind.lower()} {uuid.uuid4().hex[:8]}"
    labelled = [{"name": label} for label in labels]
    body = post(
        CREATE_DATASET,
        {"input": {"name": name, "kind": kind, "taskType": task_type, "labels": labelled}},
        token,
    )
    result = body["data"]["createDataset"]
    assert result["__typename"] == "DatasetSuccess", result
    dataset_id: str = result["dataset"]["id"]
    return dataset_id


def upload(
    token: str,
    dataset_id: str,
    content: bytes,
    file_name: str,
    file_format: str | None = None,
    mapping: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Send importItems as a GraphQL multipart request; return the union result."""
    operations = {
        "query": IMPORT,
        "variables": {"datasetId": dataset_id, "file": None, "format": file_format, "mapping": mapping},
    }
    response = httpx.post(
        GRAPHQL_URL,
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (file_name, content, "application/octet-stream")},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["importItems"]
    return result


def wait_for_job(token: str, job_id: str, timeout_s: float = 120) -> dict[str, Any]:
    """The job once it has finished (SUCCEEDED, FAILED or CANCELLED)."""
    deadline = time.monotonic() + timeout_s
    while True:
        job: dict[str, Any] = post(JOB, {"id": job_id}, token)["data"]["job"]
        if job["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return job
        assert time.monotonic() < deadline, f"job still {job['state']} after {timeout_s}s: {job}"
        time.sleep(0.3)


def import_file(token: str, dataset_id: str, content: bytes, file_name: str, **kwargs: Any) -> dict[str, Any]:
    """Upload, then wait for the job; return the finished job."""
    result = upload(token, dataset_id, content, file_name, **kwargs)
    assert result["__typename"] == "JobSuccess", result
    return wait_for_job(token, result["job"]["id"])


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()
