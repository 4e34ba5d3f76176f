"""notebooks/spans.ipynb runs top to bottom against the real stack, headless, in the environment of
`pip install './client[notebook]'` alone (the kernel of tests/integration/test_notebook.py); the executed copy is saved
to test-artifacts/notebooks/spans.ipynb."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.integration.test_notebook import KERNEL, _tagged, _text, client_notebook_kernel  # noqa: F401 - fixture
from tests.stack import BASE_URL, ROOT

pytestmark = pytest.mark.stack
NOTEBOOK = ROOT / "notebooks" / "spans.ipynb"
EXECUTED = ROOT / "test-artifacts" / "notebooks" / "spans.ipynb"


def test_the_spans_notebook_labels_trains_and_predicts_spans(
    monkeypatch: pytest.MonkeyPatch,
    client_notebook_kernel: Path,  # noqa: F811 - the fixture imported above
) -> None:
    # given the checked-in notebook, saved without outputs, and the stack's address for the client inside it
    monkeypatch.setenv("JUPYTER_PATH", str(client_notebook_kernel))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    monkeypatch.setenv("LABELLOOP_URL", BASE_URL)
    for variable in ("LABELLOOP_TOKEN", "LABELLOOP_USERNAME", "LABELLOOP_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)

    # when a headless kernel executes every cell (a cell that raises fails the run)
    client = NotebookClient(
        notebook, timeout=600, kernel_name=KERNEL, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    try:
        client.execute()
    finally:
        EXECUTED.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, EXECUTED)

    # then it trained 8 epochs with an entity F1 each, and the promoted version found the spans of the new sentences
    assert "8 epochs, entity F1 per epoch" in _text(_tagged(notebook, "train"))
    assert "run SUCCEEDED" in _text(_tagged(notebook, "train"))
    predicted = _text(_tagged(notebook, "predict"))
    for part in ("Amélie", "東京", "Björn", "José", "Kraków"):
        assert part in predicted
