"""The items store is the one owner of an item's writes: MongoDB first, then the search index, else the backlog.

Each path that used to write items and their index itself (import, prediction feedback, annotation, batch scoring,
the reconciler) now calls the store; each is run here against the real MongoDB with an Elasticsearch client that
reaches nothing (nothing is stopped), then against the real Elasticsearch.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from elasticsearch import AsyncElasticsearch

from backend.clients.mongo import MongoClient
from backend.clients.queue import JobQueue
from backend.errors import Unavailable
from backend.items.documents import ALIAS
from backend.items.entities import Annotation, Item, ItemStatus, LabelEvent, Suggestion
from backend.items.index import ItemIndex
from backend.items.repository import ItemRepository
from backend.items.store import ItemStore, ReconcileRequests
from tests.api import stored_document
from tests.stack import ES_URL, MONGO_DB, MONGO_URI, REDIS_URL

NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens, the connection is refused at once
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
async def mongo() -> AsyncIterator[MongoClient]:
    client = MongoClient(MONGO_URI, MONGO_DB)
    yield client
    await client.close()


def _store(mongo: MongoClient, es_url: str) -> tuple[ItemStore, AsyncElasticsearch]:
    es = AsyncElasticsearch(es_url, request_timeout=3, max_retries=0)
    store = ItemStore(ItemRepository(mongo.db), ItemIndex(es), ReconcileRequests(JobQueue(REDIS_URL)))
    return store, es


def _items(count: int) -> list[Item]:
    dataset = f"store-{uuid.uuid4().hex[:8]}"
    return [Item(f"{dataset}:i{n}", dataset, f"i{n}", f"text {n}", None, {}, 1, NOW, NOW) for n in range(count)]


async def _indexed_revision(item_id: str) -> int | None:
    async with AsyncElasticsearch(ES_URL) as es:
        found = await es.options(ignore_status=404).get(index=ALIAS, id=item_id)
    return int(found["_version"]) if found.get("found") else None


async def test_items_added_while_the_index_is_unreachable_are_stored_and_wait_in_the_backlog(
    mongo: MongoClient,
) -> None:
    # given a store whose Elasticsearch cannot be reached (the import and prediction-feedback path)
    store, es = _store(mongo, NOWHERE)
    items = _items(3)
    # when items are added
    stored = await store.add(items)
    await es.close()
    # then all are in MongoDB, and all wait in the backlog
    assert (len(stored.items), stored.waiting) == (3, 3)
    assert [stored_document("items", i.id) is not None for i in items] == [True, True, True]
    assert [stored_document("index_backlog", i.id) is not None for i in items] == [True, True, True]


async def test_items_added_while_the_index_answers_are_indexed_and_not_backlogged(mongo: MongoClient) -> None:
    # given a store on the real Elasticsearch
    store, es = _store(mongo, ES_URL)
    items = _items(2)
    # when items are added
    stored = await store.add(items)
    await es.close()
    # then they are indexed at their revision, and none waits
    assert stored.waiting == 0
    assert [await _indexed_revision(i.id) for i in items] == [1, 1]
    assert [stored_document("index_backlog", i.id) for i in items] == [None, None]


async def test_a_label_written_while_the_index_is_unreachable_waits_in_the_backlog(mongo: MongoClient) -> None:
    # given an item in MongoDB, and a store whose Elasticsearch cannot be reached (the annotation path)
    store, es = _store(mongo, NOWHERE)
    (item,) = (await store.add(_items(1))).items
    annotation = Annotation("ann", "pos", NOW, NOW)
    event = LabelEvent(NOW, "ann", "annotate", "pos", None)
    # when a label is written
    written = await store.write_labels(item, [annotation], None, ItemStatus.IN_PROGRESS, event, NOW)
    await es.close()
    # then MongoDB has it at the next revision, and it waits in the backlog
    assert written is not None
    assert written.revision == 2
    assert stored_document("items", item.id)["annotations"][0]["label"] == "pos"  # type: ignore[index]
    assert stored_document("index_backlog", item.id) is not None


async def test_suggestions_stored_while_the_index_is_unreachable_wait_in_the_backlog(mongo: MongoClient) -> None:
    # given items, and a store whose Elasticsearch cannot be reached (the batch scoring path)
    store, es = _store(mongo, NOWHERE)
    items = (await store.add(_items(2))).items
    suggestion = Suggestion("pos", 0.9, 0.1, 0.2, "m", "1", NOW)
    # when suggestions are stored
    written = await store.suggest([(i, suggestion) for i in items])
    await es.close()
    # then each item carries it at the next revision, and waits in the backlog
    assert [(w.revision, w.suggestion) for w in written] == [(2, suggestion), (2, suggestion)]
    assert [stored_document("index_backlog", i.id) is not None for i in items] == [True, True]


async def test_the_reconciler_path_backlogs_what_it_cannot_index_and_the_drain_indexes_it(mongo: MongoClient) -> None:
    # given items in MongoDB and a store whose Elasticsearch cannot be reached (the reconciler's path)
    down, down_es = _store(mongo, NOWHERE)
    items = (await down.add(_items(2))).items
    # when the reconciler indexes them, then drains the backlog while Elasticsearch is still unreachable
    left = await down.index_or_backlog(items)
    with pytest.raises(Unavailable) as raised:
        await down.drain_backlog()
    await down_es.close()
    # then both wait, and the drain says Elasticsearch is unavailable (not a driver's error)
    assert left == [i.id for i in items]
    assert raised.value.dependency == "elasticsearch"
    # when Elasticsearch answers again and the backlog is drained
    up, up_es = _store(mongo, ES_URL)
    await up.drain_backlog()
    await up_es.close()
    # then both are indexed and out of the backlog
    assert [await _indexed_revision(i.id) for i in items] == [1, 1]
    assert [stored_document("index_backlog", i.id) for i in items] == [None, None]
