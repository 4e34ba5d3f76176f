"""Search results as one iterator over every page (the cursors stay inside), and filters in Python spelling."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from labelloop_client._session import Session, union_result
from labelloop_client.types import SearchHit

PAGE_SIZE = 100  # the API's largest page


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_graphql_input(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """An input object (ItemFilter, ValidationInput) from a dict whose keys may be snake_case (`has_gold_label`)
    or as in the schema (`hasGoldLabel`)."""
    if value is None:
        return None
    converted: dict[str, Any] = {}
    for key, item in value.items():
        name = _camel(key) if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", key) else key
        converted[name] = to_graphql_input(item) if isinstance(item, Mapping) else item
    return converted


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", lambda m: "_" + m.group(1).lower(), name)


class Facets(dict[str, Any]):
    """Facet counts by snake_case name, as the filter's keys (`gold_labels`); the schema's camelCase names
    (`goldLabels`) are read too."""

    def __missing__(self, key: str) -> Any:
        snake = _snake(key)
        if snake != key and snake in self:
            return self[snake]
        raise KeyError(key)


def facets_of(raw: Mapping[str, Any]) -> Facets:
    """{"statuses": {value: count}, "labels", "gold_labels", "annotators", "span_texts", "metadata": {key: {value:
    count}}, "metadata_ranges": {key: {(min, max): count}}, "span_marks": {(label, text): count}} from the API's
    facets."""
    facets = Facets()
    for name, counts in raw.items():
        if name == "metadata":
            facets["metadata"] = {m["key"]: {v["value"]: v["count"] for v in m["values"]} for m in counts}
        elif name == "metadataRanges":
            facets["metadata_ranges"] = {
                m["key"]: {(b["min"], b["max"]): b["count"] for b in m["buckets"]} for m in counts
            }
        elif name == "spanMarks":  # SPANS datasets: a marked text under its label
            facets["span_marks"] = {(f["label"], f["text"]): f["count"] for f in counts}
        else:
            facets[_snake(name)] = {f["value"]: f["count"] for f in counts}
    return facets


class SearchResults:
    """Every hit of a search, fetched page by page as you iterate (`for hit in results`).

    `total` and `facets` come from the first page; `to_pandas()` reads every page into a DataFrame."""

    def __init__(
        self,
        session: Session,
        dataset: str,
        query: str | None,
        item_filter: Mapping[str, Any] | None,
        sort: str | None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self._session = session
        self._variables: dict[str, Any] = {
            "datasetId": dataset,
            "query": query,
            "filter": to_graphql_input(item_filter),
            "sort": sort or ("RELEVANCE" if query else "EXTERNAL_ID"),
            "first": page_size,
        }
        self._first_page: dict[str, Any] | None = None

    def _page(self, after: str | None) -> dict[str, Any]:
        variables = {**self._variables, "after": after, "withFacets": after is None}
        page = union_result(self._session.execute("Search", variables)["search"], "SearchResults")
        if after is None:
            self._first_page = page
        return page

    def _first(self) -> dict[str, Any]:
        return self._first_page if self._first_page is not None else self._page(None)

    @property
    def total(self) -> int:
        """How many items match in all."""
        return int(self._first()["totalCount"])

    @property
    def facets(self) -> Facets:
        """Counts over every match, named as the filter's keys: {"statuses": {value: count}, "labels": …,
        "gold_labels": …, "annotators": …, "metadata": {key: {value: count}}, "metadata_ranges": {key: {(min, max):
        count}}} (docs/client.md). Each facet counts without its own condition, so every value stays listed."""
        return facets_of(self._first().get("facets") or {})

    def pages(self) -> Iterator[list[SearchHit]]:
        """The hits, one page at a time."""
        page = self._first()
        while True:
            yield [SearchHit.model_validate(hit) for hit in page["nodes"]]
            info = page["pageInfo"]
            if not info["hasNextPage"] or not info["endCursor"]:
                return
            page = self._page(info["endCursor"])

    def __iter__(self) -> Iterator[SearchHit]:
        for page in self.pages():
            yield from page

    def to_pandas(self, limit: int | None = None) -> Any:
        """The hits (at most `limit`) as a DataFrame: item_id, external_id, text or one column per feature,
        status, gold_label, labels, score, highlights, metadata, created_at."""
        import pandas as pd

        records: list[dict[str, Any]] = []
        for hit in self:
            if limit is not None and len(records) >= limit:
                break
            records.append(hit.to_record())
        return pd.DataFrame(records)

    def __repr__(self) -> str:
        dataset, query = self._variables["datasetId"], self._variables["query"]
        return f"<SearchResults {dataset!r} query={query!r}: {self.total} items>"
