"""Large search pages: the executor that completes plain objects in one pass (backend/graphql/execution.py) and the
facets left out when the page does not ask for them give the SPA's `Search` document the same bytes as graphql-core's
own executor, for every viewer, and a blind annotator still sees only their own work."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from strawberry.http import process_result
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from backend.api.schema import build_schema
from backend.container import Services
from backend.graphql.context import Context
from backend.settings import Settings
from tests.annotators import ANNOTATE
from tests.api import create_user, login, post
from tests.data import CREATE_DATASET, create_dataset, import_file, jsonl
from tests.round_trips import REPLICA_URL
from tests.spa_documents import spa_operation
from tests.stack import ES_URL, MLFLOW_PORT, MONGO_DB, MONGO_URI, REDIS_URL, jwt_secret, wait_for

SEARCH = spa_operation("Search")
ROWS = [
    {
        "id": "a1",
        "text": "An apple <b>a day</b> & the doctor's away",
        "label": "pos",
        "metadata": {"source": "web", "stars": 4, "verified": True, "ratio": 0.25},
        "annotations": [
            {"annotator": "ann-one", "label": "pos", "updated_at": "2026-01-02T03:04:05Z"},
            {"annotator": "ann-two", "label": "neg", "updated_at": "2026-01-02T03:04:06Z"},
        ],
    },
    {
        "id": "a2",
        "text": "Apple pie, apple tart and apple juice",
        "metadata": {"source": "book", "stars": 2},
        "annotations": [{"annotator": "ann-one", "label": "neg", "updated_at": "2026-01-03T00:00:00Z"}],
    },
    {"id": "a3", "text": "Nothing about fruit at all — ünïcödé", "label": "neutral"},
    {"id": "a4", "text": "A plain item without metadata"},
    *({"id": f"z{n:02d}", "text": f"filler item {n}", "metadata": {"source": "web"}} for n in range(8)),
]


def _settings() -> Settings:
    return Settings(
        mongo_uri=MONGO_URI,
        mongo_db=MONGO_DB,
        elasticsearch_url=ES_URL,
        redis_url=REDIS_URL,
        mlflow_url=f"http://127.0.0.1:{MLFLOW_PORT}/mlflow",
        jwt_secret=jwt_secret(),
    )


def _served(token: str, variables: dict[str, Any]) -> bytes:
    """The page as an API replica serves it (straight, not through Nginx)."""
    response = httpx.post(
        f"{REPLICA_URL}/graphql",
        json={"query": SEARCH, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.content


async def _by_graphql_core(token: str, variables: dict[str, Any]) -> bytes:
    """The page from graphql-core's own executor (every field on its own) over the same services, encoded as the
    replica encodes its answers."""
    settings = _settings()
    services = Services.create(settings)
    try:
        schema = build_schema(settings)
        schema.execution_context_class = StrawberryGraphQLCoreExecutionContext
        principal = await services.auth.authenticate(token)
        context = Context(services, principal, None, "127.0.0.1", "test-large-pages")
        result = await schema.execute(SEARCH, variable_values=variables, context_value=context)
        return json.dumps(process_result(result), separators=(",", ":")).encode()
    finally:
        await services.close()


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def text_dataset(admin: str) -> str:
    dataset = create_dataset(admin)
    job = import_file(admin, dataset, jsonl(ROWS), "pages.jsonl")
    assert (job["state"], job["problemCount"]) == ("SUCCEEDED", 0), job
    return dataset


def _page(dataset: str, **variables: Any) -> dict[str, Any]:
    return {"datasetId": dataset, "sort": "EXTERNAL_ID", "first": 100, "withFacets": True, **variables}


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"sort": "RELEVANCE", "query": "apple"},
        {"filter": {"labels": ["pos"], "metadata": [{"key": "source", "values": ["web"]}]}},
        {"filter": {"labels": ["pos"], "metadata": [{"key": "source", "values": ["web"]}]}, "withFacets": False},
        {"first": 3, "withFacets": False},
        {"first": 0},
    ],
    ids=["first-page", "query", "filter-with-facets", "filter-without-facets", "small-page", "invalid-size"],
)
async def test_a_page_is_the_same_bytes_as_graphql_cores_executor(
    admin: str, text_dataset: str, extra: dict[str, Any]
) -> None:
    # given a page of hits with gold labels, annotators' labels, metadata of every kind, highlights and scores
    variables = _page(text_dataset, **extra)
    # when the replica serves it and graphql-core's own executor answers the same document
    served = _served(admin, variables)
    reference = await _by_graphql_core(admin, variables)
    # then the bytes are the same
    assert served == reference


async def test_a_next_page_without_facets_has_the_hits_of_the_page_with_them(admin: str, text_dataset: str) -> None:
    # given the cursor after the first three hits of a filtered search
    item_filter = {"metadata": [{"key": "source", "values": ["web"]}]}
    first = json.loads(_served(admin, _page(text_dataset, filter=item_filter, first=3)))["data"]["search"]
    after = first["pageInfo"]["endCursor"]
    # when the next page is asked without facets (as "Load more" does) and with them
    next_page = _page(text_dataset, filter=item_filter, first=3, after=after)
    without = json.loads(_served(admin, {**next_page, "withFacets": False}))
    with_facets = json.loads(_served(admin, next_page))
    # then the hits, the total and the page info are the same, and only the second has facets
    page = without["data"]["search"]
    assert [h["externalId"] for h in page["nodes"]] == ["z02", "z03", "z04"]
    assert page["totalCount"] == 9
    assert "facets" not in page
    assert {k: v for k, v in with_facets["data"]["search"].items() if k != "facets"} == page
    assert await _by_graphql_core(admin, next_page) == json.dumps(with_facets, separators=(",", ":")).encode()


async def test_a_tabular_page_is_the_same_bytes_as_graphql_cores_executor(admin: str) -> None:
    # given a TABULAR dataset: hits with features and no text
    dataset = create_dataset(admin, kind="TABULAR")
    rows = [{"id": f"t{n}", "a": n / 4, "b": -n, "label": "pos" if n % 2 else "neg"} for n in range(5)]
    job = import_file(admin, dataset, jsonl(rows), "tabular.jsonl")
    assert (job["state"], job["problemCount"]) == ("SUCCEEDED", 0), job
    # when the replica serves its page and graphql-core's executor answers it
    served = _served(admin, _page(dataset))
    # then the bytes are the same, features included
    assert served == await _by_graphql_core(admin, _page(dataset))
    assert json.loads(served)["data"]["search"]["nodes"][1]["features"] == [
        {"name": "a", "value": 0.25},
        {"name": "b", "value": -1.0},
    ]


async def test_a_blind_annotator_sees_only_their_own_work_on_a_large_page(admin: str) -> None:
    # given a blind dataset where others labelled items (and a reviewer set gold labels), and a USER labelled one
    created = post(
        CREATE_DATASET,
        {
            "input": {
                "name": f"blind pages {uuid.uuid4().hex[:8]}",
                "kind": "TEXT",
                "labels": [{"name": n} for n in ("pos", "neg", "neutral")],
                "settings": {"blind": True, "overlapTarget": 3},
            }
        },
        admin,
    )["data"]["createDataset"]
    assert created["__typename"] == "DatasetSuccess", created
    dataset = created["dataset"]["id"]
    job = import_file(admin, dataset, jsonl(ROWS), "blind.jsonl")
    assert job["state"] == "SUCCEEDED", job
    user = create_user(admin)
    token = login(user["username"], user["password"])
    labelled = post(ANNOTATE, {"i": f"{dataset}:a2", "l": "pos"}, token)["data"]["annotateItem"]
    assert labelled["__typename"] == "ItemSuccess", labelled
    wait_for(
        lambda: (
            json.loads(_served(admin, _page(dataset, first=2)))["data"]["search"]["nodes"][1]["labels"]
            == ["neg", "pos"]
        ),
        10,
        "the index to refresh",
    )
    # when the USER asks for the page
    served = _served(token, _page(dataset))
    # then it is graphql-core's page, and it shows only the USER's own label, no gold label, their own status
    assert served == await _by_graphql_core(token, _page(dataset))
    nodes = json.loads(served)["data"]["search"]["nodes"]
    assert [(h["externalId"], h["labels"], h["goldLabel"], h["status"]) for h in nodes[:4]] == [
        ("a1", [], None, "UNLABELED"),
        ("a2", ["pos"], None, "IN_PROGRESS"),
        ("a3", [], None, "UNLABELED"),
        ("a4", [], None, "UNLABELED"),
    ]
