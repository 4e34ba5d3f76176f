"""A training's live metric points through the client: a consumer whose connection closes or drops mid-run
resumes from its last cursor and receives every point exactly once."""

from __future__ import annotations

import time

import pytest
from labelloop_client import AuthenticationError, Client, MetricPoint, TrainingRun, TrainingRunNotFoundError

from tests.api import login
from tests.proxy import CuttableProxy
from tests.stack import BASE_URL
from tests.training import labelled_text_dataset, run_of

pytestmark = pytest.mark.stack
EPOCHS = 200  # about 20 ms each on 600 items: the run lasts seconds, so the cuts below happen mid-run


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def dataset(admin_token: str) -> str:
    return labelled_text_dataset(admin_token, items=600)


def _steps(points: list[MetricPoint]) -> list[int]:
    return [point.step for point in points]


def _server_curve(token: str, run: TrainingRun) -> list[int]:
    return [point["step"] for point in run_of(token, run.id)["curves"]]


def test_a_consumer_that_closes_its_connection_mid_run_resumes_through_the_handle(
    admin_token: str, dataset: str
) -> None:
    # given a training followed live through the client
    with Client(BASE_URL, token=admin_token) as client:
        run = client.start_training(dataset, "TFIDF_SGD", params={"epochs": EPOCHS})
        first: list[MetricPoint] = []

        # when the consumer closes its connection after 3 points, while the run goes on
        stream = run.watch(timeout=300)
        for point in stream:
            first.append(point)
            if len(first) == 3:
                break
        stream.close()
        state_at_close = client.training_run(run.id).state

        # and watches again through the same handle until the end
        rest = list(run.watch(timeout=300))

    # then every point arrived exactly once, in order, as the server stored them
    assert state_at_close == "RUNNING"
    assert _steps(first) == [1, 2, 3]
    assert _steps(first + rest) == list(range(1, EPOCHS + 1))
    assert run.points == first + rest
    assert _steps(run.points) == _server_curve(admin_token, run)
    assert run.cursor is not None


def test_a_dropped_network_connection_is_resumed_from_the_last_cursor(admin_token: str, dataset: str) -> None:
    # given a client that reaches the API through a proxy whose connections can be cut
    with CuttableProxy() as proxy, Client(proxy.url, token=admin_token) as client:
        run = client.start_training(dataset, "TFIDF_SGD", params={"epochs": EPOCHS})
        received: list[MetricPoint] = []
        cuts = []

        # when the network drops twice during the run (no close frame: the sockets just die)
        for point in run.watch(timeout=300):
            received.append(point)
            if len(received) in (5, 60):
                cuts.append(proxy.cut())
        run.wait(timeout=60)

    # then the client reconnected by itself and no point was lost or repeated
    assert all(open_sockets >= 2 for open_sockets in cuts)
    assert proxy.connections >= 3  # the first WebSocket and at least one per cut
    assert _steps(received) == list(range(1, EPOCHS + 1))
    assert _steps(received) == _server_curve(admin_token, run)
    assert run.state == "SUCCEEDED"
    assert run.model_version is not None


async def test_the_async_watch_resumes_from_where_it_stopped(admin_token: str, dataset: str) -> None:
    # given a training followed with the async iterator
    with Client(BASE_URL, token=admin_token) as client:
        run = client.start_training(dataset, "TFIDF_SGD", params={"epochs": 40})
        first: list[MetricPoint] = []

        # when the consumer stops after 4 points and comes back
        async for point in run.awatch():
            first.append(point)
            if len(first) == 4:
                break
        rest = [point async for point in run.awatch()]
        await run.wait_async()

    # then it got each point once
    assert _steps(first + rest) == list(range(1, 41))
    assert run.state == "SUCCEEDED"


def test_events_carry_states_progress_and_metrics_in_order(admin_token: str, dataset: str) -> None:
    # given a short training
    with Client(BASE_URL, token=admin_token) as client:
        run = client.start_training(dataset, "TFIDF_SGD", params={"epochs": 5})

        # when all its events are read
        events = list(run.events(timeout=120))

    # then they are numbered from 1 without a gap, end with the final state, and the metrics are all there
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    assert [e.state for e in events if e.kind == "STATE"][-1] == "SUCCEEDED"
    assert [e.metric.step for e in events if e.metric is not None] == [1, 2, 3, 4, 5]
    assert run.state == "SUCCEEDED"
    assert run.cursor == events[-1].cursor


def test_a_refused_token_or_an_unknown_run_is_raised_at_once_not_retried(admin_token: str, dataset: str) -> None:
    # given a finished run
    with Client(BASE_URL, token=admin_token) as client:
        run = client.start_training(dataset, "TFIDF_SGD", params={"epochs": 2}).wait(timeout=120)

        # when it is watched with a forged token, then the WebSocket's 4403 is an AuthenticationError at once
        with Client(BASE_URL, token="llp_nobody.forged.secret") as forged:
            started = time.monotonic()
            with pytest.raises(AuthenticationError, match="4403"):
                list(forged.training_run(run.id, read=False).watch(timeout=30))
            assert time.monotonic() - started < 5  # not retried

        # and a run that does not exist is a TrainingRunNotFoundError, live or read
        with pytest.raises(TrainingRunNotFoundError, match="run_nope"):
            list(client.training_run("run_nope", read=False).watch(timeout=30))
        with pytest.raises(TrainingRunNotFoundError):
            client.training_run("run_nope")
