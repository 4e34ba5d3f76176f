"""The promotion gate: a candidate may replace the production version when, on the dataset's evaluation set, its
macro F1 is at least production's minus a tolerance and no label's recall is lower by more than a tolerance.

When there is nothing to compare with, the gate passes and says why in its note: no evaluation set (freeze one
with `freezeEvaluationSet` for a real gate), no production version yet (the first promotion), or the candidate is
the production version already.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backend.models.evaluation_entities import EvaluationMetrics

DEFAULT_MACRO_F1_TOLERANCE = 0.01
DEFAULT_RECALL_DROP_TOLERANCE = 0.05


@dataclass(frozen=True, slots=True)
class GateSettings:
    """A model's gate (per model; an ADMIN sets it with `setPromotionGate`)."""

    macro_f1_tolerance: float = DEFAULT_MACRO_F1_TOLERANCE
    recall_drop_tolerance: float = DEFAULT_RECALL_DROP_TOLERANCE


@dataclass(frozen=True, slots=True)
class GateResult:
    passed: bool
    note: str
    candidate: EvaluationMetrics | None = None
    production: EvaluationMetrics | None = None
    failures: tuple[str, ...] = field(default=())

    def describe(self, settings: GateSettings) -> dict[str, Any]:
        """A JSON-friendly form, stored on the job, the proposal and the promotion event."""

        def figures(m: EvaluationMetrics | None) -> dict[str, Any] | None:
            if m is None:
                return None
            return {
                "version": m.version,
                "accuracy": m.accuracy,
                "macro_f1": m.macro_f1,
                "recall": m.recall,
                "item_count": m.item_count,
                "evaluation_generation": m.generation,
            }

        return {
            "passed": self.passed,
            "note": self.note,
            "failures": list(self.failures),
            "candidate": figures(self.candidate),
            "production": figures(self.production),
            "macro_f1_tolerance": settings.macro_f1_tolerance,
            "recall_drop_tolerance": settings.recall_drop_tolerance,
        }


def judge(
    settings: GateSettings,
    candidate: EvaluationMetrics | None,
    production: EvaluationMetrics | None,
    production_version: str | None,
    candidate_version: str,
) -> GateResult:
    """The gate's verdict on the candidate's and production's metrics on the same evaluation set."""
    if candidate is None:
        return GateResult(
            True,
            "no evaluation set for this dataset: nothing to compare, the gate passed on hold-out "
            "metrics alone; freeze one with freezeEvaluationSet",
        )
    if production_version is None:
        return GateResult(True, "no production version yet: the first promotion passes", candidate)
    if production_version == candidate_version or production is None:
        return GateResult(True, "the candidate is the production version already", candidate, production)
    failures: list[str] = []
    floor = production.macro_f1 - settings.macro_f1_tolerance
    if candidate.macro_f1 < floor:
        failures.append(
            f"macro F1 {candidate.macro_f1:.3f} is below production's {production.macro_f1:.3f} "
            f"minus {settings.macro_f1_tolerance:g}"
        )
    for label, recall in sorted(production.recall.items()):
        mine = candidate.recall.get(label, 0.0)
        if mine < recall - settings.recall_drop_tolerance:
            failures.append(
                f"recall of '{label}' {mine:.3f} is more than {settings.recall_drop_tolerance:g} below "
                f"production's {recall:.3f}"
            )
    if failures:
        return GateResult(False, "; ".join(failures), candidate, production, tuple(failures))
    return GateResult(
        True,
        f"macro F1 {candidate.macro_f1:.3f} against production's {production.macro_f1:.3f}, no label's recall "
        f"more than {settings.recall_drop_tolerance:g} lower",
        candidate,
        production,
    )
