"""Item status from annotations, gold label and overlap target."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backend.annotations.status import derive_status
from backend.items.entities import Annotation, ItemStatus

NOW = datetime(2026, 11, 26, tzinfo=UTC)


def _labels(*labels: str) -> list[Annotation]:
    return [Annotation(f"annotator{i}", label, NOW, NOW) for i, label in enumerate(labels)]


@pytest.mark.parametrize(
    ("labels", "gold", "target", "expected"),
    [
        ((), None, 1, ItemStatus.UNLABELED),
        (("pos",), None, 2, ItemStatus.IN_PROGRESS),
        (("pos",), None, 1, ItemStatus.AGREED),
        (("pos", "pos"), None, 2, ItemStatus.AGREED),
        (("pos", "neg"), None, 2, ItemStatus.CONFLICT),
        (("pos", "neg", "pos"), None, 2, ItemStatus.CONFLICT),
        (("pos", "neg"), "pos", 2, ItemStatus.REVIEWED),
        ((), "neg", 3, ItemStatus.REVIEWED),
    ],
)
def test_status(labels: tuple[str, ...], gold: str | None, target: int, expected: ItemStatus) -> None:
    assert derive_status(_labels(*labels), gold, target) is expected
