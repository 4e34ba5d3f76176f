"""The MLflow tracking server (HTTP)."""

from __future__ import annotations

import httpx


class MlflowServer:
    """Talks to the MLflow tracking server at `url` (which includes its static prefix, e.g. /mlflow)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.address = self.url.removeprefix("http://")
        self._http = httpx.AsyncClient(base_url=self.url, timeout=httpx.Timeout(5.0, connect=1.5))

    async def ping(self) -> None:
        """Return when the server's /health answers 200; raise otherwise."""
        response = await self._http.get("/health")
        if response.status_code != httpx.codes.OK:
            raise RuntimeError(f"/health answered HTTP {response.status_code}")

    async def close(self) -> None:
        await self._http.aclose()
