"""Modules stay small enough to read in one sitting: none of the product's hand-written modules passes 400 lines.

Generated code (the SPA's `*.generated.ts`, the Python client's `generated/` package) is written by tools from
schema.graphql and is left out; so are tests, whose files group many flat cases around one behaviour.
"""

from __future__ import annotations

from pathlib import Path

from tests.stack import ROOT

LIMIT = 400
PRODUCT = {
    "backend": ("*.py",),
    "worker": ("*.py",),
    "client/labelloop_client": ("*.py",),
    "frontend/src": ("*.ts", "*.tsx"),
}


def _is_generated(path: Path) -> bool:
    return ".generated." in path.name or "generated" in path.parts


def _modules() -> list[Path]:
    found = []
    for folder, patterns in PRODUCT.items():
        for pattern in patterns:
            found += [
                p
                for p in (ROOT / folder).rglob(pattern)
                if not _is_generated(p) and not p.name.endswith(".test.tsx") and not p.name.endswith(".test.ts")
            ]
    return sorted(found)


def test_the_product_has_modules_to_check() -> None:
    # given / when
    modules = _modules()

    # then: the globs reach every part (a moved folder must not make the size check pass by finding nothing)
    assert {m.relative_to(ROOT).parts[0] for m in modules} == {"backend", "worker", "client", "frontend"}


def test_no_module_passes_400_lines() -> None:
    # given
    modules = _modules()

    # when
    too_long = {str(m.relative_to(ROOT)): n for m in modules if (n := len(m.read_text().splitlines())) > LIMIT}

    # then
    assert too_long == {}, f"split these modules (over {LIMIT} lines): {too_long}"
