"""GraphQL operations on the search index of items: reconcile it with MongoDB, or rebuild it."""

from __future__ import annotations

import strawberry

from backend.auth.permissions import Permission
from backend.graphql.context import Info
from backend.graphql.permissions import requires
from backend.jobs.schema import Job


@strawberry.type
class IndexMutation:
    @strawberry.mutation(
        **requires(
            Permission.MANAGE_DATASETS,
            "Make the search index equal to MongoDB: index what lags, remove what no longer exists.",
        )
    )
    async def reconcile_index(self, info: Info) -> Job:
        job = await info.context.services.index_jobs.submit_reconcile(info.context.require_principal().user.id)
        return Job.from_entity(job)

    @strawberry.mutation(
        **requires(Permission.MANAGE_DATASETS, "Rebuild the search index from MongoDB into a new index, then swap.")
    )
    async def reindex_items(self, info: Info) -> Job:
        job = await info.context.services.index_jobs.submit_reindex(info.context.require_principal().user.id)
        return Job.from_entity(job)
