"""Nginx serves the SPA with history fallback and cache headers, and proxies /graphql."""

from __future__ import annotations

import re

import httpx

from tests.stack import BASE_URL


def test_client_side_routes_fall_back_to_the_spa(http: httpx.Client) -> None:
    # when a deep link of the SPA is opened directly
    response = http.get("/datasets/reviews/annotate")
    # then Nginx answers with the SPA's index.html, never cached
    assert response.status_code == 200
    assert '<div id="root"></div>' in response.text
    assert response.headers["cache-control"] == "no-cache"


def test_hashed_assets_are_cached_for_a_year(http: httpx.Client) -> None:
    # given the asset names that index.html references
    index = http.get("/").text
    assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', index)
    assert assets, index
    # when each is fetched
    for asset in assets:
        response = http.get(asset, headers={"Accept-Encoding": "gzip"})
        # then it is served, compressed where worth it, and cacheable for good
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        if asset.endswith(".js"):
            assert response.headers.get("content-encoding") == "gzip"


def test_a_missing_asset_is_a_404_not_the_spa(http: httpx.Client) -> None:
    assert http.get("/assets/does-not-exist.js").status_code == 404


def test_graphql_websocket_upgrade_is_proxied(http: httpx.Client) -> None:
    # when a WebSocket handshake for graphql-transport-ws reaches Nginx
    response = http.get(
        "/graphql",
        headers={
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Protocol": "graphql-transport-ws",
            # a browser sends its origin, which the API checks against the Host (with its port) Nginx passes on
            "Origin": BASE_URL,
        },
        timeout=5,
        extensions={"timeout": {"read": 2}},
    )
    # then an API replica accepts the upgrade with that subprotocol
    assert response.status_code == 101
    assert response.headers["sec-websocket-protocol"] == "graphql-transport-ws"


def test_metrics_are_not_published_through_nginx(http: httpx.Client) -> None:
    # /metrics is for Prometheus on the replicas' own ports; through Nginx it is the SPA fallback
    response = http.get("/metrics")
    assert "process_cpu_seconds_total" not in response.text
