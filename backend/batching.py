"""Calls made at the same moment share one batch call (group commit / dynamic batching).

The first call goes out at once (with any other call made in the same turn of the event loop); the calls that
arrive while a batch is being handled wait for it and then go out together in the next one. Every caller still
gets its own result (or exception) only once its own part is done, so nothing changes for it but the cost: under
load, one request to Elasticsearch or one `predict_proba` serves many callers instead of one each.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Coalescer(Generic[T, R]):
    def __init__(self, run_batch: Callable[[list[T]], Awaitable[list[R]]], max_batch: int) -> None:
        """`run_batch` returns one result per value, in order; `max_batch` caps the values per batch."""
        self._run_batch = run_batch
        self._max_batch = max_batch
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._sender: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def submit(self, value: T) -> R:
        """The result for `value`, computed in a batch with the values submitted at the same time."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (tests): nothing left from the old one can be sent
            self._loop, self._pending, self._sender = loop, [], None
        done: asyncio.Future[R] = loop.create_future()
        self._pending.append((value, done))
        if self._sender is None or self._sender.done():
            self._sender = loop.create_task(self._send())
        return await done

    async def _send(self) -> None:
        await asyncio.sleep(0)  # let the callers that are ready at this moment join the first batch
        while self._pending:
            batch, self._pending = self._pending[: self._max_batch], self._pending[self._max_batch :]
            try:
                results = await self._run_batch([value for value, _ in batch])
                if len(results) != len(batch):
                    raise RuntimeError(f"the batch call gave {len(results)} results for {len(batch)} values")
            except asyncio.CancelledError:  # shut down: nobody is left to handle them
                for _, done in batch + self._pending:
                    done.cancel()
                self._pending = []
                raise
            except Exception as exc:  # every caller of this batch sees it; the next batch is tried all the same
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for (_, done), result in zip(batch, results, strict=True):
                if not done.done():  # its caller may have gone (a cancelled request)
                    done.set_result(result)
