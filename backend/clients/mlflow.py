"""The MLflow tracking server (HTTP)."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
import mlflow.artifacts
import mlflow.models
import mlflow.sklearn
from mlflow import MlflowClient
from mlflow.entities import Metric, Param
from mlflow.exceptions import MlflowException
from mlflow.models import infer_signature

_MODEL_REQUIREMENTS = [
    f"{name}=={metadata.version(name)}" for name in ("scikit-learn", "numpy", "scipy", "cloudpickle", "pandas")
]


def _literal(value: str) -> str | None:
    """`value` as a string literal of MLflow's search filters, or None when it cannot be one.

    MLflow's filter grammar has single-quoted strings without escapes: a value holding a quote or a backslash
    cannot be written in it, and pasting it would let the value rewrite the filter.
    """
    if "'" in value or "\\" in value:
        return None
    return f"'{value}'"


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


class MlflowTracking:
    """The tracking server and model registry through MLflow's own client (blocking: call it in a thread).

    `url` is the tracking server's address, e.g. http://127.0.0.1:5000/mlflow; artifacts go through the server
    (`--serve-artifacts`), so a worker needs no shared disk with it.
    """

    def __init__(self, url: str) -> None:
        self._url = url
        self._client = MlflowClient(tracking_uri=url, registry_uri=url)

    def experiment(self, name: str, tags: dict[str, str]) -> str:
        """The id of the experiment called `name`, created if missing (by whichever caller comes first)."""
        existing = self._client.get_experiment_by_name(name)
        if existing is not None:
            return str(existing.experiment_id)
        try:
            return str(self._client.create_experiment(name, tags=tags))
        except MlflowException:
            again = self._client.get_experiment_by_name(name)
            if again is None:
                raise
            return str(again.experiment_id)

    def start_run(self, experiment_id: str, name: str, tags: dict[str, str]) -> str:
        return str(self._client.create_run(experiment_id, tags=tags, run_name=name).info.run_id)

    def log_params(self, run_id: str, params: dict[str, Any]) -> None:
        self._client.log_batch(
            run_id, params=[Param(k, json.dumps(v) if not isinstance(v, str) else v) for k, v in params.items()]
        )

    def log_metrics(self, run_id: str, points: Sequence[tuple[str, float, int]]) -> None:
        """(key, value, step) triples, in one request."""
        now = int(time.time() * 1000)
        self._client.log_batch(run_id, metrics=[Metric(key, value, now, step) for key, value, step in points])

    def log_text(self, run_id: str, text: str, path: str) -> None:
        self._client.log_text(run_id, text, path)

    def log_dict(self, run_id: str, data: dict[str, Any], path: str) -> None:
        self._client.log_dict(run_id, data, path)

    def log_model(self, run_id: str, model: Any, input_example: Any, output_example: Any) -> str:
        """Save the scikit-learn model with its signature and an input example under the run; its artifact URI."""
        signature = infer_signature(input_example, output_example)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "model"
            mlflow.sklearn.save_model(
                model,
                str(path),
                signature=signature,
                input_example=input_example,
                serialization_format="cloudpickle",
                pip_requirements=_MODEL_REQUIREMENTS,  # given, not inferred: inferring loads the model in a subprocess
            )
            self._client.log_artifacts(run_id, str(path), "model")
        return f"{self._client.get_run(run_id).info.artifact_uri}/model"

    def register_version(
        self, name: str, source: str, run_id: str, tags: dict[str, str], key: str, resumed: bool = True
    ) -> str:
        """Register `source` as a new version of `name`, unless a version tagged `key`=tags[key] exists: then that
        one (a retried training never registers twice). Returns the version. `resumed=False` (a first attempt: no
        earlier attempt can have registered one) skips that search, one round trip."""
        try:
            self._client.create_registered_model(name, description="Labelloop: one version per training run")
        except MlflowException as exc:
            if exc.error_code != "RESOURCE_ALREADY_EXISTS":
                raise
        literal = _literal(name)
        if literal is None:
            raise ValueError(f"a model name cannot hold quotes or backslashes: {name!r}")
        for version in self._client.search_model_versions(f"name = {literal}") if resumed else []:
            if version.tags.get(key) == tags[key]:
                return str(version.version)
        created = self._client.create_model_version(name, source, run_id=run_id, tags=tags)
        return str(created.version)

    def end_run(self, run_id: str, status: str) -> None:
        self._client.set_terminated(run_id, status=status)

    def runs_tagged(self, experiment_id: str, key: str, value: str) -> list[str]:
        if "`" in key or _literal(value) is None:
            return []  # no run can carry such a tag: we only set keys and values we made
        runs = self._client.search_runs([experiment_id], filter_string=f"tags.`{key}` = {_literal(value)}")
        return [str(r.info.run_id) for r in runs]

    # --- the registry -------------------------------------------------------------------------------------------

    def registered_models(self) -> list[Any]:
        return list(self._client.search_registered_models(max_results=1000))

    def model_versions(self, name: str) -> list[Any]:
        """Every version of `name`, newest first; [] when the model does not exist."""
        literal = _literal(name)
        if literal is None:
            return []  # a name MLflow's filter cannot hold is the name of no model (ours are dataset ids)
        versions = self._client.search_model_versions(f"name = {literal}", max_results=10_000)
        return sorted(versions, key=lambda v: int(v.version), reverse=True)

    def model_version(self, name: str, version: str) -> Any | None:
        try:
            return self._client.get_model_version(name, version)
        except MlflowException as exc:
            if exc.error_code in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE"):
                return None
            raise

    def alias_version(self, name: str, alias: str) -> str | None:
        """The version `alias` points to, or None."""
        try:
            return str(self._client.get_model_version_by_alias(name, alias).version)
        except MlflowException as exc:
            if exc.error_code in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE", "NOT_FOUND"):
                return None
            raise

    def set_alias(self, name: str, alias: str, version: str) -> None:
        self._client.set_registered_model_alias(name, alias, version)

    def delete_alias(self, name: str, alias: str) -> None:
        """Remove `alias` from `name` (nothing happens when it is not set)."""
        try:
            self._client.delete_registered_model_alias(name, alias)
        except MlflowException as exc:
            if exc.error_code not in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE", "NOT_FOUND"):
                raise

    def load_model(self, name: str, version: str) -> tuple[Any, list[str]]:
        """The scikit-learn model of a version, and its signature's input column names."""
        source = self._client.get_model_version_download_uri(name, version)
        with tempfile.TemporaryDirectory() as folder:
            path = mlflow.artifacts.download_artifacts(artifact_uri=source, dst_path=folder, tracking_uri=self._url)
            model = mlflow.sklearn.load_model(path)
            signature = mlflow.models.Model.load(path).signature
        inputs = signature.inputs.input_names() if signature is not None else []
        return model, [str(name) for name in inputs]
