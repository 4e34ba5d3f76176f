"""Short names people type (dataset and label names, feature names, token names): no control or bidi characters.

A NUL or a control character breaks files and terminals; a bidirectional override (U+202E…) makes a name read
differently from what it is ("Trojan Source"). Such a name is refused with a field error that says which
character, and where.
"""

from __future__ import annotations

import unicodedata

from backend.errors import FieldProblem

# The explicit bidirectional formatting characters (Unicode UAX #9): embeddings, overrides, isolates, marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Cc: C0/C1 controls (NUL, tab, newline, escape…); Zl/Zp: line and paragraph separators.
CONTROL_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")  # C0/C1 controls have no name
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def unsafe_character_problem(value: str, field: str, what: str) -> FieldProblem | None:
    """A field problem when `value` holds a control or bidirectional formatting character, else None."""
    for position, char in enumerate(value):
        if char in BIDI_CONTROLS:
            kind = "a bidirectional formatting character"
        elif unicodedata.category(char) in CONTROL_CATEGORIES:
            kind = "a control character"
        else:
            continue
        return FieldProblem(
            field,
            "unsafe_character",
            f"the {what} has {kind} ({_describe(char)}) at position {position + 1}: remove it "
            "(names take printable characters only)",
        )
    return None
