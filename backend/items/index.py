"""The derived search index of items in Elasticsearch: writes with external versioning, search, facets, ids."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, BadRequestError, NotFoundError, TransportError
from elasticsearch.helpers import async_streaming_bulk

from backend.batching import Coalescer
from backend.clients.failures import storage
from backend.datasets.entities import QueueOrder
from backend.errors import Unavailable
from backend.items.documents import (
    ALIAS,
    MAPPINGS,
    SETTINGS,
    SORTS,
    InvalidCursor,
    decode_cursor,
    encode_cursor,
    filter_query,
    index_document,
    labelled_query,
    labelled_since_query,
)
from backend.items.entities import (
    Facets,
    Item,
    ItemFilter,
    ItemSort,
    ItemStatus,
    SearchHit,
    SearchPage,
)
from backend.items.facets import (
    base_clauses,
    facet_aggregations,
    facets_from,
    numeric_keys,
    range_edges,
)
from backend.items.queue_query import queue_search

SHARED_BULK_MAX = 500


@storage
class ItemIndex:
    """Items in Elasticsearch, behind the alias `labelloop-items` (a full reindex swaps the index behind it)."""

    def __init__(self, es: AsyncElasticsearch, replicas: int = 0) -> None:
        self._es = es
        # copies of each shard on other nodes (LABELLOOP_ELASTICSEARCH_REPLICAS, docs/scaling.md)
        self._settings = {**SETTINGS, "number_of_replicas": replicas}
        self._ready = False
        self._shared: Coalescer[Item, bool] = Coalescer(self._index_shared, SHARED_BULK_MAX)

    async def index_one(self, item: Item) -> bool:
        """Index one item at its revision, in one bulk request with the other writes of this moment.

        True once it is indexed; False when it could not be (the caller puts it in the backlog).
        """
        return await self._shared.submit(item)

    async def _index_shared(self, items: list[Item]) -> list[bool]:
        try:
            failed = set(await self.index(items))
        except (Unavailable, TransportError, ApiError):  # unreachable, starting, overloaded, refused
            return [False] * len(items)
        return [item.id not in failed for item in items]

    async def ensure_index(self) -> None:
        """Create the first index and its alias when missing (idempotent; replicas may race).

        Every write calls it until it has succeeded once, so that a process started while Elasticsearch was
        down never lets Elasticsearch auto-create a concrete index under the alias's name.
        """
        if self._ready:
            return
        if await self._es.indices.exists_alias(name=ALIAS):
            # Fields added since the index was made (idempotent; existing fields are left alone).
            added = (
                "annotations",
                "suggested_label",
                "suggestion_confidence",
                "uncertainty",
                "suggestion_version",
                "labelled_at",
                "span_texts",
                "span_marks",
                "gold_answer",
            )
            await self._es.indices.put_mapping(
                index=ALIAS,
                properties={name: MAPPINGS["properties"][name] for name in added},
                dynamic_templates=MAPPINGS["dynamic_templates"],
            )
            # a changed replica count reaches the existing index (a dynamic setting)
            await self._es.indices.put_settings(
                index=ALIAS, settings={"number_of_replicas": self._settings["number_of_replicas"]}
            )
            self._ready = True
            return
        name = f"{ALIAS}-1"
        try:
            await self._es.indices.create(
                index=name, mappings=MAPPINGS, settings=self._settings, aliases={ALIAS: {"is_write_index": True}}
            )
        except Exception as exc:  # another replica created it first
            if "resource_already_exists_exception" not in str(exc):
                raise
        self._ready = True

    async def index(self, items: Sequence[Item], index: str = ALIAS) -> list[str]:
        """Index `items` at their revision (an older revision never overwrites a newer one).

        Returns the ids that could not be indexed (the caller puts them in the backlog); raises nothing for
        per-item failures, and lets connection errors propagate.
        """
        if not items:
            return []
        await self.ensure_index()
        failed: list[str] = []
        actions = (
            {
                "_index": index,
                "_id": item.id,
                "_version": item.revision,
                "_version_type": "external_gte",  # equal: the same revision again (e.g. after a delete)
                "_source": index_document(item),
            }
            for item in items
        )
        async for ok, result in async_streaming_bulk(
            self._es, actions, chunk_size=2000, raise_on_error=False, raise_on_exception=True, max_retries=2
        ):
            if not ok:
                info = result.get("index", {})
                if info.get("status") != 409:  # 409: the index already has this or a newer revision
                    failed.append(str(info.get("_id")))
        return failed

    async def refresh(self) -> None:
        await self._es.indices.refresh(index=ALIAS)

    async def search(
        self,
        dataset_id: str,
        item_filter: ItemFilter,
        sort: ItemSort,
        first: int,
        after: str | None,
        with_facets: bool = True,
        viewer: str | None = None,
    ) -> SearchPage:
        """One page of matching items with highlights, the exact total, and facet counts over all matches
        (with `viewer`: also how many matches the viewer labelled, for blind mode's facets)."""
        body: dict[str, Any] = {
            "query": filter_query(dataset_id, item_filter),
            "sort": SORTS[sort],
            "size": first + 1,
            "track_total_hits": True,
            "_source": {"excludes": ["metadata_kv"]},
            "highlight": {
                "fields": {"text": {"fragment_size": 160, "number_of_fragments": 3}},
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "encoder": "html",
            },
        }
        if after:
            body["search_after"] = decode_cursor(after)
        edges: dict[str, list[float]] = {}
        if with_facets:
            edges = await self._range_edges(dataset_id)
            must, clauses = base_clauses(dataset_id, item_filter)
            body["query"] = {"bool": {"must": must, "filter": clauses}}
            post_filter, body["aggs"] = facet_aggregations(item_filter, edges, viewer)
            if post_filter is not None:
                body["post_filter"] = post_filter
        try:
            response = await self._es.search(index=ALIAS, body=body)
        except BadRequestError as exc:  # search_after values of another sort, or of the wrong types
            if after:
                raise InvalidCursor("the cursor does not fit this search") from exc
            raise
        raw_hits = response["hits"]["hits"]
        hits = tuple(self._hit(h) for h in raw_hits[:first])
        facets = facets_from(response["aggregations"], edges, viewer) if with_facets else Facets()
        return SearchPage(
            hits=hits,
            total=response["hits"]["total"]["value"],
            has_next_page=len(raw_hits) > first,
            facets=facets,
        )

    async def _range_edges(self, dataset_id: str) -> dict[str, list[float]]:
        """Range edges of each numeric metadata key the dataset's items have (from its minimum and maximum)."""
        # read each time (a small answer): a key imported a moment ago must not show as one row per value
        mapping = await self._es.indices.get_mapping(
            index=ALIAS, filter_path="*.mappings.properties.metadata.properties.*.type"
        )
        keys = numeric_keys(dict(mapping))
        if not keys:
            return {}
        response = await self._es.search(
            index=ALIAS,
            size=0,
            query={"term": {"dataset_id": dataset_id}},
            aggs={f"k{i}": {"stats": {"field": f"metadata.{key}"}} for i, key in enumerate(keys)},
        )
        stats = response["aggregations"]
        return {
            key: range_edges(stats[f"k{i}"]["min"], stats[f"k{i}"]["max"])
            for i, key in enumerate(keys)
            if stats[f"k{i}"]["count"]
        }

    @staticmethod
    def _hit(hit: dict[str, Any]) -> SearchHit:
        source = hit["_source"]
        return SearchHit(
            item_id=hit["_id"],
            external_id=source["external_id"],
            text=source.get("text"),
            features=source.get("features"),
            metadata=source.get("metadata") or {},
            status=ItemStatus(source["status"]),
            gold_label=source.get("gold_label"),
            labels=tuple(source.get("labels") or ()),
            annotators=tuple(source.get("annotators") or ()),
            created_at=datetime.fromisoformat(source["created_at"]),
            highlights=tuple(hit.get("highlight", {}).get("text", ())),
            score=hit.get("_score"),
            cursor=encode_cursor(hit["sort"]),
            annotations=tuple((a["annotator"], a["label"]) for a in source.get("annotations") or ()),
        )

    async def queue_candidates(
        self, dataset_id: str, annotator: str, strategy: str, size: int, exclude: list[str], order: QueueOrder
    ) -> list[str]:
        """Ids of items that may need the annotator, in queue order (the caller checks each in MongoDB)."""
        query, sort = queue_search(dataset_id, annotator, strategy, order, exclude)
        response = await self._es.search(index=ALIAS, query=query, sort=sort, size=size, source=False)
        return [h["_id"] for h in response["hits"]["hits"]]

    async def annotated(self, dataset_id: str, with_text: bool = False) -> AsyncIterator[list[dict[str, Any]]]:
        """Pages of {annotations, gold_label, gold_answer} of the dataset's annotated items, for agreement figures
        (with `with_text`, their text too: token-level agreement of spans)."""
        query = {
            "bool": {"filter": [{"term": {"dataset_id": dataset_id}}, {"range": {"annotation_count": {"gte": 1}}}]}
        }
        async for page in self._pages(
            query, 5000, fields=["annotations", "gold_label", "gold_answer", *(["text"] if with_text else [])]
        ):
            yield [h["_source"] for h in page]

    async def count(self, dataset_id: str, item_filter: ItemFilter | None = None) -> int:
        response = await self._es.count(index=ALIAS, query=filter_query(dataset_id, item_filter or ItemFilter()))
        return int(response["count"])

    async def ids(self, dataset_id: str, item_filter: ItemFilter, page_size: int = 10_000) -> AsyncIterator[list[str]]:
        """Pages of the matching item ids, through a point in time (stable while writes go on)."""
        async for page in self._pages(filter_query(dataset_id, item_filter), page_size, fields=False):
            yield [h["_id"] for h in page]

    async def count_labelled(self, dataset_id: str, item_filter: ItemFilter) -> int:
        """How many matching items have a label (an annotation or a gold label): a training set's size."""
        response = await self._es.count(index=ALIAS, query=labelled_query(dataset_id, item_filter))
        return int(response["count"])

    async def count_labelled_since(self, dataset_id: str, since: datetime) -> int:
        await self.ensure_index()
        response = await self._es.count(index=ALIAS, query=labelled_since_query(dataset_id, since))
        return int(response["count"])

    async def labelled_ids(self, dataset_id: str, item_filter: ItemFilter) -> AsyncIterator[list[str]]:
        async for page in self._pages(labelled_query(dataset_id, item_filter), 10_000, fields=False):
            yield [h["_id"] for h in page]

    async def open_point_in_time(self) -> str:
        pit = await self._es.open_point_in_time(index=ALIAS, keep_alive="2m")
        return str(pit["id"])

    async def close_point_in_time(self, pit_id: str) -> None:
        await self._es.close_point_in_time(id=pit_id)

    async def ids_after(
        self, dataset_id: str, item_filter: ItemFilter, pit_id: str, search_after: list[Any] | None, size: int
    ) -> tuple[list[str], str, list[Any] | None]:
        """One page of ids in a point in time: (ids, the possibly renewed pit id, the last sort values)."""
        body: dict[str, Any] = {
            "query": filter_query(dataset_id, item_filter),
            "size": size,
            "sort": [{"_shard_doc": "asc"}],
            "pit": {"id": pit_id, "keep_alive": "2m"},
            "_source": False,
            "track_total_hits": False,
        }
        if search_after is not None:
            body["search_after"] = search_after
        try:
            response = await self._es.search(body=body)
        except (BadRequestError, NotFoundError) as exc:  # a forged or expired point in time, or forged values
            if search_after is not None:
                raise InvalidCursor("the cursor is not valid (or its point in time expired)") from exc
            raise
        hits = response["hits"]["hits"]
        return [h["_id"] for h in hits], response.get("pit_id", pit_id), hits[-1]["sort"] if hits else None

    async def versions(self, dataset_id: str | None) -> AsyncIterator[list[tuple[str, int]]]:
        """Pages of (id, indexed revision) of every indexed item (of one dataset), for the reconciler."""
        query = {"term": {"dataset_id": dataset_id}} if dataset_id else {"match_all": {}}
        async for page in self._pages(query, 10_000, fields=False, version=True):
            yield [(h["_id"], int(h["_version"])) for h in page]

    async def _pages(
        self, query: dict[str, Any], page_size: int, fields: bool | list[str], version: bool = False
    ) -> AsyncIterator[list[dict[str, Any]]]:
        pit = await self._es.open_point_in_time(index=ALIAS, keep_alive="2m")
        pit_id = pit["id"]
        search_after: list[Any] | None = None
        try:
            while True:
                body: dict[str, Any] = {
                    "query": query,
                    "size": page_size,
                    "sort": [{"_shard_doc": "asc"}],
                    "pit": {"id": pit_id, "keep_alive": "2m"},
                    "_source": fields,
                    "version": version,
                    "track_total_hits": False,
                }
                if search_after is not None:
                    body["search_after"] = search_after
                response = await self._es.search(body=body)
                pit_id = response.get("pit_id", pit_id)
                hits = response["hits"]["hits"]
                if not hits:
                    return
                yield hits
                search_after = hits[-1]["sort"]
        finally:
            await self._es.close_point_in_time(id=pit_id)

    async def delete(self, item_ids: Sequence[str]) -> None:
        """Remove documents that have no item in MongoDB any more."""
        for item_id in item_ids:
            with contextlib.suppress(NotFoundError):
                await self._es.delete(index=ALIAS, id=item_id)

    # ---- full reindex into a new index, then an atomic alias swap

    async def create_next_index(self) -> tuple[str, list[str]]:
        """A new empty index for a full reindex, and the indices the alias points to now."""
        if not await self._es.indices.exists_alias(name=ALIAS):
            if await self._es.indices.exists(index=ALIAS):
                # auto-created by a write while the alias was missing (its data lost): rebuilt from MongoDB now
                await self._es.indices.delete(index=ALIAS)
            current: list[str] = []
        else:
            current = list((await self._es.indices.get_alias(name=ALIAS)).keys())
        # Numbered after every index of the family, including one a failed reindex may have left behind.
        family = (await self._es.indices.get(index=f"{ALIAS}-*")).keys()
        numbers = [int(n.rsplit("-", 1)[1]) for n in family if n.rsplit("-", 1)[1].isdigit()]
        name = f"{ALIAS}-{max(numbers, default=0) + 1}"
        await self._es.indices.create(
            index=name, mappings=MAPPINGS, settings={**self._settings, "refresh_interval": "-1"}
        )
        return name, current

    async def swap_alias(self, new_index: str, old_indices: list[str]) -> None:
        """Point the alias at `new_index` in one atomic step, then drop the old indices."""
        await self._es.indices.put_settings(
            index=new_index, settings={"refresh_interval": SETTINGS["refresh_interval"]}
        )
        await self._es.indices.refresh(index=new_index)
        actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": ALIAS}} for name in old_indices]
        actions.append({"add": {"index": new_index, "alias": ALIAS, "is_write_index": True}})
        await self._es.indices.update_aliases(actions=actions)
        leftovers = [n for n in await self._es.indices.get(index=f"{ALIAS}-*") if n != new_index]
        for name in sorted(set(old_indices) | set(leftovers)):
            await self._es.indices.delete(index=name)
