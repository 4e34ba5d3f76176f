"""The coalescer behind shared Elasticsearch bulk writes and shared predict_proba calls (backend/batching.py)."""

from __future__ import annotations

import asyncio

import pytest

from backend.batching import Coalescer


class Recorder:
    """A batch call that records its batches and can be held open, to let calls pile up behind it."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self, values: list[int]) -> list[int]:
        self.batches.append(list(values))
        await self.gate.wait()
        if any(v < 0 for v in values):
            raise ValueError(f"negative value in {values}")
        return [v * 10 for v in values]


def test_calls_made_while_a_batch_is_in_flight_share_the_next_one() -> None:
    async def scenario() -> None:
        recorder = Recorder()
        coalescer: Coalescer[int, int] = Coalescer(recorder, max_batch=100)
        recorder.gate.clear()
        first = asyncio.create_task(coalescer.submit(1))
        await asyncio.sleep(0.01)  # the first batch is in flight, alone
        later = [asyncio.create_task(coalescer.submit(v)) for v in range(2, 7)]
        await asyncio.sleep(0.01)
        recorder.gate.set()
        assert await first == 10
        assert await asyncio.gather(*later) == [20, 30, 40, 50, 60]
        assert recorder.batches == [[1], [2, 3, 4, 5, 6]]

    asyncio.run(scenario())


def test_a_batch_is_capped_and_the_rest_follow() -> None:
    async def scenario() -> None:
        recorder = Recorder()
        coalescer: Coalescer[int, int] = Coalescer(recorder, max_batch=2)
        results = await asyncio.gather(*(coalescer.submit(v) for v in range(5)))
        assert results == [0, 10, 20, 30, 40]
        assert [len(b) for b in recorder.batches] == [2, 2, 1]

    asyncio.run(scenario())


def test_a_failing_batch_fails_its_own_callers_only() -> None:
    async def scenario() -> None:
        recorder = Recorder()
        coalescer: Coalescer[int, int] = Coalescer(recorder, max_batch=2)
        results = await asyncio.gather(*(coalescer.submit(v) for v in (1, -1, 3, 4)), return_exceptions=True)
        assert isinstance(results[0], ValueError)
        assert isinstance(results[1], ValueError)
        assert results[2:] == [30, 40]
        assert await coalescer.submit(5) == 50  # and it keeps working

    asyncio.run(scenario())


def test_a_cancelled_caller_does_not_disturb_the_others() -> None:
    async def scenario() -> None:
        recorder = Recorder()
        coalescer: Coalescer[int, int] = Coalescer(recorder, max_batch=10)
        recorder.gate.clear()
        gone = asyncio.create_task(coalescer.submit(1))
        stays = asyncio.create_task(coalescer.submit(2))
        await asyncio.sleep(0.01)
        gone.cancel()
        recorder.gate.set()
        assert await stays == 20
        with pytest.raises(asyncio.CancelledError):
            await gone

    asyncio.run(scenario())


def test_a_batch_call_that_answers_for_the_wrong_number_of_values_is_an_error() -> None:
    async def short(values: list[int]) -> list[int]:
        return values[:-1]

    async def scenario() -> None:
        coalescer: Coalescer[int, int] = Coalescer(short, max_batch=10)
        results = await asyncio.gather(coalescer.submit(1), coalescer.submit(2), return_exceptions=True)
        assert all(isinstance(r, RuntimeError) and "1 results for 2 values" in str(r) for r in results), results

    asyncio.run(scenario())


def test_it_works_again_on_a_new_event_loop() -> None:
    recorder = Recorder()
    coalescer: Coalescer[int, int] = Coalescer(recorder, max_batch=10)
    assert asyncio.run(coalescer.submit(1)) == 10
    assert asyncio.run(coalescer.submit(2)) == 20
