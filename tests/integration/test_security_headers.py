"""Nginx sends the security headers on every kind of response; the MLflow UI gets its own, looser policy."""

from __future__ import annotations

import re

import httpx

from tests.api import login
from tests.stack import BASE_URL

SPA_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


def _security_headers(response: httpx.Response) -> dict[str, str | None]:
    names = (
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
        "permissions-policy",
    )
    return {name: response.headers.get(name) for name in names}


GRAPHIQL = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline' https:; style-src 'self' 'unsafe-inline' https:; "
        "img-src 'self' data: https:; font-src 'self' data: https:; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
}
STRICT = {
    "content-security-policy": SPA_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": PERMISSIONS,
}


def test_the_spa_its_assets_the_api_and_errors_carry_the_strict_headers(http: httpx.Client) -> None:
    # given the SPA's page and one of its hashed assets
    index = http.get("/")
    asset = re.findall(r'src="(/assets/[^"]+\.js)"', index.text)[0]
    # when each kind of response is fetched through Nginx
    responses = {
        "index": index,
        "deep link": http.get("/datasets/x/annotate"),
        "asset": http.get(asset),
        "missing asset": http.get("/assets/nope.js"),
        "graphql": http.post("/graphql", json={"query": "{ health { status } }"}),
        "graphql refusal": http.post("/graphql", content=b"x", headers={"content-type": "text/plain"}),
        "healthz": http.get("/healthz"),
        "export without token": http.get("/exports/nope"),
        "mlflow without login": http.get("/mlflow/"),
    }
    # then every one carries the five headers, with the SPA's strict policy (MLflow's 401 is Nginx's own page)
    assert {name: r.status_code for name, r in responses.items()} == {
        "index": 200,
        "deep link": 200,
        "asset": 200,
        "missing asset": 404,
        "graphql": 200,
        "graphql refusal": 415,
        "healthz": 200,
        "export without token": 401,
        "mlflow without login": 401,
    }
    overrides = {"mlflow without login": _mlflow_policy(), "graphql": GRAPHIQL, "graphql refusal": GRAPHIQL}
    for name, response in responses.items():
        assert _security_headers(response) == {**STRICT, **overrides.get(name, {})}, name


def test_graphiql_gets_a_policy_that_lets_it_load_its_cdn_scripts(http: httpx.Client) -> None:
    # when a browser opens /graphql (GraphiQL, demo mode)
    page = http.get("/graphql", headers={"Accept": "text/html"})
    # then GraphiQL's page comes with its own policy: inline and https: scripts, nothing else relaxed
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    assert _security_headers(page) == {**STRICT, **GRAPHIQL}


def _mlflow_policy() -> dict[str, str]:
    return {
        "content-security-policy": (
            "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
        ),
        "x-frame-options": "SAMEORIGIN",
    }


def test_the_mlflow_ui_gets_its_own_policy_that_lets_it_run() -> None:
    # given an ADMIN's token
    token = login("admin", "admin")
    # when the MLflow UI and one of its API calls are fetched
    page = httpx.get(f"{BASE_URL}/mlflow/", headers={"Authorization": f"Bearer {token}"})
    api = httpx.get(
        f"{BASE_URL}/mlflow/ajax-api/2.0/mlflow/experiments/search?max_results=1",
        headers={"Authorization": f"Bearer {token}"},
    )
    # then both carry MLflow's policy (inline scripts and styles allowed, same-origin framing), and the rest
    assert (page.status_code, api.status_code) == (200, 200)
    for response in (page, api):
        assert _security_headers(response) == {**STRICT, **_mlflow_policy()}
