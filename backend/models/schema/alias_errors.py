"""Errors of named aliases and of `predict` with a chosen version or alias."""

from __future__ import annotations

import strawberry

from backend.graphql.errors import Error, maps_error
from backend.models.aliases import AliasNotSet, ProductionAliasReserved
from backend.models.routing import PinnedPredictionForbidden


@maps_error(AliasNotSet)
@strawberry.type(description="The model has no such alias.")
class AliasNotSetError(Error):
    pass


@maps_error(ProductionAliasReserved)
@strawberry.type(description="The alias production is moved by promotion only.")
class ProductionAliasReservedError(Error):
    pass


@maps_error(PinnedPredictionForbidden)
@strawberry.type(description="Only an ADMIN may predict with a chosen version or alias.")
class PinnedPredictionForbiddenError(Error):
    pass
