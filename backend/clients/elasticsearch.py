"""Elasticsearch through the official async client."""

from __future__ import annotations

import os
from typing import Any

from elasticsearch import AsyncElasticsearch

# Labelloop exports no traces. Left on, the client opens an OpenTelemetry span (a no-op one) around every request
# and reads this variable again for every copy `options()` makes: a measurable cost on each annotation's write.
# Set it to "true" in the environment to trace Elasticsearch calls with your own OpenTelemetry set-up.
os.environ.setdefault("OTEL_PYTHON_INSTRUMENTATION_ELASTICSEARCH_ENABLED", "false")


class SearchClient:
    """The application's one Elasticsearch client: `url` is one node's URL or several, comma-separated (the client
    spreads requests over them and moves on from one that fails); `replicas` is how many copies of each shard
    every Labelloop index keeps on other nodes (LABELLOOP_ELASTICSEARCH_REPLICAS, docs/scaling.md)."""

    def __init__(self, url: str, replicas: int = 0) -> None:
        hosts = [host.strip() for host in url.split(",") if host.strip()]
        self.es = AsyncElasticsearch(hosts, request_timeout=10, max_retries=1, retry_on_timeout=False)
        self.address = url
        self.replicas = replicas

    async def ping(self) -> None:
        """Return when the cluster is at least yellow; raise otherwise."""
        health = await self.es.cluster.health(timeout="1s")
        if health["status"] == "red":
            raise RuntimeError("cluster status is red: some primary shards are unassigned")

    async def close(self) -> None:
        await self.es.close()


async def ensure_index(
    es: AsyncElasticsearch, name: str, properties: dict[str, Any], replicas: int = 0, **settings: Any
) -> None:
    """Create index `name` with these field mappings unless it exists (idempotent, also when processes race); an
    index that exists gets `settings` and its replica count again (dynamic ones only: a changed value reaches
    existing deployments)."""
    if await es.indices.exists(index=name):
        await es.indices.put_settings(index=name, settings={**settings, "number_of_replicas": replicas})
        return
    try:
        await es.indices.create(
            index=name,
            settings={"number_of_shards": 1, **settings, "number_of_replicas": replicas},
            mappings={"properties": properties},
        )
    except Exception as exc:
        if "resource_already_exists_exception" not in str(exc):
            raise
