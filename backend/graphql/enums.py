"""Domain enums exposed to GraphQL with a description for the type and for every value.

The domain's enums live in `entities` modules, which do not import strawberry; their schema module registers them
here and says what each value means, in words that add something to its name.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=enum.Enum)


def described_enum(cls: type[E], *, name: str, description: str, values: Mapping[E, str]) -> type[E]:
    """Register `cls` as the GraphQL enum `name`; `values` describes every member (a missing one is an error)."""
    missing = [member.name for member in cls if member not in values]
    if missing:
        raise ValueError(f"{name}: describe every value; missing {', '.join(missing)}")
    strawberry.enum(cls, name=name, description=description)
    for value in cls.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[cls[value.name]]
    return cls
