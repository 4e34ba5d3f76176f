"""Helpers for promotion tests: promote or roll back, wait for the PROMOTION job, read the event it recorded."""

from __future__ import annotations

from typing import Any

from tests.api import post
from tests.data import wait_for_job

PROMOTE = """
mutation($n: String!, $v: String!, $r: String!, $m: PromotionMode) {
  promoteModelVersion(name: $n, version: $v, reason: $r, mode: $m) {
    __typename
    ... on PromotionJobSuccess { job { id kind state } }
    ... on ValidationError { fieldErrors { field message } }
    ... on Error { message }
  }
}
"""
ROLLBACK = """
mutation($n: String!, $r: String!) {
  rollbackModel(name: $n, reason: $r) {
    __typename
    ... on PromotionJobSuccess { job { id kind state } }
    ... on Error { message }
  }
}
"""
HISTORY = """
query($n: String!) {
  promotionHistory(name: $n, first: 1) {
    nodes { id action version previousVersion actor reason metrics runId gate overrideReason jobId }
  }
}
"""


def promote(token: str, model: str, version: str, reason: str, mode: str = "AUTO") -> dict[str, Any]:
    """The promoteModelVersion union result (the job queued, or an error)."""
    body = post(PROMOTE, {"n": model, "v": version, "r": reason, "m": mode}, token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["promoteModelVersion"]
    return result


def latest_event(token: str, model: str) -> dict[str, Any]:
    event: dict[str, Any] = post(HISTORY, {"n": model}, token)["data"]["promotionHistory"]["nodes"][0]
    return event


def finished(token: str, result: dict[str, Any], timeout_s: float = 120) -> dict[str, Any]:
    """The PROMOTION job of a PromotionJobSuccess, once it has ended."""
    assert result["__typename"] == "PromotionJobSuccess", result
    return wait_for_job(token, result["job"]["id"], timeout_s)


def promote_and_wait(token: str, model: str, version: str, reason: str, mode: str = "AUTO") -> dict[str, Any]:
    """Promote, wait for the job; the event it recorded (asserts it promoted)."""
    job = finished(token, promote(token, model, version, reason, mode))
    assert job["state"] == "SUCCEEDED", job
    assert job["result"]["outcome"] == "PROMOTED", job
    return latest_event(token, model)


def rollback_and_wait(token: str, model: str, reason: str) -> dict[str, Any]:
    body = post(ROLLBACK, {"n": model, "r": reason}, token)
    job = finished(token, body["data"]["rollbackModel"])
    assert job["state"] == "SUCCEEDED", job
    assert job["result"]["outcome"] == "ROLLED_BACK", job
    return latest_event(token, model)
