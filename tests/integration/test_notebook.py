"""notebooks/quickstart.ipynb runs top to bottom against the real stack, headless (nbclient), in a new environment
that has only what `pip install './client[notebook]'` brings (docs/client.md); the executed copy, with every output,
is saved to test-artifacts/notebooks/quickstart.ipynb."""

from __future__ import annotations

import copy
import subprocess
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tests.stack import BASE_URL, ROOT

pytestmark = pytest.mark.stack
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"
EXECUTED = ROOT / "test-artifacts" / "notebooks" / "quickstart.ipynb"
KERNEL = "labelloop-client-notebook"


@pytest.fixture(scope="module")
def client_notebook_kernel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with `./client[notebook]` alone (versions held to the app's lock, from uv's
    cache), registered as a Jupyter kernel; returns the Jupyter data folder that holds its kernel spec."""
    folder = tmp_path_factory.mktemp("client-notebook")
    env, python = folder / "env", folder / "env" / "bin" / "python"
    uv = ["python3", "-m", "uv"]  # as scripts/stack.sh
    subprocess.run([*uv, "venv", "--quiet", "--python", "python3.11", str(env)], check=True)
    pinned = ["--constraint", str(ROOT / "requirements.lock")]
    subprocess.run(
        [*uv, "pip", "install", "--quiet", "--python", str(python), f"{ROOT / 'client'}[notebook]", *pinned], check=True
    )
    subprocess.run(
        [str(python), "-m", "ipykernel", "install", "--prefix", str(folder / "jupyter"), "--name", KERNEL],
        check=True,
        capture_output=True,
    )
    return folder / "jupyter" / "share" / "jupyter"


def _execute(notebook: Any) -> Any:
    """Run every cell; save the result (also a failed one) to test-artifacts/. The notebook logs in twice, from
    127.0.0.1: if other tests used up that address's 10 logins of the minute, it runs again in the next minute."""
    for attempt in (1, 2):
        executed = copy.deepcopy(notebook)
        client = NotebookClient(
            executed, timeout=600, kernel_name=KERNEL, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
        )
        try:
            client.execute()
            return executed
        except CellExecutionError as error:
            if attempt == 2 or "LoginRateLimitedError" not in str(error):
                raise
            time.sleep(61)
        finally:
            EXECUTED.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(executed, EXECUTED)
    raise AssertionError("unreachable")


def _tagged(notebook: Any, tag: str) -> Any:
    return next(cell for cell in notebook.cells if tag in cell.metadata.get("tags", []))


def _text(cell: Any) -> str:
    parts = []
    for output in cell.outputs:
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_the_quickstart_notebook_runs_top_to_bottom_with_the_client_notebook_extra(
    monkeypatch: pytest.MonkeyPatch, client_notebook_kernel: Path
) -> None:
    # given the checked-in notebook, saved without outputs, and the stack's address for the client inside it
    monkeypatch.setenv("JUPYTER_PATH", str(client_notebook_kernel))  # the kernel of `./client[notebook]` alone
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    monkeypatch.setenv("LABELLOOP_URL", BASE_URL)
    for variable in ("LABELLOOP_TOKEN", "LABELLOOP_USERNAME", "LABELLOOP_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")

    # when a headless kernel executes every cell (a cell that raises fails the run), in the notebook's folder
    notebook = _execute(notebook)

    # then no cell failed, the live plot was drawn, the runs were compared, a version promoted and predicted with
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    live = _tagged(notebook, "live-plot")
    assert any("image/png" in o.get("data", {}) for o in live.outputs)
    assert "40 metric points received live; run SUCCEEDED" in _text(live)
    assert "TFIDF_LINEAR_SVC" in _text(_tagged(notebook, "compare"))
    assert "action='PROMOTE'" in _text(_tagged(notebook, "promote"))
    promoted = _text(_tagged(notebook, "promote")).split("version='")[1].split("'")[0]
    assert f"answered by version {promoted} of 'fortunes'" in _text(_tagged(notebook, "predict"))
    assert Path(EXECUTED).stat().st_size > Path(NOTEBOOK).stat().st_size
