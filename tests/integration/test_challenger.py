"""Named aliases (set, removed, recorded, followed by every replica), `predict` by version or alias (ADMIN only,
logged as PINNED) and shadow traffic: the challenger scores a share of production calls, logged as SHADOW and never
returned, and the champion/challenger comparison counts the pairs exactly."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from labelloop_client import Client

from tests.api import create_user, error_code, login, post
from tests.promotion import promote_and_wait
from tests.stack import API_BASE_PORT, BASE_URL, wait_for
from tests.training import labelled_text_dataset, started, wait_for_run

pytestmark = pytest.mark.stack
REPLICAS = (f"http://127.0.0.1:{API_BASE_PORT + 1}/graphql", f"http://127.0.0.1:{API_BASE_PORT + 2}/graphql")
INDEXED_S = 8  # the prediction log is flushed every second and Elasticsearch refreshes every 5 s
PREDICT = """
query($m: String!, $i: [JSON!]!, $v: String, $a: String, $s: PredictionSource) {
  predict(model: $m, inputs: $i, version: $v, alias: $a, traffic: $s) {
    __typename
    ... on Prediction { version replica rows { label confidence } }
    ... on ValidationError { fieldErrors { field code message } }
    ... on Error { message }
  }
}
"""
SET_ALIAS = """
mutation($n: String!, $a: String!, $v: String!, $r: String!) {
  setModelAlias(name: $n, alias: $a, version: $v, reason: $r) {
    __typename
    ... on AliasSuccess { event { id alias version previousVersion actor reason } }
    ... on ValidationError { fieldErrors { field code message } }
    ... on Error { message }
  }
}
"""
REMOVE_ALIAS = """
mutation($n: String!, $a: String!, $r: String!) {
  removeModelAlias(name: $n, alias: $a, reason: $r) {
    __typename
    ... on AliasSuccess { event { alias version previousVersion } }
    ... on Error { message }
  }
}
"""
HISTORY = (
    "query($n: String!) { modelAliasHistory(name: $n) { totalCount nodes { alias version previousVersion reason } } }"
)
VERSIONS = "query($n: String!, $v: String!) { modelVersion(name: $n, version: $v) { aliases isProduction } }"
SET_SHADOW = """
mutation($m: String!, $a: String, $p: Int!) {
  setShadowTraffic(model: $m, alias: $a, percent: $p) {
    __typename
    ... on ShadowTrafficSuccess { shadow { model alias percent version } }
    ... on ValidationError { fieldErrors { field code message } }
    ... on Error { message }
  }
}
"""
COMPARISON = """
query($n: String!) {
  challengerComparison(name: $n, minutes: 30) {
    paired agreements agreementRate championMeanConfidence challengerMeanConfidence
    labels { label paired agreements rate } versions { championVersion challengerVersion paired }
  }
}
"""
BY_SOURCE = """
query($n: String!) { modelMonitoring(name: $n, minutes: 30, sources: [PRODUCTION]) { bySource { value count } } }
"""


def _model(admin: str, challenger_items: int | None = None) -> tuple[str, str, str]:
    """A model with production version 1 (TF-IDF + SGD) and `challenger` on version 2 (TF-IDF + naive Bayes,
    trained on the first `challenger_items` items only when given: it then knows fewer words, and disagrees)."""
    dataset = labelled_text_dataset(admin, items=60)
    versions = []
    few = {"f": {"externalIds": [f"t{n:05d}" for n in range(challenger_items)]}} if challenger_items else {}
    for model_type, params, extra in (("TFIDF_SGD", {"epochs": 3}, {}), ("TFIDF_MULTINOMIAL_NB", None, few)):
        run = wait_for_run(admin, started(admin, dataset, model_type, params, **extra))
        assert run["state"] == "SUCCEEDED", run
        versions.append(run["modelVersion"])
    promote_and_wait(admin, dataset, versions[0], "champion")
    assert _set_alias(admin, dataset, "challenger", versions[1])["__typename"] == "AliasSuccess"
    return dataset, versions[0], versions[1]


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def model(admin: str) -> tuple[str, str, str]:
    return _model(admin)


def _set_alias(token: str, model: str, alias: str, version: str, reason: str = "try it") -> dict[str, Any]:
    result: dict[str, Any] = post(SET_ALIAS, {"n": model, "a": alias, "v": version, "r": reason}, token)["data"][
        "setModelAlias"
    ]
    return result


def _predict(token: str, model: str, inputs: list[str], url: str | None = None, **chosen: str) -> dict[str, Any]:
    variables = {"m": model, "i": inputs, "v": chosen.get("version"), "a": chosen.get("alias")}
    if url is None:
        body = post(PREDICT, variables, token)
    else:
        response = httpx.post(url, json={"query": PREDICT, "variables": variables}, headers=_auth(token), timeout=30)
        body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["predict"]
    return result


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _by_source(token: str, model: str) -> dict[str, int]:
    rows = post(BY_SOURCE, {"n": model}, token)["data"]["modelMonitoring"]["bySource"]
    return {r["value"]: r["count"] for r in rows}


def _comparison(token: str, model: str) -> dict[str, Any]:
    figures: dict[str, Any] = post(COMPARISON, {"n": model}, token)["data"]["challengerComparison"]
    return figures


def _texts(count: int, tag: str) -> list[str]:
    return [f"lovely awful {tag} {n} {time.time_ns()}" for n in range(count)]


def test_a_named_alias_shows_on_its_version_and_every_change_is_recorded(
    admin: str, model: tuple[str, str, str]
) -> None:
    # given the model, its production version 1 and challenger version 2
    name, v1, v2 = model
    # when an ADMIN points `candidate` at version 1, then at version 2, then removes it
    first = _set_alias(admin, name, "candidate", v1, "first look")
    moved = _set_alias(admin, name, "candidate", v2, "second look")
    removed = post(REMOVE_ALIAS, {"n": name, "a": "candidate", "r": "done"}, admin)["data"]["removeModelAlias"]
    # then each change is an event, and the versions show the aliases left
    assert (first["event"]["version"], first["event"]["previousVersion"], first["event"]["actor"]) == (
        v1,
        None,
        "admin",
    )
    assert (moved["event"]["version"], moved["event"]["previousVersion"]) == (v2, v1)
    assert removed == {
        "__typename": "AliasSuccess",
        "event": {"alias": "candidate", "version": None, "previousVersion": v2},
    }
    history = post(HISTORY, {"n": name}, admin)["data"]["modelAliasHistory"]
    assert history["totalCount"] == 4
    assert [(h["alias"], h["version"], h["reason"]) for h in history["nodes"]] == [
        ("candidate", None, "done"),
        ("candidate", v2, "second look"),
        ("candidate", v1, "first look"),
        ("challenger", v2, "try it"),
    ]
    assert post(VERSIONS, {"n": name, "v": v1}, admin)["data"]["modelVersion"] == {
        "aliases": ["production"],
        "isProduction": True,
    }
    assert post(VERSIONS, {"n": name, "v": v2}, admin)["data"]["modelVersion"]["aliases"] == ["challenger"]


def test_production_a_bad_name_and_a_user_are_refused_and_nothing_changes(
    admin: str, model: tuple[str, str, str]
) -> None:
    # given the model and a USER
    name, v1, v2 = model
    user = login(create_user(admin)["username"], "correct-horse-1")
    # when production, a bad name, an unknown version and a USER's change are tried
    production = _set_alias(admin, name, "production", v2)
    bad = _set_alias(admin, name, "Not OK!", v2)
    unknown = _set_alias(admin, name, "candidate", "999")
    denied = post(SET_ALIAS, {"n": name, "a": "candidate", "v": v2, "r": "me"}, user)
    missing = post(REMOVE_ALIAS, {"n": name, "a": "never-set", "r": "x"}, admin)["data"]["removeModelAlias"]
    # then each says why, and the alias history and production are as they were
    assert production["__typename"] == "ProductionAliasReservedError"
    assert "promoteModelVersion" in production["message"]
    assert bad["__typename"] == "ValidationError"
    assert [(e["field"], e["code"]) for e in bad["fieldErrors"]] == [("alias", "invalid_alias")]
    assert unknown["__typename"] == "ModelVersionNotFoundError"
    assert error_code(denied) == "FORBIDDEN"
    assert missing["__typename"] == "AliasNotSetError"
    history = post(HISTORY, {"n": name}, admin)["data"]["modelAliasHistory"]["nodes"]
    assert all(h["reason"] != "me" and h["alias"] != "production" for h in history)
    assert post(VERSIONS, {"n": name, "v": v1}, admin)["data"]["modelVersion"]["isProduction"] is True


def test_an_admin_predicts_by_alias_or_version_as_pinned_traffic_and_a_user_may_not(
    admin: str, model: tuple[str, str, str]
) -> None:
    # given the model and a USER
    name, v1, v2 = model
    user = login(create_user(admin)["username"], "correct-horse-1")
    before = _by_source(admin, name)
    # when the ADMIN predicts by alias and by version, and the USER tries both
    by_alias = _predict(admin, name, _texts(3, "alias"), alias="challenger")
    by_version = _predict(admin, name, _texts(2, "version"), version=v1)
    refused = [_predict(user, name, ["lovely"], alias="challenger"), _predict(user, name, ["lovely"], version=v2)]
    unknown = _predict(admin, name, ["lovely"], alias="nobody")
    posing = [
        post(PREDICT, {"m": name, "i": ["lovely"], "s": s}, user)["data"]["predict"] for s in ("PINNED", "SHADOW")
    ]
    # then the ADMIN gets those versions, logged as PINNED (not PRODUCTION); the USER is refused, nothing logged
    assert (by_alias["__typename"], by_alias["version"], len(by_alias["rows"])) == ("Prediction", v2, 3)
    assert (by_version["__typename"], by_version["version"]) == ("Prediction", v1)
    assert [r["__typename"] for r in refused] == ["PinnedPredictionForbiddenError"] * 2
    assert "ADMIN" in refused[0]["message"]
    assert "leave out `version` and `alias`" in refused[0]["message"]
    assert unknown["__typename"] == "AliasNotSetError"
    assert [[(e["field"], e["code"]) for e in p["fieldErrors"]] for p in posing] == [[("traffic", "invalid")]] * 2
    wait_for(lambda: _by_source(admin, name).get("PINNED", 0) >= before.get("PINNED", 0) + 5, 20, "PINNED rows")
    time.sleep(INDEXED_S)
    after = _by_source(admin, name)
    assert after.get("PINNED", 0) == before.get("PINNED", 0) + 5
    assert after.get("PRODUCTION", 0) == before.get("PRODUCTION", 0)


def test_the_client_predicts_by_alias_and_by_version(admin: str, model: tuple[str, str, str]) -> None:
    # given the Python client of an ADMIN
    name, v1, v2 = model
    with Client(BASE_URL, token=admin) as client:
        # when it predicts by alias and by version
        by_alias = client.predict(name, ["lovely"], traffic="TEST", alias="challenger")
        by_version = client.predict(name, ["lovely"], traffic="TEST", version=v1)
    # then those versions answer
    assert (by_alias.version, by_version.version) == (v2, v1)


def test_every_replica_follows_an_alias_change_within_2_s(admin: str, model: tuple[str, str, str]) -> None:
    # given `follow` on version 1, and each replica has read it
    name, v1, v2 = model
    assert _set_alias(admin, name, "follow", v1)["__typename"] == "AliasSuccess"
    assert [_predict(admin, name, ["lovely"], url, alias="follow")["version"] for url in REPLICAS] == [v1, v1]
    # when the alias moves to version 2
    assert _set_alias(admin, name, "follow", v2)["__typename"] == "AliasSuccess"

    # then every replica, asked directly, answers with version 2 within 2 s (well before its 15 s re-check)
    def every_replica_on_v2() -> bool:
        return all(_predict(admin, name, ["lovely"], url, alias="follow")["version"] == v2 for url in REPLICAS)

    wait_for(every_replica_on_v2, 2, "every replica to follow the alias")


def test_with_100_percent_shadow_the_challenger_is_logged_and_never_returned(
    admin: str, model: tuple[str, str, str]
) -> None:
    # given every production call shadowed by `challenger` (version 2)
    name, v1, v2 = model
    shadow = post(SET_SHADOW, {"m": name, "a": "challenger", "p": 100}, admin)["data"]["setShadowTraffic"]
    assert shadow == {
        "__typename": "ShadowTrafficSuccess",
        "shadow": {"model": name, "alias": "challenger", "percent": 100, "version": v2},
    }
    before = _comparison(admin, name)["paired"]
    texts = _texts(4, "shadow")
    # when production calls are made
    answers = [_predict(admin, name, texts[:2]), _predict(admin, name, texts[2:])]
    # then each answer is production's (version 1, the same rows as version 1 gives), and the challenger's 4 rows
    # are logged as SHADOW predictions paired with them
    production = _predict(admin, name, texts, version=v1)
    assert [a["version"] for a in answers] == [v1, v1]
    assert [r for a in answers for r in a["rows"]] == production["rows"]
    wait_for(lambda: _comparison(admin, name)["paired"] >= before + 4, 20, "the shadow predictions")
    time.sleep(INDEXED_S)
    figures = _comparison(admin, name)
    assert figures["paired"] == before + 4
    assert figures["versions"] == [{"championVersion": v1, "challengerVersion": v2, "paired": before + 4}]


def test_with_0_percent_shadow_nothing_is_logged(admin: str, model: tuple[str, str, str]) -> None:
    # given shadowing at 0 %
    name, _, _ = model
    shadow = post(SET_SHADOW, {"m": name, "a": "challenger", "p": 0}, admin)["data"]["setShadowTraffic"]
    assert shadow["shadow"]["percent"] == 0
    time.sleep(INDEXED_S)
    before = _comparison(admin, name)["paired"]
    # when production calls are made
    for _ in range(3):
        assert _predict(admin, name, _texts(2, "off"))["__typename"] == "Prediction"
    # then no shadow prediction is logged
    time.sleep(INDEXED_S)
    assert _comparison(admin, name)["paired"] == before


def test_a_bad_shadow_setting_is_refused(admin: str, model: tuple[str, str, str]) -> None:
    # given the model
    name, _, _ = model
    # when a share above 100, an alias the model lacks and production are given
    too_much = post(SET_SHADOW, {"m": name, "a": "challenger", "p": 101}, admin)["data"]["setShadowTraffic"]
    unset = post(SET_SHADOW, {"m": name, "a": "nobody", "p": 10}, admin)["data"]["setShadowTraffic"]
    production = post(SET_SHADOW, {"m": name, "a": "production", "p": 10}, admin)["data"]["setShadowTraffic"]
    # then each is refused and says why
    assert [(e["field"], e["code"]) for e in too_much["fieldErrors"]] == [("percent", "out_of_range")]
    assert unset["__typename"] == "AliasNotSetError"
    assert production["__typename"] == "ProductionAliasReservedError"


def test_the_comparison_counts_pairs_agreement_and_confidence_exactly(admin: str) -> None:
    # given a fresh model shadowed at 100 %, and 12 inputs, some of them mixed
    name, v1, v2 = _model(admin, challenger_items=6)
    assert post(SET_SHADOW, {"m": name, "a": "challenger", "p": 100}, admin)["data"]["setShadowTraffic"]["shadow"]
    words = ["lovely", "awful", "superb", "gloomy", "happy sad", "great terrible", "the", "wonderful broken"]
    words += ["charming", "poor", "delight", "horrible"]
    texts = [f"{words[n % len(words)]} {words[(n * 5) % len(words)]} case{n}" for n in range(12)]
    # when they are predicted in production
    champion = [r for start in (0, 6) for r in _predict(admin, name, texts[start : start + 6])["rows"]]
    challenger = _predict(admin, name, texts, alias="challenger")["rows"]
    # then the comparison gives exactly their pairs, agreement and mean confidences
    wait_for(lambda: _comparison(admin, name)["paired"] >= 12, 20, "the shadow predictions")
    time.sleep(INDEXED_S)
    figures = _comparison(admin, name)
    agree = [a["label"] == b["label"] for a, b in zip(champion, challenger, strict=True)]
    assert 0 < sum(agree) < 12  # the challenger knows fewer words: the figures count disagreements too
    assert (figures["paired"], figures["agreements"]) == (12, sum(agree))
    assert figures["agreementRate"] == pytest.approx(sum(agree) / 12)
    assert figures["championMeanConfidence"] == pytest.approx(sum(r["confidence"] for r in champion) / 12, abs=1e-6)
    assert figures["challengerMeanConfidence"] == pytest.approx(sum(r["confidence"] for r in challenger) / 12, abs=1e-6)
    expected: dict[str, tuple[int, int]] = {}
    for row, agrees in zip(champion, agree, strict=True):
        paired, agreements = expected.get(row["label"], (0, 0))
        expected[row["label"]] = (paired + 1, agreements + int(agrees))
    assert {r["label"]: (r["paired"], r["agreements"]) for r in figures["labels"]} == expected
    assert figures["versions"] == [{"championVersion": v1, "challengerVersion": v2, "paired": 12}]
