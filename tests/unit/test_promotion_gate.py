"""The promotion gate's verdicts (pure logic: no service)."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.models.evaluation_entities import EvaluationMetrics
from backend.models.promotion_gate import GateSettings, judge

AT = datetime(2026, 12, 6, tzinfo=UTC)


def _metrics(version: str, macro_f1: float, recall: dict[str, float]) -> EvaluationMetrics:
    return EvaluationMetrics("m", version, "d", 1, 20, macro_f1, macro_f1, recall, AT)


def test_a_candidate_within_the_tolerances_passes() -> None:
    # given production at 0.80 macro F1 and a candidate 0.005 lower, no recall more than 0.05 lower
    production = _metrics("1", 0.80, {"pos": 0.8, "neg": 0.8})
    candidate = _metrics("2", 0.795, {"pos": 0.76, "neg": 0.84})
    # when judged
    verdict = judge(GateSettings(), candidate, production, "1", "2")
    # then it passes
    assert (verdict.passed, verdict.failures) == (True, ())


def test_a_lower_macro_f1_or_a_label_recall_drop_fails_with_each_reason() -> None:
    production = _metrics("1", 0.80, {"pos": 0.9, "neg": 0.7})
    candidate = _metrics("2", 0.70, {"pos": 0.8, "neg": 0.7})
    verdict = judge(GateSettings(), candidate, production, "1", "2")
    assert verdict.passed is False
    assert verdict.failures == (
        "macro F1 0.700 is below production's 0.800 minus 0.01",
        "recall of 'pos' 0.800 is more than 0.05 below production's 0.900",
    )


def test_with_nothing_to_compare_the_gate_passes_and_says_why() -> None:
    candidate = _metrics("2", 0.5, {"pos": 0.5})
    no_set = judge(GateSettings(), None, None, "1", "2")
    first = judge(GateSettings(), candidate, None, None, "2")
    assert (no_set.passed, first.passed) == (True, True)
    assert no_set.note.startswith("no evaluation set for this dataset")
    assert first.note == "no production version yet: the first promotion passes"


def test_the_tolerances_are_the_models_own() -> None:
    production = _metrics("1", 0.80, {"pos": 0.9})
    candidate = _metrics("2", 0.70, {"pos": 0.7})
    assert judge(GateSettings(0.2, 0.3), candidate, production, "1", "2").passed is True
