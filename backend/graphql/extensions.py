"""Schema extensions: limits, caches, introspection and error masking, configured from Settings."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from backend.logs import request_id_var
from backend.settings import Settings

log = logging.getLogger("labelloop.graphql")


def _is_unexpected(error: GraphQLError) -> bool:
    # Expected failures are GraphQLErrors we raise (auth) or validation errors (no original error).
    return error.original_error is not None and not isinstance(error.original_error, GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    """Replaces unexpected errors by a message with the request id; the full error goes to the log."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_unexpected)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = request_id_var.get()
        log.error("unexpected error in %s", error.path, exc_info=error.original_error)
        return GraphQLError(
            message=f"unexpected error: it was logged with request id {request_id}",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        )


class LogUnexpectedErrors(SchemaExtension):
    """In demo mode errors are shown as they are, and logged with the request id too."""

    def on_operation(self) -> Any:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            if _is_unexpected(error):
                log.error("unexpected error in %s", error.path, exc_info=error.original_error)


def schema_extensions(settings: Settings) -> list[SchemaExtension | type[SchemaExtension]]:
    """The extensions of the schema for these settings."""
    extensions: list[SchemaExtension | type[SchemaExtension]] = [
        MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        ParserCache(maxsize=512),
        QueryDepthLimiter(max_depth=settings.max_query_depth),
        MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        ValidationCache(maxsize=512),
    ]
    if not settings.introspection_enabled:
        extensions.append(AddValidationRules([NoSchemaIntrospectionCustomRule]))
    extensions.append(MaskUnexpectedErrors() if settings.is_production else LogUnexpectedErrors())
    return extensions
