"""What an automation refuses, each saying what to do."""

from __future__ import annotations

from backend.errors import DomainError


class AutomationNotFound(DomainError):
    def __init__(self, model: str) -> None:
        super().__init__(
            f"model '{model}' has no automation: set one with `setAutomation` (an ADMIN), then pause or resume it"
        )


class NothingToRepeat(DomainError):
    def __init__(self, model: str, reason: str) -> None:
        super().__init__(
            f"model '{model}' has no training run to repeat ({reason}): train it once with `startTraining`, then set "
            "its automation"
        )
