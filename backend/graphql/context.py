"""The typed context every resolver receives."""

from __future__ import annotations

from typing import TypeAlias

import strawberry
from strawberry.fastapi import BaseContext

from backend.container import Services


class Context(BaseContext):
    """Per-request context: the process's services (and, later, the viewer and DataLoaders)."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services


Info: TypeAlias = strawberry.Info[Context, None]
