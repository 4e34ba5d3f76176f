"""Round trips one API replica makes to MongoDB and Redis, read from its /metrics (backend/clients/round_trips.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from tests.stack import API_BASE_PORT

REPLICA_URL = f"http://127.0.0.1:{API_BASE_PORT + 1}"
_LINE = re.compile(r'labelloop_round_trips_total\{command="([^"]+)",service="([^"]+)"\} (\S+)')


def counters() -> dict[tuple[str, str], float]:
    """(service, command) → round trips so far, of the first API replica."""
    text = httpx.get(f"{REPLICA_URL}/metrics", timeout=10).text
    return {(m[2], m[1]): float(m[3]) for m in map(_LINE.match, text.splitlines()) if m}


def per_call(call: Callable[[int], object], times: int) -> dict[tuple[str, str], float]:
    """The round trips of one call of `call(i)`, averaged over `times` calls made one after another."""
    before = counters()
    for i in range(times):
        call(i)
    after = counters()
    return {k: (v - before.get(k, 0.0)) / times for k, v in after.items() if v != before.get(k, 0.0)}


def replica_post(query: str, variables: dict[str, object], token: str) -> dict[str, object]:
    """One GraphQL call straight to the first replica (not through Nginx, so that its counters see it)."""
    response = httpx.post(
        f"{REPLICA_URL}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    body: dict[str, object] = response.json()
    return body
