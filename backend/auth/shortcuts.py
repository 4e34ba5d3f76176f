"""Each user's workspace keys (WCAG 2.1.4): every single-key shortcut can be turned off or given another key.

Stored inside the user document (`keyboard_shortcuts`); a user without one has the defaults. Label hotkeys belong
to each dataset; a user can only turn them all off (`label_hotkeys`), and the SPA lets a user's own key win over a
dataset's label key that is the same.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from backend.auth.validation import raise_problems
from backend.errors import FieldProblem

# Keys that are not one character, by their KeyboardEvent.key name. Tab and Escape stay with the browser and the
# note field; Space scrolls and presses buttons.
NAMED_KEYS = frozenset(
    {
        "Enter",
        "ArrowLeft",
        "ArrowRight",
        "ArrowUp",
        "ArrowDown",
        "Home",
        "End",
        "PageUp",
        "PageDown",
        "Backspace",
        "Delete",
    }
)


@dataclass(frozen=True, slots=True)
class KeyboardShortcuts:
    """The keys of the annotate and review pages for one user; a key of None turns that action off."""

    enabled: bool = True  # False: no workspace key acts at all (the buttons still do)
    label_hotkeys: bool = True  # False: the datasets' label hotkeys do nothing
    submit: str | None = "Enter"
    skip: str | None = "s"
    undo: str | None = "u"
    previous: str | None = "ArrowLeft"
    next: str | None = "ArrowRight"
    note: str | None = "/"

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> KeyboardShortcuts:
        """The stored map; defaults for a user who never changed it (or a field added since)."""
        if not doc:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{name: value for name, value in doc.items() if name in known})

    def to_doc(self) -> dict[str, Any]:
        return asdict(self)


ACTIONS = ("submit", "skip", "undo", "previous", "next", "note")


def normalized_key(key: str | None) -> str | None:
    """One character keys in lower case (the workspace compares them without case); names as they are."""
    if key is None or key in NAMED_KEYS:
        return key
    return key.lower()


def _key_problem(action: str, key: str | None) -> FieldProblem | None:
    if key is None or key in NAMED_KEYS or (len(key) == 1 and key.isprintable() and not key.isspace()):
        return None
    return FieldProblem(
        f"shortcuts.{action}",
        "invalid_key",
        f"'{key}' is not a key the workspace can use for {action}: give one character (a letter, digit or sign), "
        f"one of {', '.join(sorted(NAMED_KEYS))}, or null to turn {action} off",
    )


def checked_shortcuts(shortcuts: KeyboardShortcuts) -> KeyboardShortcuts:
    """`shortcuts` with one-character keys in lower case; raises ValidationFailed for an unusable or shared key."""
    raise_problems(*(_key_problem(action, getattr(shortcuts, action)) for action in ACTIONS))
    keys = {action: normalized_key(getattr(shortcuts, action)) for action in ACTIONS}
    taken: dict[str, str] = {}
    problems: list[FieldProblem | None] = []
    for action, key in keys.items():
        if key is None:
            continue
        if key in taken:
            problems.append(
                FieldProblem(
                    f"shortcuts.{action}",
                    "duplicate_key",
                    f"'{key}' is already the key of {taken[key]}: give {action} another key, or null to turn it off",
                )
            )
        taken.setdefault(key, action)
    raise_problems(*problems)
    return KeyboardShortcuts(enabled=shortcuts.enabled, label_hotkeys=shortcuts.label_hotkeys, **keys)
