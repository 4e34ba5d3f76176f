"""Assembles the GraphQL schema from each domain's schema module."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from backend.health.schema import HealthQuery

Query = merge_types("Query", (HealthQuery,))

schema = strawberry.Schema(query=Query)
