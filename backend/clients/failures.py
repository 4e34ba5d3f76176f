"""Driver errors become `Unavailable(dependency, reason)` here, at the edge of the storage layer.

The only module that knows which exception of which driver means "that store did not answer". Repositories, stores
and clients put `@storage` on their class (every public coroutine and async generator then raises `Unavailable`
instead), or wrap a call in `translated()`. Above the storage layer, code catches `Unavailable` only.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

from elasticsearch import ApiError as ElasticsearchApiError
from elasticsearch import TransportError as ElasticsearchTransportError
from pymongo.errors import ConnectionFailure
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from backend.errors import Unavailable

MONGO = "mongo"
ELASTICSEARCH = "elasticsearch"
REDIS = "redis"
MLFLOW = "mlflow"
# Elasticsearch answers 429 when overloaded and 503 while its shards recover after a start
# (e.g. search_phase_execution_exception): both mean "try again in a moment", as a refused connection does.
BUSY_STATUSES = (429, 503)
OUTAGES: tuple[tuple[type[BaseException], str], ...] = (
    (ConnectionFailure, MONGO),  # refused, reset, timed out, no server selectable
    (ElasticsearchTransportError, ELASTICSEARCH),  # refused, timed out, TLS: nothing came back
    (RedisConnectionError, REDIS),
    (RedisTimeoutError, REDIS),
)
T = TypeVar("T")


def unavailable_from(exc: BaseException) -> Unavailable | None:
    """The `Unavailable` that a driver's exception stands for, or None when it is not an outage (a bug, bad input)."""
    if isinstance(exc, Unavailable):
        return exc
    if isinstance(exc, ElasticsearchApiError) and exc.status_code in BUSY_STATUSES:
        return Unavailable(ELASTICSEARCH, f"busy (HTTP {exc.status_code})")
    for exception_type, dependency in OUTAGES:
        if isinstance(exc, exception_type):
            return Unavailable(dependency, f"{type(exc).__name__}: {exc}"[:300])
    return None


@contextlib.contextmanager
def translated() -> Iterator[None]:
    """Raise `Unavailable` in place of a driver's outage error inside the block; other errors pass unchanged."""
    try:
        yield
    except Exception as exc:
        unavailable = unavailable_from(exc)
        if unavailable is None or unavailable is exc:
            raise
        raise unavailable from exc


def _coroutine(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> Any:
        with translated():
            return await method(*args, **kwargs)

    return call


def _generator(method: Callable[..., AsyncGenerator[Any]]) -> Callable[..., AsyncIterator[Any]]:
    @functools.wraps(method)
    async def pages(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        # aclosing: a caller that stops early closes the inner generator at once (its `finally` may free a
        # point in time), rather than whenever it is collected
        with translated():
            async with contextlib.aclosing(method(*args, **kwargs)) as inner:
                async for value in inner:
                    yield value

    return pages


def storage(cls: type[T]) -> type[T]:
    """Class decorator of the storage layer: every public `async def` (coroutine or generator) of the class raises
    `Unavailable` instead of a driver's outage error. Private methods are left alone (they may catch a driver's
    error themselves)."""
    for name, attribute in list(vars(cls).items()):
        if name.startswith("_"):
            continue
        if inspect.isasyncgenfunction(attribute):
            setattr(cls, name, _generator(attribute))
        elif inspect.iscoroutinefunction(attribute):
            setattr(cls, name, _coroutine(attribute))
    return cls
