"""Assembles the GraphQL schema from each domain's schema module."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from backend.annotations.schema import ActivitySubscription, AgreementQuery, AnnotationMutation, QueueQuery
from backend.auth.schema import AuthMutation, AuthQuery
from backend.automations.schema import AutomationMutation, AutomationQuery
from backend.datasets.schema import DatasetMutation, DatasetQuery
from backend.exports.schema import ExportMutation
from backend.graphql.execution import PlainObjectsExecutor
from backend.graphql.extensions import schema_extensions
from backend.health.schema import HealthQuery
from backend.imports.schema import ImportMutation
from backend.items.schema import ItemQuery
from backend.items.schema.index import IndexMutation
from backend.jobs.schema import JobMutation, JobQuery, JobSubscription
from backend.models.schema import ModelMutation, ModelQuery
from backend.models.schema.aliases import AliasMutation, AliasQuery
from backend.models.schema.promotion import PromotionMutation, PromotionQuery
from backend.settings import Settings
from backend.training.schema import TrainingMutation, TrainingQuery, TrainingSubscription

Query = merge_types(
    "Query",
    (
        HealthQuery,
        AuthQuery,
        DatasetQuery,
        ItemQuery,
        QueueQuery,
        AgreementQuery,
        JobQuery,
        TrainingQuery,
        ModelQuery,
        AutomationQuery,
        AliasQuery,
        PromotionQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AuthMutation,
        DatasetMutation,
        ImportMutation,
        ExportMutation,
        IndexMutation,
        AnnotationMutation,
        JobMutation,
        TrainingMutation,
        ModelMutation,
        AutomationMutation,
        AliasMutation,
        PromotionMutation,
    ),
)
Subscription = merge_types("Subscription", (JobSubscription, ActivitySubscription, TrainingSubscription))


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema served by an API replica, with the limits and protections of `settings`."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        # Strawberry accepts configured extension instances; its annotation only names classes and factories.
        extensions=cast("list[type[SchemaExtension]]", schema_extensions(settings)),
        config=StrawberryConfig(disable_field_suggestions=settings.is_production),
        execution_context_class=PlainObjectsExecutor,  # plain objects in one pass (docs/performance.md)
    )


# The types alone, for `strawberry export-schema` (schema.graphql) and tests that walk the schema.
schema = strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription)
