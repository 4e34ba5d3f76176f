"""Shared fixtures. Integration tests expect the native stack to be up (`make test` starts it)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.stack import BASE_URL


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """An HTTP client pointed at Nginx."""
    with httpx.Client(base_url=BASE_URL, timeout=15) as client:
        yield client
