"""The Elasticsearch settings of a cluster (docs/scaling.md): every Labelloop index keeps the configured number of
shard replicas (LABELLOOP_ELASTICSEARCH_REPLICAS), also after a change, and LABELLOOP_ELASTICSEARCH_URL may list
several nodes, the client moving on from one that does not answer."""

from __future__ import annotations

import uuid

from backend.clients.elasticsearch import SearchClient, ensure_index
from tests.stack import ES_URL

FIELDS = {"name": {"type": "keyword"}}


async def _replicas(search: SearchClient, index: str) -> str:
    settings = await search.es.indices.get_settings(index=index, name="index.number_of_replicas")
    value: str = settings[index]["settings"]["index"]["number_of_replicas"]
    return value


async def test_an_index_keeps_the_configured_replicas_and_a_changed_count_reaches_it() -> None:
    search = SearchClient(ES_URL)
    index = f"labelloop-test-replicas-{uuid.uuid4().hex[:8]}"
    try:
        # when the index is made with one replica per shard (the Compose cluster's setting)
        await ensure_index(search.es, index, FIELDS, replicas=1)
        made = await _replicas(search, index)
        # and a process starts later with the single node's count
        await ensure_index(search.es, index, FIELDS, replicas=0)
        changed = await _replicas(search, index)
    finally:
        await search.es.indices.delete(index=index, ignore_unavailable=True)
        await search.close()
    # then the index got each count in turn
    assert (made, changed) == ("1", "0")


async def test_the_client_reaches_the_cluster_through_the_nodes_that_answer() -> None:
    # given two node URLs, the first of which nothing listens on
    search = SearchClient(f"http://127.0.0.1:9, {ES_URL}")
    try:
        # when it is asked several times (the client takes the nodes in turn)
        answers = [await search.es.cluster.health() for _ in range(4)]
    finally:
        await search.close()
    # then every request is answered, by the node that is up
    assert [a["status"] in ("green", "yellow") for a in answers] == [True] * 4
    assert search.address == f"http://127.0.0.1:9, {ES_URL}"
