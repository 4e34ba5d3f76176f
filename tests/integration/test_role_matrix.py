"""Every operation, times every kind of caller: exact outcome, and no trace left by a denied call."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
import pytest

from backend.api.schema import schema
from tests.api import (
    create_user,
    error_code,
    login,
    post,
    post_upload,
    stored_document,
    user_document,
    user_document_by_name,
)
from tests.data import create_dataset, import_file, jsonl
from tests.stack import jwt_secret

# ---- the operations, each with the permission it declares (None: public)


@dataclass(frozen=True)
class Operation:
    field: str
    document: str
    permission: str | None
    variables: Callable[[dict[str, Any]], dict[str, Any]] = lambda env: {}
    success: str | None = None  # expected __typename of the result; None: check data is present
    may_be_null: bool = False  # e.g. a job of someone else is null for a USER
    upload: bool = False  # sent as a GraphQL multipart request with a one-line JSONL file
    needs_item: bool = False  # works on an item of the caller's own dataset


OPERATIONS = [
    Operation("health", "query { health { status } }", None),
    Operation(
        "login",
        'mutation { login(username: "nobody-here", password: "wrong-password") { __typename } }',
        None,
        success="InvalidCredentialsError",
    ),
    Operation("viewer", "query { viewer { user { id } } }", "use_account"),
    Operation("users", "query { users(first: 5) { totalCount } }", "manage_users"),
    Operation(
        "user", "query($id: ID!) { user(id: $id) { username } }", "manage_users", lambda env: {"id": env["victim_id"]}
    ),
    Operation("logout", "mutation { logout { revokedBefore } }", "use_account"),
    Operation("refreshAccessToken", "mutation { refreshAccessToken { accessToken } }", "use_account"),
    Operation(
        "changeOwnPassword",
        "mutation($c: String!) { changeOwnPassword(currentPassword: $c, newPassword: 'x') { __typename } }".replace(
            "'x'", '"another-password-9"'
        ),
        "use_account",
        lambda env: {"c": env["password"]},
        success="LoginSuccess",
    ),
    Operation(
        "createApiToken",
        'mutation { createApiToken(name: "matrix") { __typename } }',
        "use_account",
        success="CreateApiTokenSuccess",
    ),
    Operation(
        "revokeApiToken",
        "mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }",
        "use_account",
        lambda env: {"id": env["own_token_id"]},
        success="RevokeApiTokenSuccess",
    ),
    Operation(
        "updateKeyboardShortcuts",
        "mutation { updateKeyboardShortcuts(shortcuts: {enabled: false}) { __typename } }",
        "use_account",
        success="UpdateKeyboardShortcutsSuccess",
    ),
    Operation(
        "createUser",
        "mutation($u: String!) { createUser(username: $u, password: 'pw-123456', role: USER) { __typename } }".replace(
            "'pw-123456'", '"pw-123456789"'
        ),
        "manage_users",
        lambda env: {"u": env["new_username"]},
        success="UserSuccess",
    ),
    Operation(
        "changeUserRole",
        "mutation($id: ID!) { changeUserRole(userId: $id, role: ADMIN) { __typename } }",
        "manage_users",
        lambda env: {"id": env["victim_id"]},
        success="UserSuccess",
    ),
    Operation(
        "setUserDisabled",
        "mutation($id: ID!) { setUserDisabled(userId: $id, disabled: true) { __typename } }",
        "manage_users",
        lambda env: {"id": env["victim_id"]},
        success="UserSuccess",
    ),
    Operation(
        "resetUserPassword",
        'mutation($id: ID!) { resetUserPassword(userId: $id, newPassword: "reset-password-1") { __typename } }',
        "manage_users",
        lambda env: {"id": env["victim_id"]},
        success="UserSuccess",
    ),
]

DATA_OPERATIONS = [
    Operation("datasets", "query { datasets { nodes { id } } }", "view_data"),
    Operation("dataset", "query($d: ID!) { dataset(id: $d) { id } }", "view_data", lambda env: {"d": env["dataset"]}),
    Operation("item", "query($i: ID!) { item(id: $i) { id } }", "view_data", lambda env: {"i": env["item"]}),
    Operation(
        "search",
        "query($d: ID!) { search(datasetId: $d) { __typename } }",
        "view_data",
        lambda env: {"d": env["dataset"]},
        success="SearchResults",
    ),
    Operation(
        "itemIds",
        "query($d: ID!) { itemIds(datasetId: $d) { __typename } }",
        "view_data",
        lambda env: {"d": env["dataset"]},
        success="ItemIdConnection",
    ),
    Operation(
        "job", "query($j: ID!) { job(id: $j) { id } }", "view_data", lambda env: {"j": env["job"]}, may_be_null=True
    ),
    Operation("jobs", "query { jobs { totalCount } }", "view_data"),
    Operation(
        "cancelJob",
        'mutation { cancelJob(id: "job_none") { __typename } }',
        "view_data",
        success="JobNotFoundError",  # allowed; no job has that id, so nothing is cancelled
    ),
    Operation(
        "createDataset",
        'mutation($n: String!) { createDataset(input: {name: $n, kind: TEXT, labels: [{name: "a"}]}) { __typename } }',
        "manage_datasets",
        lambda env: {"n": env["new_username"]},
        success="DatasetSuccess",
    ),
    Operation(
        "updateDataset",
        'mutation($d: ID!) { updateDataset(id: $d, input: {instructions: "changed"}) { __typename } }',
        "manage_datasets",
        lambda env: {"d": env["edit_dataset"]},
        success="DatasetSuccess",
    ),
    Operation(
        "importItems",
        "mutation($d: ID!, $file: Upload!) { importItems(datasetId: $d, file: $file) { __typename } }",
        "manage_datasets",
        lambda env: {"d": env["edit_dataset"], "file": None},
        success="JobSuccess",
        upload=True,
    ),
    Operation(
        "exportItems",
        "mutation($d: ID!) { exportItems(datasetId: $d) { __typename } }",
        "manage_datasets",
        lambda env: {"d": env["dataset"]},
        success="JobSuccess",
    ),
    Operation("reconcileIndex", "mutation { reconcileIndex { id } }", "manage_datasets"),
    Operation(
        "annotateItem",
        'mutation($i: ID!) { annotateItem(itemId: $i, label: "pos") { __typename } }',
        "annotate",
        lambda env: {"i": env["edit_item"]},
        success="ItemSuccess",
        needs_item=True,
    ),
    Operation(
        "deleteAnnotation",
        "mutation($i: ID!) { deleteAnnotation(itemId: $i) { __typename } }",
        "annotate",
        lambda env: {"i": env["edit_item"]},
        success="AnnotationNotFoundError",  # the caller has no annotation there: allowed, and nothing to delete
        needs_item=True,
    ),
    Operation(
        "agreement",
        "query($d: ID!) { agreement(datasetId: $d) { __typename } }",
        "view_data",
        lambda env: {"d": env["dataset"]},
        success="Agreement",
    ),
    Operation(
        "nextItem",
        "query($d: ID!) { nextItem(datasetId: $d) { __typename } }",
        "annotate",
        lambda env: {"d": env["edit_dataset"]},
    ),
    Operation(
        "setGoldLabel",
        'mutation($i: ID!) { setGoldLabel(itemId: $i, label: "neg") { __typename } }',
        "review",
        lambda env: {"i": env["edit_item"]},
        success="ItemSuccess",
        needs_item=True,
    ),
    Operation("modelTypes", "query { modelTypes { type } }", "view_models"),
    Operation("trainingRun", 'query { trainingRun(id: "run_none") { id } }', "view_models", may_be_null=True),
    Operation("trainingRuns", "query { trainingRuns { totalCount } }", "view_models"),
    Operation("compareTrainingRuns", "query { compareTrainingRuns(ids: []) { id } }", "view_models"),
    Operation(
        "startTraining",
        "mutation($d: ID!) { startTraining(datasetId: $d, modelType: TFIDF_SGD) { __typename } }",
        "train_model",
        lambda env: {"d": env["dataset"]},
        success="EmptyTrainingSetError",  # allowed; the dataset has no labelled item, so nothing starts
    ),
    Operation(
        "cancelTraining",
        'mutation { cancelTraining(runId: "run_none") { __typename } }',
        "train_model",
        success="TrainingRunNotFoundError",
    ),
    Operation(
        "trainingSets",
        "query($d: ID!) { trainingSets(datasetId: $d) { totalCount } }",
        "view_models",
        lambda env: {"d": env["dataset"]},
    ),
    Operation("trainingSet", 'query { trainingSet(id: "ts_none") { id } }', "view_models", may_be_null=True),
    Operation(
        "trainingRunItems",
        'query { trainingRunItems(runId: "run_none") { totalCount } }',
        "train_model",
        may_be_null=True,
    ),
    Operation(
        "createTrainingSet",
        "mutation($d: ID!, $n: String!) { createTrainingSet(datasetId: $d, input: {name: $n}) { __typename } }",
        "train_model",
        lambda env: {"d": env["dataset"], "n": env["new_username"]},
        success="TrainingSetSuccess",
    ),
    Operation(
        "updateTrainingSet",
        'mutation { updateTrainingSet(id: "ts_none", input: {name: "matrix"}) { __typename } }',
        "train_model",
        success="TrainingSetNotFoundError",
    ),
    Operation(
        "deleteTrainingSet",
        'mutation { deleteTrainingSet(id: "ts_none") { __typename } }',
        "train_model",
        success="TrainingSetNotFoundError",
    ),
    Operation("registeredModels", "query { registeredModels { nodes { name } } }", "view_models"),
    Operation(
        "modelVersion",
        'query { modelVersion(name: "no-model", version: "1") { version } }',
        "view_models",
        may_be_null=True,
    ),
    Operation("promotionHistory", 'query { promotionHistory(name: "no-model") { nodes { id } } }', "view_models"),
    Operation("servedModels", "query { servedModels { nodes { model } } }", "view_models"),
    Operation("modelMonitoring", 'query { modelMonitoring(name: "no-model") { total } }', "view_models"),
    Operation("feedbackLoop", 'query { feedbackLoop(model: "no-model") { datasetId } }', "view_models"),
    Operation("automation", 'query { automation(model: "no-model") { enabled } }', "view_models", may_be_null=True),
    Operation(
        "predict",
        'query { predict(model: "no-model", inputs: ["text"]) { __typename } }',
        "predict",
        success="ModelNotFoundError",  # allowed; there is no such model
    ),
    Operation("maxPredictBatch", "query { maxPredictBatch }", "predict"),
    Operation(
        "promoteModelVersion",
        'mutation { promoteModelVersion(name: "no-model", version: "1", reason: "matrix") { __typename } }',
        "promote_model",
        success="ModelNotFoundError",
    ),
    Operation(
        "rollbackModel",
        'mutation { rollbackModel(name: "no-model", reason: "matrix") { __typename } }',
        "promote_model",
        success="ModelNotFoundError",
    ),
    Operation(
        "scoreDataset",
        "mutation($d: ID!) { scoreDataset(datasetId: $d) { __typename } }",
        "train_model",
        lambda env: {"d": env["dataset"]},
        success="ModelNotFoundError",  # allowed; the dataset has no trained model
    ),
    Operation(
        "setFeedbackLoop",
        'mutation { setFeedbackLoop(model: "no-model", datasetId: null) { __typename } }',
        "promote_model",
        success="FeedbackLoopSuccess",
    ),
    Operation(
        "setAutomation",
        'mutation { setAutomation(model: "no-model", mode: AUTO, labelThreshold: 5) { __typename } }',
        "promote_model",
        success="ModelNotFoundError",  # allowed; no such model
    ),
    Operation(
        "pauseAutomation",
        'mutation { pauseAutomation(model: "no-model", paused: true) { __typename } }',
        "promote_model",
        success="AutomationNotFoundError",  # allowed; the model has no automation
    ),
    Operation("modelAliasHistory", 'query { modelAliasHistory(name: "no-model") { nodes { id } } }', "view_models"),
    Operation("shadowTraffic", 'query { shadowTraffic(model: "no-model") { percent } }', "view_models"),
    Operation("challengerComparison", 'query { challengerComparison(name: "no-model") { paired } }', "view_models"),
    Operation(
        "setModelAlias",
        'mutation { setModelAlias(name: "no-model", alias: "challenger", version: "1", reason: "matrix") '
        "{ __typename } }",
        "promote_model",
        success="ModelNotFoundError",
    ),
    Operation(
        "removeModelAlias",
        'mutation { removeModelAlias(name: "no-model", alias: "challenger", reason: "matrix") { __typename } }',
        "promote_model",
        success="AliasNotSetError",
    ),
    Operation(
        "setShadowTraffic",
        'mutation { setShadowTraffic(model: "no-model", alias: null, percent: 0) { __typename } }',
        "promote_model",
        success="ModelNotFoundError",
    ),
    Operation(
        "evaluationSet",
        "query($d: ID!) { evaluationSet(datasetId: $d) { size } }",
        "view_models",
        lambda env: {"d": env["dataset"]},
        may_be_null=True,  # no set frozen
    ),
    Operation("promotionProposals", 'query { promotionProposals(name: "no-model") { totalCount } }', "view_models"),
    Operation("promotionGate", 'query { promotionGate(name: "no-model") { macroF1Tolerance } }', "view_models"),
    Operation(
        "freezeEvaluationSet",
        'mutation { freezeEvaluationSet(datasetId: "no-such-dataset", size: 5) { __typename } }',
        "promote_model",
        success="DatasetNotFoundError",  # allowed; there is no such dataset
    ),
    Operation(
        "acceptPromotionProposal",
        'mutation { acceptPromotionProposal(id: "no-proposal", reason: "matrix") { __typename } }',
        "promote_model",
        success="ProposalNotOpenError",
    ),
    Operation(
        "declinePromotionProposal",
        'mutation { declinePromotionProposal(id: "no-proposal", reason: "matrix") { __typename } }',
        "promote_model",
        success="ProposalNotOpenError",
    ),
    Operation(
        "setPromotionGate",
        'mutation { setPromotionGate(name: "no-model", macroF1Tolerance: 0.01, recallDropTolerance: 0.05) '
        "{ __typename } }",
        "promote_model",
        success="PromotionGate",
    ),
]
OPERATIONS += DATA_OPERATIONS

INVALID_IDENTITIES = [
    "anonymous",
    "expired",
    "other_key",
    "alg_none",
    "disabled_user",
    "before_logout",
    "revoked_api_token",
]
ROLE_OF = {
    "USER": {"use_account", "view_data", "annotate", "view_models", "predict"},
    "ADMIN": {
        "use_account",
        "manage_users",
        "view_data",
        "manage_datasets",
        "annotate",
        "review",
        "view_models",
        "train_model",
        "predict",
        "promote_model",
    },
}


def test_the_matrix_covers_every_operation_of_the_schema() -> None:
    declared = {name for type_name in ("Query", "Mutation") for name in _field_names(type_name)}
    # reindexItems rebuilds the whole index: its matrix is in test_reindex.py, with a wait for the job
    assert declared == {op.field for op in OPERATIONS} | {"reindexItems"}


def _field_names(type_name: str) -> list[str]:
    graphql_type = schema._schema.get_type(type_name)
    return list(graphql_type.fields) if graphql_type is not None else []  # type: ignore[attr-defined]


# ---- identities


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(user_id: str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": "labelloop",
        "aud": "labelloop-api",
        "sub": user_id,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
    }
    return {**claims, **overrides}


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def invalid_tokens(admin_token: str) -> dict[str, str | None]:
    """A token of each kind that must be refused, for real users."""
    someone = create_user(admin_token)
    now = int(time.time())
    expired = jwt.encode(_claims(someone["id"], iat=now - 7200, nbf=now - 7200, exp=now - 3600), jwt_secret())
    other_key = jwt.encode(_claims(someone["id"]), "a-different-signing-key-of-32-chars!!")
    alg_none = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(someone['id']))}."

    disabled = create_user(admin_token)
    disabled_token = login(disabled["username"], disabled["password"])
    post(
        f'mutation {{ setUserDisabled(userId: "{disabled["id"]}", disabled: true) {{ __typename }} }}', {}, admin_token
    )

    logged_out = create_user(admin_token)
    before_logout = login(logged_out["username"], logged_out["password"])
    assert "errors" not in post("mutation { logout { revokedBefore } }", {}, before_logout)

    api_owner = create_user(admin_token)
    owner_token = login(api_owner["username"], api_owner["password"])
    created = post(
        'mutation { createApiToken(name: "to revoke") { ... on CreateApiTokenSuccess { token apiToken { id } } } }',
        {},
        owner_token,
    )["data"]["createApiToken"]
    revoked = post(
        "mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }", {"id": created["apiToken"]["id"]}, owner_token
    )
    assert revoked["data"]["revokeApiToken"]["__typename"] == "RevokeApiTokenSuccess"
    return {
        "anonymous": None,
        "expired": expired,
        "other_key": other_key,
        "alg_none": alg_none,
        "disabled_user": disabled_token,
        "before_logout": before_logout,
        "revoked_api_token": created["token"],
    }


def _environment(admin_token: str, role: str) -> dict[str, Any]:
    """A fresh caller with `role` (so that logout or a password change affects no other test) and a victim."""
    caller = create_user(admin_token, role=role)
    token = login(caller["username"], caller["password"])
    own = post(
        'mutation { createApiToken(name: "own") { ... on CreateApiTokenSuccess { apiToken { id } } } }', {}, token
    )
    victim = create_user(admin_token)
    data = _shared_data(admin_token)
    return {
        **data,
        "edit_dataset": create_dataset(admin_token),
        "token": token,
        "password": caller["password"],
        "own_token_id": own["data"]["createApiToken"]["apiToken"]["id"],
        "victim_id": victim["id"],
        "new_username": f"new-{uuid.uuid4().hex[:10]}",
    }


_DATA: dict[str, str] = {}


def _shared_data(admin_token: str) -> dict[str, str]:
    """A dataset with one item and an import job of the ADMIN, made once for the whole matrix."""
    if not _DATA:
        dataset = create_dataset(admin_token)
        job = import_file(admin_token, dataset, jsonl([{"id": "one", "text": "one item"}]), "one.jsonl")
        _DATA.update(
            dataset=dataset, edit_dataset=dataset, item=f"{dataset}:one", edit_item=f"{dataset}:one", job=job["id"]
        )
    return dict(_DATA)


def _send(operation: Operation, environment: dict[str, Any]) -> dict[str, Any]:
    variables = operation.variables(environment)
    if operation.upload:
        return post_upload(operation.document, variables, jsonl([{"id": "m1", "text": "matrix"}]), environment["token"])
    return post(operation.document, variables, environment["token"])


def _assert_succeeded(operation: Operation, body: dict[str, Any]) -> None:
    assert "errors" not in body, body
    result = body["data"][operation.field]
    if operation.may_be_null and result is None:
        return
    assert result is not None
    if operation.success is not None:
        assert result["__typename"] == operation.success, result


def _assert_no_trace(environment: dict[str, Any], victim_before: dict[str, Any] | None) -> None:
    assert user_document(environment["victim_id"]) == victim_before
    assert user_document_by_name(environment["new_username"]) is None
    assert stored_document("datasets", environment["new_username"]) is None
    assert stored_document("items", f"{environment['edit_dataset']}:m1") is None
    edited = stored_document("datasets", environment["edit_dataset"])
    assert edited is not None
    assert edited["instructions"] == ""
    item = stored_document("items", environment["edit_item"])
    assert item is not None
    assert (item["annotations"], item["gold_label"]) == ([], None)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.field)
@pytest.mark.parametrize("role", ["USER", "ADMIN"])
def test_roles(operation: Operation, role: str, admin_token: str) -> None:
    # given a fresh caller with the role, and a victim user
    environment = _environment(admin_token, role)
    if operation.needs_item:
        import_file(admin_token, environment["edit_dataset"], jsonl([{"id": "own", "text": "x"}]), "own.jsonl")
        environment["edit_item"] = f"{environment['edit_dataset']}:own"
    victim_before = user_document(environment["victim_id"])
    # when the caller runs the operation
    body = _send(operation, environment)
    # then it succeeds when the role grants the permission, else FORBIDDEN and nothing changed
    if operation.permission is None or operation.permission in ROLE_OF[role]:
        _assert_succeeded(operation, body)
    else:
        assert error_code(body) == "FORBIDDEN", body
        assert f"'{operation.permission}'" in body["errors"][0]["message"]
        assert not any((body["data"] or {}).values())  # null (or the nullable field null)
        _assert_no_trace(environment, victim_before)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.field)
@pytest.mark.parametrize("identity", INVALID_IDENTITIES)
def test_invalid_callers(
    operation: Operation, identity: str, invalid_tokens: dict[str, str | None], admin_token: str
) -> None:
    # given a caller whose token must be refused (or who sent none)
    environment = {
        **_shared_data(admin_token),
        "token": invalid_tokens[identity],
        "password": "whatever-123",
        "own_token_id": "0000",
        "victim_id": create_user(admin_token)["id"],
        "new_username": f"new-{uuid.uuid4().hex[:10]}",
    }
    victim_before = user_document(environment["victim_id"])
    # when it runs the operation
    body = _send(operation, environment)
    # then public operations work, every other one is UNAUTHENTICATED and leaves no trace
    if operation.permission is None:
        _assert_succeeded(operation, body)
    else:
        assert error_code(body) == "UNAUTHENTICATED", body
        assert not any((body["data"] or {}).values())  # null (or the nullable field null)
        _assert_no_trace(environment, victim_before)


# ---- the subscription: authenticated at connection_init, then the job's owner or an ADMIN


SUBSCRIBE_JOB = "subscription($id: ID!) { jobProgress(id: $id) { state } }"


async def _subscribe(token: str | None, job_id: str) -> dict[str, Any]:
    """The first message after subscribing, or {"closed": code} when the socket is closed first."""
    import asyncio

    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    from tests.stack import HTTP_PORT

    payload = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        async with connect(f"ws://127.0.0.1:{HTTP_PORT}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            await ws.recv()
            subscribe = {"query": SUBSCRIBE_JOB, "variables": {"id": job_id}}
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
            message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
            return message
    except ConnectionClosed as closed:
        return {"closed": closed.rcvd.code if closed.rcvd else None}


@pytest.mark.parametrize("identity", INVALID_IDENTITIES)
async def test_subscription_refuses_invalid_callers(
    identity: str, invalid_tokens: dict[str, str | None], admin_token: str
) -> None:
    job_id = _shared_data(admin_token)["job"]
    assert await _subscribe(invalid_tokens[identity], job_id) == {"closed": 4403}


async def test_subscription_for_the_owner_and_admins_only(admin_token: str) -> None:
    job_id = _shared_data(admin_token)["job"]  # a job of the demo ADMIN
    admin = await _subscribe(admin_token, job_id)
    assert admin["type"] == "next"
    assert admin["payload"]["data"]["jobProgress"]["state"] == "SUCCEEDED"
    user = create_user(admin_token)
    refused = await _subscribe(login(user["username"], user["password"]), job_id)
    # the subscription starts, and its first result is the error (graphql-transport-ws "next" with errors)
    assert refused["type"] == "next"
    assert refused["payload"]["data"] is None
    assert refused["payload"]["errors"][0]["extensions"] == {"code": "NOT_FOUND"}


async def test_activity_subscription_refuses_invalid_callers(
    invalid_tokens: dict[str, str | None], admin_token: str
) -> None:
    dataset = _shared_data(admin_token)["dataset"]
    for identity in INVALID_IDENTITIES:
        assert await _subscribe_activity(invalid_tokens[identity], dataset) == {"closed": 4403}, identity


async def test_training_subscription_refuses_invalid_callers(invalid_tokens: dict[str, str | None]) -> None:
    query = 'subscription { trainingRun(id: "run_none") { seq } }'
    for identity in INVALID_IDENTITIES:
        assert await _subscribe_activity(invalid_tokens[identity], "", query) == {"closed": 4403}, identity


async def test_job_events_subscription_refuses_invalid_callers(invalid_tokens: dict[str, str | None]) -> None:
    query = 'subscription { jobEvents(id: "job_none") { seq } }'
    for identity in INVALID_IDENTITIES:
        assert await _subscribe_activity(invalid_tokens[identity], "", query) == {"closed": 4403}, identity


async def _subscribe_activity(token: str | None, dataset: str, query: str | None = None) -> dict[str, Any]:
    import asyncio

    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    from tests.stack import HTTP_PORT

    payload = {"Authorization": f"Bearer {token}"} if token else {}
    query = query or "subscription($d: ID!) { datasetActivity(datasetId: $d) { queueDepth } }"
    try:
        async with connect(f"ws://127.0.0.1:{HTTP_PORT}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            await ws.recv()
            await ws.send(
                json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": {"d": dataset}}})
            )
            message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
            return message
    except ConnectionClosed as closed:
        return {"closed": closed.rcvd.code if closed.rcvd else None}
