"""Blind mode without leaks (issue 15): a sentinel label, given only by another annotator and as a gold label,
appears nowhere a USER of the blind dataset can look: every Query field and subscription a USER may call, with
every filter, and the export."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
    is_required_argument,
)
from websockets.asyncio.client import connect

from backend.api.schema import schema
from tests.api import create_user, error_code, login, post
from tests.data import import_file, jsonl, wait_for_job
from tests.stack import BASE_URL, HTTP_PORT

SENTINEL = f"sentinel{uuid.uuid4().hex[:8]}"
USER_PERMISSIONS = {"use_account", "view_data", "annotate", "view_models", "predict"}
# The label schema names every label, the sentinel included: that is the dataset's definition, not anyone's use.
DEFINITION_FIELDS = {("Dataset", "labels")}
ANNOTATE = """
mutation($i: ID!, $l: String!, $n: String) {
  annotateItem(itemId: $i, label: $l, note: $n) { __typename ... on Error { message } }
}
"""
GOLD = 'mutation($i: ID!, $l: String!) { setGoldLabel(itemId: $i, label: $l, comment: "gold") { __typename } }'
CREATE_BLIND = """
mutation($n: String!, $labels: [LabelInput!]!) {
  createDataset(input: {name: $n, kind: TEXT, labels: $labels, settings: {overlapTarget: 3, blind: true}}) {
    ... on DatasetSuccess { dataset { id } }
  }
}
"""
EXPORT = "mutation($d: ID!) { exportItems(datasetId: $d) { __typename ... on JobSuccess { job { id } } } }"


# ---- the world: a blind dataset, another annotator's sentinel labels, a sentinel gold label


@pytest.fixture(scope="module")
def world() -> dict[str, Any]:
    return _build_world()


def _build_world() -> dict[str, Any]:
    admin = login("admin", "admin")
    dataset = post(
        CREATE_BLIND,
        {"n": f"blind {uuid.uuid4().hex[:8]}", "labels": [{"name": n} for n in ("pos", "neg", SENTINEL)]},
        admin,
    )["data"]["createDataset"]["dataset"]["id"]
    rows = [{"id": f"b{n}", "text": f"blind item number {n}"} for n in range(6)]
    import_file(admin, dataset, jsonl(rows), "blind.jsonl")
    other = create_user(admin)
    other_token = login(other["username"], other["password"])
    viewer = create_user(admin)
    token = login(viewer["username"], viewer["password"])
    for item, annotator, label in (
        ("b0", other_token, SENTINEL),
        ("b1", other_token, SENTINEL),
        ("b1", token, "pos"),
        ("b3", token, "neg"),
        ("b3", other_token, "neg"),
    ):
        result = post(ANNOTATE, {"i": f"{dataset}:{item}", "l": label, "n": f"note {label}"}, annotator)
        assert result["data"]["annotateItem"]["__typename"] == "ItemSuccess", result
    assert post(GOLD, {"i": f"{dataset}:b2", "l": SENTINEL}, admin)["data"]["setGoldLabel"]["__typename"] == (
        "ItemSuccess"
    )
    admin_export = post(EXPORT, {"d": dataset}, admin)["data"]["exportItems"]["job"]["id"]
    assert wait_for_job(admin, admin_export)["state"] == "SUCCEEDED"
    time.sleep(1.2)  # the index refreshes every second
    return {
        "dataset": dataset,
        "token": token,
        "viewer": viewer["username"],
        "other": other["username"],
        "other_token": other_token,
        "admin": admin,
        "admin_export": admin_export,
        "items": [f"{dataset}:b{n}" for n in range(6)],
    }


# ---- every field a USER may call, with a full selection set built from the schema


def _unwrap(graphql_type: Any) -> Any:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


def _selection(graphql_type: Any, depth: int) -> str:
    """Every field without required arguments, down to `depth` levels; unions and interfaces by fragments."""
    named = get_named_type(graphql_type)
    if isinstance(named, GraphQLUnionType):
        parts = [f"... on {t.name} {_selection(t, depth)}" for t in named.types]
        return "{ __typename " + " ".join(parts) + " }"
    if isinstance(named, GraphQLInterfaceType):
        named = schema._schema.get_possible_types(named)[0]  # type: ignore[attr-defined]
    if not isinstance(named, GraphQLObjectType):
        return ""
    fields = []
    for name, field in named.fields.items():
        if (named.name, name) in DEFINITION_FIELDS or any(is_required_argument(a) for a in field.args.values()):
            continue
        inner = _unwrap(field.type)
        if isinstance(inner, GraphQLObjectType | GraphQLUnionType | GraphQLInterfaceType):
            if depth <= 1:
                continue
            fields.append(f"{name} {_selection(inner, depth - 1)}")
        else:
            fields.append(name)
    return "{ __typename " + " ".join(fields) + " }"


def _root_fields(type_name: str) -> dict[str, GraphQLField]:
    root = schema._schema.get_type(type_name)
    assert isinstance(root, GraphQLObjectType)
    return dict(root.fields)


def _user_may_call(field: GraphQLField) -> bool:
    description = field.description or ""
    return "Public: needs no token." in description or any(
        f"Requires permission `{p}`" in description for p in USER_PERMISSIONS
    )


def _document(kind: str, name: str, arguments: dict[str, Any], depth: int = 4) -> tuple[str, dict[str, Any]]:
    field = _root_fields("Query" if kind == "query" else "Subscription")[name]
    declared = ", ".join(f"${a}: {field.args[a].type}" for a in arguments)
    passed = ", ".join(f"{a}: ${a}" for a in arguments)
    header = f"{kind}({declared})" if declared else kind
    call = f"{name}({passed})" if passed else name
    selection = _selection(field.type, depth)
    return f"{header} {{ {call} {selection} }}", arguments


def _query_calls(world: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each Query field a USER may call, with every argument set worth trying (filters of search and itemIds)."""
    dataset = world["dataset"]
    filters: list[dict[str, Any] | None] = [
        None,
        {"labels": [SENTINEL]},
        {"goldLabels": [SENTINEL]},
        {"annotators": [world["other"]]},
        {"hasGoldLabel": True},
        {"hasGoldLabel": False},
        {"text": SENTINEL},
        *({"statuses": [s]} for s in ("UNLABELED", "IN_PROGRESS", "AGREED", "CONFLICT", "REVIEWED")),
    ]
    return {
        "health": [{}],
        "viewer": [{}],
        "datasets": [{}],
        "dataset": [{"id": dataset}],
        "item": [{"id": i} for i in world["items"]],
        "search": [{"datasetId": dataset, "filter": f} for f in filters]
        + [{"datasetId": dataset, "query": SENTINEL}, {"datasetId": dataset, "query": "blind"}],
        "itemIds": [{"datasetId": dataset, "filter": f} for f in filters],
        "nextItem": [
            {"datasetId": dataset, "strategy": s} for s in ("UNLABELED_FIRST", "LEAST_ANNOTATED", "UNCERTAINTY")
        ],
        "agreement": [{"datasetId": dataset}],
        "job": [{"id": world["admin_export"]}],
        "jobs": [{}, {"datasetId": dataset}],
        "modelTypes": [{}],
        "trainingRun": [{"id": "run_none"}],
        "trainingRuns": [{"datasetId": dataset}],
        "compareTrainingRuns": [{"ids": []}],
        "registeredModels": [{}],
        "modelVersion": [{"name": dataset, "version": "1"}],
        "promotionHistory": [{"name": dataset}],
        "predict": [{"model": dataset, "inputs": ["blind item"]}],
        "maxPredictBatch": [{}],
        "servedModels": [{}],
        "modelMonitoring": [{"name": dataset}],
        "feedbackLoop": [{"model": dataset}],
        "trainingSets": [{"datasetId": dataset}],
        "trainingSet": [{"id": "ts_none"}],
        "automation": [{"model": dataset}],
        "modelAliasHistory": [{"name": dataset}],
        "shadowTraffic": [{"model": dataset}],
        "challengerComparison": [{"name": dataset}],
        "evaluationSet": [{"datasetId": dataset}],
        "promotionProposals": [{"name": dataset}],
        "promotionGate": [{"name": dataset}],
    }


def _assert_no_sentinel(body: object, where: str) -> None:
    text = json.dumps(body)
    assert SENTINEL not in text, f"the sentinel leaked through {where}: {text}"


def test_the_calls_cover_every_query_field_a_user_may_call(world: dict[str, Any]) -> None:
    # given
    callable_by_user = {name for name, field in _root_fields("Query").items() if _user_may_call(field)}
    # then
    assert set(_query_calls(world)) == callable_by_user


def test_no_query_field_shows_the_sentinel_to_a_blind_annotator(world: dict[str, Any]) -> None:
    # given
    bodies = []
    # when
    for name, argument_sets in _query_calls(world).items():
        for arguments in argument_sets:
            document, variables = _document("query", name, arguments)
            body = post(document, variables, world["token"])
            assert "errors" not in body or name in ("job",), (name, arguments, body)
            bodies.append((name, arguments, body))
    # then
    for name, arguments, body in bodies:
        _assert_no_sentinel(body, f"{name}({arguments})")


def test_the_viewers_own_labels_are_still_shown(world: dict[str, Any]) -> None:
    # when
    document, variables = _document("query", "item", {"id": world["items"][1]})
    item = post(document, variables, world["token"])["data"]["item"]
    # then
    assert [(a["annotator"], a["label"]) for a in item["annotations"]] == [(world["viewer"], "pos")]
    assert item["status"] == "IN_PROGRESS"
    assert item["agreement"] is None
    assert item["goldLabel"] is None
    assert item["suggestion"] is None


REFUSED_FILTERS = [
    {"labels": ["pos"]},
    {"goldLabels": ["pos"]},
    {"annotators": ["anyone"]},
    {"hasGoldLabel": True},
    {"statuses": ["AGREED"]},
    {"statuses": ["CONFLICT"]},
    {"statuses": ["REVIEWED"]},
    {"spanTexts": ["blind"]},
    {"spanMarks": [{"label": "pos", "text": "blind"}]},
]


@pytest.mark.parametrize("item_filter", REFUSED_FILTERS, ids=lambda f: json.dumps(f))
@pytest.mark.parametrize("field", ["search", "itemIds"])
def test_filters_on_others_work_are_refused_on_every_path(world: dict[str, Any], field: str, item_filter: dict) -> None:
    # when
    body = post(
        f"query($d: ID!, $f: ItemFilter) {{ {field}(datasetId: $d, filter: $f) {{ __typename "
        "... on ValidationError { fieldErrors { field code } } } }",
        {"d": world["dataset"], "f": item_filter},
        world["token"],
    )
    # then
    result = body["data"][field]
    assert result == {"__typename": "ValidationError", "fieldErrors": [{"field": "filter", "code": "blind"}]}


@pytest.mark.parametrize(
    ("status", "expected"), [("IN_PROGRESS", ["b1", "b3"]), ("UNLABELED", ["b0", "b2", "b4", "b5"])]
)
def test_the_status_filter_means_the_viewers_own_work(world: dict[str, Any], status: str, expected: list[str]) -> None:
    # when
    body = post(
        "query($d: ID!, $f: ItemFilter) { itemIds(datasetId: $d, filter: $f) { ... on ItemIdConnection { nodes } } "
        "search(datasetId: $d, filter: $f, sort: EXTERNAL_ID) { ... on SearchResults { nodes { externalId status } "
        "facets { statuses { value count } } } } }",
        {"d": world["dataset"], "f": {"statuses": [status]}},
        world["token"],
    )
    # then
    assert sorted(i.rsplit(":", 1)[1] for i in body["data"]["itemIds"]["nodes"]) == expected
    hits = body["data"]["search"]["nodes"]
    assert [(h["externalId"], h["status"]) for h in hits] == [(e, status) for e in expected]
    assert body["data"]["search"]["facets"]["statuses"] == [{"value": status, "count": len(expected)}]


def test_the_status_facets_count_the_viewers_own_work(world: dict[str, Any]) -> None:
    # when
    body = post(
        "query($d: ID!) { search(datasetId: $d) { ... on SearchResults { facets { statuses { value count } "
        "labels { value count } goldLabels { value } annotators { value } } } } }",
        {"d": world["dataset"]},
        world["token"],
    )
    # then
    facets = body["data"]["search"]["facets"]
    assert sorted((f["value"], f["count"]) for f in facets["statuses"]) == [("IN_PROGRESS", 2), ("UNLABELED", 4)]
    assert (facets["labels"], facets["goldLabels"], facets["annotators"]) == ([], [], [])


def test_agreement_shows_only_the_viewers_own_count(world: dict[str, Any]) -> None:
    # when
    body = post(
        "query($d: ID!) { agreement(datasetId: $d) { ... on Agreement { itemsLabelled itemsCompared "
        "percentAgreement fleissKappa cohenKappa pairs { first } annotators { annotator labels "
        "agreementWithConsensus agreementWithGold } } } }",
        {"d": world["dataset"]},
        world["token"],
    )
    # then
    assert body["data"]["agreement"] == {
        "itemsLabelled": 2,
        "itemsCompared": 0,
        "percentAgreement": None,
        "fleissKappa": None,
        "cohenKappa": None,
        "pairs": [],
        "annotators": [
            {"annotator": world["viewer"], "labels": 2, "agreementWithConsensus": None, "agreementWithGold": None}
        ],
    }


def test_export_is_for_admins_and_their_files_are_not_readable_by_a_user(world: dict[str, Any]) -> None:
    # when
    refused = post(EXPORT, {"d": world["dataset"]}, world["token"])
    download = httpx.get(
        f"{BASE_URL}/exports/{world['admin_export']}", headers={"Authorization": f"Bearer {world['token']}"}
    )
    jobs = post("query { jobs { totalCount } }", {}, world["token"])
    # then
    assert error_code(refused) == "FORBIDDEN"
    assert refused["data"] is None
    assert jobs["data"]["jobs"]["totalCount"] == 0  # no export job was made for the USER
    assert download.status_code == 403
    assert download.json() == {"error": "exports are for administrators (permission 'manage_datasets')"}
    _assert_no_sentinel(download.text, "GET /exports")
    admin_file = httpx.get(
        f"{BASE_URL}/exports/{world['admin_export']}", headers={"Authorization": f"Bearer {world['admin']}"}
    )
    assert SENTINEL in admin_file.text  # the sentinel is there to be found


def test_the_annotation_result_shows_only_the_viewers_label(world: dict[str, Any]) -> None:
    # when: the viewer labels an item the other annotator labelled with the sentinel
    body = post(
        'mutation($i: ID!) { annotateItem(itemId: $i, label: "neg") { __typename ... on ItemSuccess { item '
        + _selection(_root_fields("Query")["item"].type, 3)
        + " } } }",
        {"i": world["items"][0]},
        world["token"],
    )
    # then
    assert body["data"]["annotateItem"]["__typename"] == "ItemSuccess", body
    _assert_no_sentinel(body, "annotateItem")
    post("mutation($i: ID!) { deleteAnnotation(itemId: $i) { __typename } }", {"i": world["items"][0]}, world["token"])


async def _collect(token: str, document: str, variables: dict[str, Any], seconds: float) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    async with connect(f"ws://127.0.0.1:{HTTP_PORT}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps({"id": "s", "type": "subscribe", "payload": {"query": document, "variables": variables}})
        )
        deadline = time.monotonic() + seconds
        try:
            while (left := deadline - time.monotonic()) > 0:
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=left))
                messages.append(message)
                if message["type"] in ("complete", "error"):
                    break
        except TimeoutError:
            pass
    return messages


async def test_no_subscription_shows_the_sentinel_to_a_blind_annotator(world: dict[str, Any]) -> None:
    # given: every subscription a USER may call
    fields = {name for name, field in _root_fields("Subscription").items() if _user_may_call(field)}
    assert fields == {"jobProgress", "jobEvents", "datasetActivity", "trainingRun"}
    activity, variables = _document("subscription", "datasetActivity", {"datasetId": world["dataset"]})
    # when: the other annotator labels with the sentinel while the viewer follows the activity
    following = asyncio.create_task(_collect(world["token"], activity, variables, 4.0))
    await asyncio.sleep(1.5)
    labelled = await asyncio.to_thread(
        post, ANNOTATE, {"i": world["items"][4], "l": SENTINEL, "n": None}, world["other_token"]
    )
    assert labelled["data"]["annotateItem"]["__typename"] == "ItemSuccess"
    snapshots = await following
    others = [
        await _collect(world["token"], *_document("subscription", "jobProgress", {"id": world["admin_export"]}), 2.0),
        await _collect(world["token"], *_document("subscription", "trainingRun", {"id": "run_none"}), 2.0),
        await _collect(world["token"], *_document("subscription", "jobEvents", {"id": world["admin_export"]}), 2.0),
    ]
    # then
    assert [m["type"] for m in snapshots][:1] == ["next"]
    activity_data = [m["payload"]["data"]["datasetActivity"] for m in snapshots if m["type"] == "next"]
    assert all(s["percentAgreement"] is None for s in activity_data)
    assert {tuple(sorted(s["status"] for s in a["statuses"])) for a in activity_data} <= {
        ("IN_PROGRESS", "UNLABELED"),
        ("UNLABELED",),
        ("IN_PROGRESS",),
    }
    assert all(n["annotator"] == world["viewer"] for a in activity_data for n in a["recent"])
    for messages in (snapshots, *others):
        _assert_no_sentinel(messages, "a subscription")


# Fields whose answers may change when others label, by design: time stamps and revisions of items, relevance
# scores, and the cursors that hold them. A hit's createdAt is there too: the index keeps an import's microseconds
# until another write re-indexes the item from MongoDB, which stores milliseconds (the same instant).
VOLATILE = {"revision", "updatedAt", "createdAt", "score", "cursor", "endCursor", "nextCursor", "perHour"}


def _ids(key: str, value: Any) -> bool:
    return key == "nodes" and isinstance(value, list) and all(isinstance(v, str) for v in value)


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        # itemIds come in index order, which any write changes (like updatedAt): compare them as a set
        return {k: sorted(v) if _ids(k, v) else _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _differences(old: Any, new: Any, path: str) -> list[str]:
    """Where two answers differ, as paths with both values."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [d for k in sorted(set(old) | set(new)) for d in _differences(old.get(k), new.get(k), f"{path}.{k}")]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (a, b) in enumerate(zip(old, new, strict=True)) for d in _differences(a, b, f"{path}[{i}]")]
    return [] if old == new else [f"{path}: {old!r} -> {new!r}"]


def _answers(world: dict[str, Any]) -> list[tuple[str, dict[str, Any], Any]]:
    answers = []
    for name in ("item", "search", "itemIds", "agreement", "dataset"):
        for arguments in _query_calls(world)[name]:
            document, variables = _document("query", name, arguments)
            answers.append((name, arguments, _stable(post(document, variables, world["token"]))))
    return answers


def test_nothing_a_blind_annotator_reads_changes_when_others_change_their_labels() -> None:
    # given: the answers to every read of items, with every filter, before others change their labels
    world = _build_world()
    before = _answers(world)
    # when: the other annotator turns an agreement into a conflict and drops a label, and the gold label goes
    other, admin = world["other_token"], world["admin"]
    assert post(ANNOTATE, {"i": world["items"][3], "l": "pos", "n": None}, other)["data"]["annotateItem"]
    post("mutation($i: ID!) { deleteAnnotation(itemId: $i) { __typename } }", {"i": world["items"][0]}, other)
    post("mutation($i: ID!) { setGoldLabel(itemId: $i, label: null) { __typename } }", {"i": world["items"][2]}, admin)
    post(GOLD, {"i": world["items"][5], "l": "neg"}, admin)
    time.sleep(1.2)  # the index refreshes every second
    after = _answers(world)
    # then: the same answers (ids, statuses, counts, facets), field by field
    assert len(after) == len(before)
    changed = [
        f"{name}({arguments}): {_differences(old, new, '')}"
        for (name, arguments, old), (_, _, new) in zip(before, after, strict=True)
        if new != old
    ]
    assert changed == []
