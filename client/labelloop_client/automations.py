"""The client's automation methods (retraining by itself, docs/automations.md): a part of `Client`."""

from __future__ import annotations

from typing import Any

from labelloop_client._session import Session, union_result


class Automations:
    """Read, set and pause a model's automation; mixed into `Client`, whose session it uses."""

    _session: Session

    def automation(self, model: str) -> dict[str, Any] | None:
        """The automation of `model` (its triggers, mode, `newLabels` counted since its last run, `lastRun`), or
        None when it has none."""
        found: dict[str, Any] | None = self._session.execute("Automation", {"model": model})["automation"]
        return found

    def set_automation(
        self,
        model: str,
        *,
        mode: str = "PROPOSE",
        label_threshold: int | None = None,
        every_minutes: int | None = None,
        daily_at: str | None = None,
        enabled: bool = True,
    ) -> dict[str, Any]:
        """Retrain `model` by itself after `label_threshold` new labels and/or every `every_minutes` minutes or
        daily at `daily_at` ("HH:MM", UTC), handing each version to promotion in `mode` (AUTO or PROPOSE); ADMIN."""
        variables = {
            "model": model,
            "labelThreshold": label_threshold,
            "everyMinutes": every_minutes,
            "dailyAt": daily_at,
            "mode": mode,
            "enabled": enabled,
        }
        result = self._session.execute("SetAutomation", variables)["setAutomation"]
        automation: dict[str, Any] = union_result(result, "AutomationSuccess")["automation"]
        return automation

    def pause_automation(self, model: str, paused: bool = True) -> dict[str, Any]:
        """Pause (no new automatic start) or resume (`paused=False`) the automation of `model`; ADMIN."""
        result = self._session.execute("PauseAutomation", {"model": model, "paused": paused})["pauseAutomation"]
        automation: dict[str, Any] = union_result(result, "AutomationSuccess")["automation"]
        return automation
