"""Each service runs from its own Python environment, and each environment is consistent (`pip check`).

The MLflow tracking server is a service, not a library of the app: its UI needs graphene 3 and graphql-core 3.2,
which the app's strawberry and gql do not allow. With both in one environment the UI's run and experiment pages
failed (POST /mlflow/graphql: ImportError on graphene 2.0).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.stack import MLFLOW_PORT, ROOT, service_pid

pytestmark = pytest.mark.stack

APP_ENV = ROOT / ".venv"
MLFLOW_ENV = ROOT / ".venv-mlflow"
LOCKS = {APP_ENV: ROOT / "requirements.lock", MLFLOW_ENV: ROOT / "scripts" / "mlflow" / "requirements.lock"}


def _pinned(lock: Path, name: str) -> str | None:
    match = re.search(rf"^{re.escape(name)}==([^\s;]+)", lock.read_text(), re.MULTILINE)
    return match.group(1) if match else None


def _installed(env: Path, name: str) -> str | None:
    """The version of distribution `name` in environment `env`, or None when it is not installed."""
    answer = subprocess.run(
        [str(env / "bin" / "python"), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return answer.stdout.strip() if answer.returncode == 0 else None


@pytest.mark.parametrize("env", [APP_ENV, MLFLOW_ENV], ids=["app", "mlflow"])
def test_every_service_environment_passes_pip_check(env: Path) -> None:
    # given the environment the stack installed from its own lock file
    assert (env / "bin" / "python").exists(), f"{env} is missing: `make up` installs it"
    # when its installed distributions are checked against each other's requirements
    check = subprocess.run(
        ["python3", "-m", "uv", "pip", "check", "--python", str(env / "bin" / "python")],  # uv: as scripts/stack.sh
        capture_output=True,
        text=True,
        check=False,
    )
    # then nothing is missing or incompatible
    assert check.returncode == 0, check.stdout + check.stderr
    assert "All installed packages are compatible" in check.stdout + check.stderr


def test_the_mlflow_server_runs_from_its_own_environment_and_the_app_has_only_the_client() -> None:
    # given the running MLflow server
    command = Path(f"/proc/{service_pid('mlflow')}/cmdline").read_bytes().split(b"\0")
    # then it runs from its own environment
    assert any(part.startswith(str(MLFLOW_ENV / "bin").encode()) for part in command), command
    # and the app's environment has MLflow's client (the same version) but neither its server nor the UI's graphene
    version = _pinned(LOCKS[MLFLOW_ENV], "mlflow")
    assert version is not None
    assert _installed(APP_ENV, "mlflow-skinny") == version == _installed(MLFLOW_ENV, "mlflow")
    assert _installed(APP_ENV, "mlflow") is None
    assert _installed(APP_ENV, "graphene") is None
    assert _installed(APP_ENV, "flask") is None
    # and each environment follows its own lock
    for env, lock in LOCKS.items():
        for name in ("graphql-core", "scikit-learn"):
            assert _installed(env, name) == _pinned(lock, name), (env, name)


def test_the_mlflow_ui_graphql_endpoint_answers() -> None:
    # when the MLflow UI's GraphQL endpoint is asked (its run and experiment pages call it)
    response = httpx.post(
        f"http://127.0.0.1:{MLFLOW_PORT}/mlflow/graphql",
        json={"query": "query { __typename }"},
        timeout=30,
    )
    # then it answers instead of failing on an import
    assert response.status_code == httpx.codes.OK, response.text[:500]
    assert response.json()["data"] == {"__typename": "Query"}
