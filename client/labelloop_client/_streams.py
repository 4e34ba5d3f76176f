"""A synchronous iterator over an async generator that runs on its own event loop, in its own thread.

Notebooks already run an event loop in the main thread, so a plain `asyncio.run` there fails; a thread with its
own loop works the same in a notebook, a script or a test. The consumer decides what it has received: `deliver`
runs in the consumer's thread for each item it takes, so items read ahead by the thread but never taken are not
counted (a resumed stream gets them again).
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")

_ITEM, _END, _ERROR = "item", "end", "error"


class SyncStream(Generic[T, U], Iterator[U]):
    """Iterate with `for`, stop early with `close()` (or a `with` block): the connection is closed at once."""

    def __init__(
        self,
        source: Callable[[], AsyncIterator[T]],
        deliver: Callable[[T], U | None],
        timeout: float | None = None,
        name: str = "labelloop-stream",
    ) -> None:
        self._source = source
        self._deliver = deliver
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._queue: queue.Queue[tuple[str, object]] = queue.Queue()
        self._loop = asyncio.new_event_loop()
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._finished = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        self._ready.wait()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._task = self._loop.create_task(self._pump())
            self._ready.set()
            with contextlib.suppress(asyncio.CancelledError):
                self._loop.run_until_complete(self._task)
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        finally:
            self._ready.set()
            self._loop.close()

    async def _pump(self) -> None:
        try:
            async for item in self._source():
                self._queue.put((_ITEM, item))
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # handed to the consumer, raised there
            self._queue.put((_ERROR, exc))
        else:
            self._queue.put((_END, None))

    def __iter__(self) -> SyncStream[T, U]:
        return self

    def __next__(self) -> U:
        while True:
            if self._finished:
                raise StopIteration
            remaining = None if self._deadline is None else self._deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                self.close()
                raise TimeoutError("no end of the stream within the timeout")
            try:
                kind, value = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue  # the deadline check above raises
            if kind == _END:
                self.close()
                raise StopIteration
            if kind == _ERROR:
                self.close()
                assert isinstance(value, BaseException)
                raise value
            delivered = self._deliver(value)  # type: ignore[arg-type]  # items put by _pump are T
            if delivered is not None:
                return delivered

    def close(self) -> None:
        """Stop reading and close the connection (waits for the thread, at most 10 s)."""
        self._finished = True
        task = self._task
        if task is not None and self._thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                self._loop.call_soon_threadsafe(task.cancel)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=10)

    def __enter__(self) -> SyncStream[T, U]:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
