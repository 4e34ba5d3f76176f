"""MongoDB is the truth: an import during an Elasticsearch outage loses nothing, and the reconciler catches up.
A full reindex swaps the alias to a new index with every item."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.api import login, post, stored_document
from tests.data import create_dataset, import_file, jsonl, wait_for_job
from tests.stack import ES_URL as ES
from tests.stack import stack, wait_for

COUNT = "query($d: ID!) { search(datasetId: $d) { ... on SearchResults { totalCount } } }"


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


def _indexed(token: str, dataset: str) -> int:
    total: int = post(COUNT, {"d": dataset}, token)["data"]["search"]["totalCount"]
    return total


def test_an_import_while_elasticsearch_is_down_is_kept_and_reconciled(admin_token: str) -> None:
    # given a dataset, and Elasticsearch stopped
    dataset = create_dataset(admin_token)
    stack("stop", "elasticsearch")
    try:
        # when 500 items are imported
        rows = [{"id": f"e{i}", "text": f"outage item {i}"} for i in range(500)]
        job = import_file(admin_token, dataset, jsonl(rows), "outage.jsonl")
        # then the import succeeds, says the index lags, and every item is in MongoDB
        assert job["state"] == "SUCCEEDED", job
        assert job["result"]["stored"] == 500
        assert job["result"]["waiting"] == 500
        assert "500 wait for the search index" in job["message"]
        assert all(stored_document("items", f"{dataset}:e{i}") is not None for i in (0, 250, 499))
        assert all(stored_document("index_backlog", f"{dataset}:e{i}") is not None for i in (0, 250, 499))
    finally:
        stack("start", "elasticsearch")
    # when the reconciler runs after Elasticsearch returns (the worker's drain of the backlog, every 10 s, may
    # index them first: then the reconciler finds nothing left to do)
    job = post("mutation { reconcileIndex { id } }", {}, admin_token)["data"]["reconcileIndex"]
    finished = wait_for_job(admin_token, job["id"])
    # then the counts are equal, and nothing waits for the index any more
    assert finished["state"] == "SUCCEEDED", finished
    assert 0 <= finished["result"]["backlog_indexed"] <= 500, finished
    wait_for(lambda: _indexed(admin_token, dataset) == 500, 10, "the 500 items to be searchable")
    assert all(stored_document("index_backlog", f"{dataset}:e{i}") is None for i in (0, 250, 499))


def test_the_reconciler_repairs_a_document_deleted_from_the_index_behind_its_back(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    import_file(admin_token, dataset, jsonl([{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]), "two.jsonl")
    # a lost document (deleted at its own version, as when a write never reached the index)
    httpx.delete(
        f"{ES}/labelloop-items/_doc/{dataset}:a",
        params={"refresh": "true", "version": "1", "version_type": "external_gte"},
    ).raise_for_status()
    assert _indexed(admin_token, dataset) == 1
    job = post("mutation { reconcileIndex { id } }", {}, admin_token)["data"]["reconcileIndex"]
    finished = wait_for_job(admin_token, job["id"])
    assert finished["result"]["missing"] >= 1
    assert _indexed(admin_token, dataset) == 2


def test_a_full_reindex_swaps_the_alias_and_keeps_every_item(admin_token: str) -> None:
    dataset = create_dataset(admin_token)
    import_file(admin_token, dataset, jsonl([{"id": f"r{i}", "text": f"t {i}"} for i in range(50)]), "r.jsonl")
    before = set(httpx.get(f"{ES}/_alias/labelloop-items").json())
    job = post("mutation { reindexItems { id state } }", {}, admin_token)["data"]["reindexItems"]
    finished = wait_for_job(admin_token, job["id"], timeout_s=300)
    assert finished["state"] == "SUCCEEDED", finished
    after = set(httpx.get(f"{ES}/_alias/labelloop-items").json())
    assert len(after) == 1
    assert after.isdisjoint(before)
    wait_for(lambda: _indexed(admin_token, dataset) == 50, 30, "the reindexed items to be searchable")


def test_reindex_is_for_admins_only(admin_token: str) -> None:
    from tests.api import create_user, error_code

    user = create_user(admin_token)
    token = login(user["username"], user["password"])
    body = post("mutation { reindexItems { id } }", {}, token)
    assert error_code(body) == "FORBIDDEN"
    assert error_code(post("mutation { reindexItems { id } }", {})) == "UNAUTHENTICATED"


async def test_an_item_written_while_the_reconciler_compares_is_not_taken_for_an_orphan(admin_token: str) -> None:
    # given the reconciler's MongoDB scan, after which (before it reads the index) an import stores a new item
    from backend.container import Services
    from backend.items.repository import ItemRepository
    from backend.items.store import ItemStore
    from backend.items.sync import IndexSync
    from backend.settings import get_settings

    dataset = create_dataset(admin_token)
    services = Services.create(get_settings())

    class WrittenDuringTheScan(ItemRepository):
        async def scan_revisions(self, dataset_id: str | None = None) -> AsyncIterator[tuple[str, int]]:
            async for pair in super().scan_revisions(dataset_id):
                yield pair
            rows = jsonl([{"id": "late", "text": "imported while the reconciler compared"}])
            await asyncio.to_thread(import_file, admin_token, dataset, rows, "late.jsonl")
            await asyncio.to_thread(wait_for, lambda: _indexed(admin_token, dataset) == 1, 30, "the late item")

    try:
        storage = services.storage
        store = ItemStore(storage.items, storage.item_index, services.reconcile_requests)
        sync = IndexSync(store, WrittenDuringTheScan(storage.mongo.db), storage.item_index)
        # when it compares and repairs
        report = await sync.reconcile()
    finally:
        await services.storage.close()

    # then the late item is still searchable: the index is behind nothing, and nothing was deleted for it
    assert report.orphans == 0
    assert _indexed(admin_token, dataset) == 1
