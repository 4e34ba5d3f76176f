"""The generated typed async client (labelloop_client.generated) against the real stack: typed results, the page
shape walked with `after`, and a union's error member as its own type."""

from __future__ import annotations

import asyncio

import pytest
from labelloop_client.generated import (
    GeneratedClient,
    ItemSort,
    SearchSearchDatasetNotFoundError,
    SearchSearchSearchResults,
)

from tests.api import login
from tests.data import create_dataset, import_file, jsonl
from tests.stack import GRAPHQL_URL

pytestmark = pytest.mark.stack


def _client(token: str) -> GeneratedClient:
    return GeneratedClient(url=GRAPHQL_URL, headers={"Authorization": f"Bearer {token}"})


async def _every_external_id(client: GeneratedClient, dataset: str) -> tuple[list[str], set[int]]:
    seen: list[str] = []
    totals: set[int] = set()
    after: str | None = None
    while True:
        answer = await client.search(dataset, ItemSort.EXTERNAL_ID, 4, with_facets=after is None, after=after)
        page = answer.search
        assert isinstance(page, SearchSearchSearchResults), page
        seen += [hit.external_id for hit in page.nodes]
        totals.add(page.total_count)
        if not page.page_info.has_next_page:
            return seen, totals
        after = page.page_info.end_cursor


def test_the_generated_client_walks_search_pages_with_typed_results() -> None:
    # given a dataset of 10 items
    admin = login("admin", "admin")
    dataset = create_dataset(admin, labels=("pos", "neg"))
    rows = [{"id": f"g{n:02d}", "text": f"generated client item {n}"} for n in range(10)]
    assert import_file(admin, dataset, jsonl(rows), "items.jsonl")["state"] == "SUCCEEDED"

    # when an annotator reads every page of its search through the generated client
    seen, totals = asyncio.run(_every_external_id(_client(login("user", "user")), dataset))

    # then every item comes once, in order, each page with the same total
    assert seen == [f"g{n:02d}" for n in range(10)]
    assert totals == {10}


def test_a_union_error_member_is_its_own_generated_type() -> None:
    # when a search names no dataset
    answer = asyncio.run(_client(login("user", "user")).search("no-such-dataset", ItemSort.NEWEST, 1, False))

    # then the answer is the typed error member with its message
    assert isinstance(answer.search, SearchSearchDatasetNotFoundError)
    assert answer.search.message == "no dataset has id 'no-such-dataset': list them with `datasets`"
