"""client/labelloop_client/generated is what ariadne-codegen writes from schema.graphql and the client's operations
(frontend/src/graphql/shared/ and client/labelloop_client/operations/, assembled into generated/operations.graphql;
`make client` rewrites it all), as schema.graphql is the code's schema."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.stack import ROOT

GENERATED = ROOT / "client" / "labelloop_client" / "generated"


def _files(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text()
        for path in sorted(folder.rglob("*"))
        if path.suffix in {".py", ".graphql"} and "__pycache__" not in path.parts
    }


def test_checked_in_generated_client_matches_the_schema_and_the_operations(tmp_path: Path) -> None:
    # given the generated package written afresh from schema.graphql and the operation files
    subprocess.run([ROOT / "scripts" / "client-codegen.sh", tmp_path], check=True, timeout=300)
    fresh = _files(tmp_path / "generated")

    # when it is compared with the checked-in one
    checked_in = _files(GENERATED)

    # then they are the same files with the same text
    assert sorted(checked_in) == sorted(fresh), "client/labelloop_client/generated is stale: run `make client`"
    stale = [name for name in fresh if checked_in[name] != fresh[name]]
    assert stale == [], f"{stale} stale: run `make client` and commit client/labelloop_client/generated"


def test_the_generated_client_has_a_method_per_operation() -> None:
    # given the operations of the client's .graphql files
    from labelloop_client import operations
    from labelloop_client.generated import GeneratedClient

    names = operations.operation_names()

    # when the generated client's methods are listed
    methods = {name for name in dir(GeneratedClient) if not name.startswith("_")}

    # then each operation has its typed method (snake_case)
    expected = {"".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_") for name in names}
    assert expected - methods == set()
    # CancelJob came with the one task model; 5 training-set operations with saved sets; Automation,
    # SetAutomation, PauseAutomation; 5 for aliases, shadow traffic and the comparison; LatestPromotion;
    # CreateDataset, AnnotateAnswer, SetGoldAnswer, ItemAnswers for task types
    assert len(names) == 38
