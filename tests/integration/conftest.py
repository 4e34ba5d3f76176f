"""Integration tests run against the real stack; they fail fast when it is not up."""

from __future__ import annotations

import httpx
import pytest

from tests.stack import BASE_URL


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "soak: minutes long, stops Elasticsearch (deselect with -m 'not soak')")


@pytest.fixture(scope="session", autouse=True)
def _stack_is_up() -> None:
    try:
        httpx.get(f"{BASE_URL}/healthz", timeout=5).raise_for_status()
    except httpx.HTTPError as exc:
        pytest.fail(f"the stack is not up at {BASE_URL} ({exc}): run `make up` or `make test`")
