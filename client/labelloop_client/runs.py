"""Training runs: a handle on one run, its live events over WebSocket (resumed by cursor), and comparisons."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

from gql import Client as GqlClient
from gql import GraphQLRequest
from gql.transport.exceptions import (
    TransportClosed,
    TransportConnectionFailed,
    TransportProtocolError,
    TransportQueryError,
    TransportServerError,
)
from gql.transport.websockets import WebsocketsTransport
from websockets.exceptions import ConnectionClosed, InvalidStatus

from labelloop_client import operations
from labelloop_client._session import Session, union_result
from labelloop_client._streams import SyncStream
from labelloop_client.errors import (
    AuthenticationError,
    ConnectionFailedError,
    TrainingFailedError,
    TrainingRunNotFoundError,
    error_from_graphql,
)
from labelloop_client.types import MetricPoint, RunEvent, RunMetrics, parse_datetime

log = logging.getLogger("labelloop_client")

ENDED = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})
RECONNECT_ATTEMPTS = 8  # consecutive failed connections before giving up
_DROPPED = (
    TransportClosed,
    TransportConnectionFailed,
    TransportProtocolError,
    ConnectionClosed,
    OSError,
    asyncio.TimeoutError,
)


async def follow_run_events(
    session: Session,
    run_id: str,
    after: str | None,
    reconnect_attempts: int = RECONNECT_ATTEMPTS,
) -> AsyncIterator[dict[str, Any]]:
    """The run's events after `after` as the API sends them, until the run ends (the subscription completes).

    A dropped connection is opened again with the cursor of the last event received, so no event is lost or
    repeated (the API replays what is stored after the cursor, then streams). Gives up with ConnectionFailedError
    after `reconnect_attempts` failures in a row; an UNAUTHENTICATED or FORBIDDEN answer is raised at once."""
    cursor = after
    failures = 0
    document = operations.document("FollowTrainingRun")
    while True:
        token = await asyncio.to_thread(session.bearer)
        transport = WebsocketsTransport(
            url=session.websocket_url,
            init_payload={"Authorization": f"Bearer {token}"},
            subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
            connect_timeout=session.timeout,
            ack_timeout=session.timeout,
            close_timeout=2,
        )
        try:
            async with GqlClient(transport=transport, fetch_schema_from_transport=False) as gql_session:
                request = GraphQLRequest(
                    document, variable_values={"id": run_id, "after": cursor}, operation_name="FollowTrainingRun"
                )
                async for data in gql_session.subscribe(request):
                    event: dict[str, Any] = data["trainingRun"]
                    cursor = event["cursor"]
                    failures = 0
                    yield event
            return  # the subscription completed: the run has ended
        except TransportQueryError as exc:
            error_list = list(exc.errors or [])
            if error_list and (error_list[0].get("extensions") or {}).get("code") == "NOT_FOUND":
                raise TrainingRunNotFoundError(str(error_list[0].get("message"))) from None
            raise error_from_graphql(error_list) from None
        except (*_DROPPED, TransportServerError, InvalidStatus) as exc:
            if _refused_token(exc):
                raise AuthenticationError(
                    f"the server closed the WebSocket: it refused the token (4403) — {exc}. "
                    "Use a valid API token or log in again."
                ) from None
            failures += 1
            error: Exception = exc
        if failures >= reconnect_attempts:
            raise ConnectionFailedError(
                f"lost the live events of run {run_id} and could not reconnect to {session.websocket_url} "
                f"({failures} attempts, last: {type(error).__name__}: {error})"
            )
        delay = min(5.0, 0.25 * 2 ** (failures - 1))
        log.info("run %s: connection lost (%s), resuming after cursor %s in %.2fs", run_id, error, cursor, delay)
        await asyncio.sleep(delay)


def _refused_token(exc: BaseException) -> bool:
    """Whether the server closed the socket with graphql-transport-ws' 4403 Forbidden (or 4401): no valid token."""
    seen: BaseException | None = exc
    for _depth in range(10):  # the chain of causes is short; a bound also ends a cycle
        if seen is None:
            return False
        if isinstance(seen, ConnectionClosed):
            if seen.rcvd is not None and seen.rcvd.code in (4401, 4403):
                return True
        elif getattr(seen, "code", None) in (4401, 4403):  # TransportServerError
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class TrainingRun:
    """A handle on one training run.

    `watch()` yields its metric points as they arrive and `events()` every event; both resume from the last
    event you received (`cursor`), so stopping, reconnecting or a dropped connection never loses or repeats a
    point. `wait()` returns once the run has ended; `refresh()` re-reads the run (state, final metrics, model
    version, curves)."""

    def __init__(self, session: Session, data: dict[str, Any]) -> None:
        self._session = session
        self.id: str = data["id"]
        self.cursor: str | None = None  # the last event delivered to you
        self.points: list[MetricPoint] = []  # metric points delivered by watch()/events(), in order
        self.progress: float | None = None
        self.curves: list[MetricPoint] = []  # the stored curve, as of the last refresh()
        self._last_seq = 0
        self._completed = False
        self._update(data)

    # ------------------------------------------------------------ state

    def _update(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dataset_id: str = data.get("datasetId", "")
        self.model_type: str = data.get("modelType", "")
        self.params: dict[str, Any] = data.get("params") or {}
        self.state: str = data.get("state", "QUEUED")
        self.message: str = data.get("message", "")
        self.item_count: int | None = data.get("itemCount")
        self.label_counts: dict[str, int] = data.get("labelCounts") or {}
        metrics = data.get("metrics")
        self.metrics: RunMetrics | None = RunMetrics.model_validate(metrics) if metrics else None
        self.class_report: list[dict[str, Any]] = data.get("classReport") or []
        self.model_name: str | None = data.get("modelName")
        self.model_version: str | None = data.get("modelVersion")
        self.mlflow_run_id: str | None = data.get("mlflowRunId")
        self.duration_seconds: float | None = data.get("durationSeconds")
        self.created_at = parse_datetime(data.get("createdAt"))
        if "curves" in data:
            self.curves = [MetricPoint.model_validate(p) for p in data["curves"]]

    @property
    def ended(self) -> bool:
        return self.state in ENDED

    def refresh(self) -> TrainingRun:
        """Re-read the run from the API (state, message, final metrics, model version, `curves`)."""
        run = self._session.execute("TrainingRun", {"id": self.id})["trainingRun"]
        if run is None:
            raise TrainingRunNotFoundError(f"no training run '{self.id}'")
        self._update(run)
        return self

    def to_pandas(self) -> Any:
        """The run's curve (every metric point the API stored) as a DataFrame, one row per step."""
        import pandas as pd

        if not self.curves or not self.ended:
            self.refresh()
        return pd.DataFrame([_point_record(p) for p in self.curves])

    def cancel(self) -> TrainingRun:
        """Ask the API to cancel the run (QUEUED: at once; RUNNING: at its next epoch or step)."""
        result = self._session.execute("CancelTraining", {"runId": self.id})["cancelTraining"]
        result = union_result(result, "TrainingRunSuccess")
        self._update(result["run"])
        return self

    # ------------------------------------------------------------ live events

    def _accept(self, raw: dict[str, Any]) -> RunEvent | None:
        """Record a delivered event (cursor, state, points); None for one already delivered."""
        event = RunEvent.model_validate(raw)
        if event.seq <= self._last_seq:
            return None
        self._last_seq = event.seq
        self.cursor = event.cursor
        if event.kind == "STATE" and event.state:
            self.state = event.state.value
            self.message = event.message or self.message
        elif event.kind == "PROGRESS" and event.progress is not None:
            self.progress = event.progress
        elif event.kind == "METRIC" and event.metric is not None:
            self.points.append(event.metric)
        return event

    def _source(self) -> AsyncIterator[dict[str, Any]]:
        return follow_run_events(self._session, self.id, self.cursor)

    def _nothing_left(self) -> bool:
        return self._completed and self.ended

    def events(self, timeout: float | None = None) -> SyncStream[dict[str, Any], RunEvent]:
        """Every event after the last one you received, live, until the run ends (a `for` loop; `close()` stops).

        `timeout` bounds the whole stream (TimeoutError)."""

        def deliver(raw: dict[str, Any]) -> RunEvent | None:
            event = self._accept(raw)
            if event is not None and event.kind == "STATE" and event.state in ENDED:
                self._completed = True
            return event

        return SyncStream(self._source if not self._nothing_left() else _empty, deliver, timeout, f"run-{self.id}")

    def watch(self, timeout: float | None = None) -> SyncStream[dict[str, Any], MetricPoint]:
        """The run's metric points after the last one you received, as they arrive, until the run ends."""

        def deliver(raw: dict[str, Any]) -> MetricPoint | None:
            event = self._accept(raw)
            if event is None:
                return None
            if event.kind == "STATE" and event.state in ENDED:
                self._completed = True
            return event.metric if event.kind == "METRIC" else None

        return SyncStream(self._source if not self._nothing_left() else _empty, deliver, timeout, f"run-{self.id}")

    async def aevents(self) -> AsyncIterator[RunEvent]:
        """`events()` for async code (`async for event in run.aevents()`)."""
        if self._nothing_left():
            return
        async for raw in self._source():
            event = self._accept(raw)
            if event is None:
                continue
            if event.kind == "STATE" and event.state in ENDED:
                self._completed = True
            yield event

    async def awatch(self) -> AsyncIterator[MetricPoint]:
        """`watch()` for async code (`async for point in run.awatch()`)."""
        async for event in self.aevents():
            if event.metric is not None:
                yield event.metric

    def wait(self, timeout: float | None = None, raise_on_failure: bool = True) -> TrainingRun:
        """Follow the run until it ends, then refresh it. Raises TrainingFailedError when it FAILED or was
        CANCELLED (unless `raise_on_failure=False`) and TimeoutError after `timeout` seconds."""
        with self.events(timeout=timeout) as stream:
            for _event in stream:
                pass
        self.refresh()
        # the stream ended on the run's final STATE event; a read right after it may lag by a moment
        lag_deadline = time.monotonic() + 30
        while not self.ended and time.monotonic() < lag_deadline:
            time.sleep(0.2)
            self.refresh()
        if raise_on_failure and self.state in ("FAILED", "CANCELLED"):
            raise TrainingFailedError(
                f"training run {self.id} {self.state}: {self.message}", run_id=self.id, state=self.state
            )
        return self

    async def wait_async(self, raise_on_failure: bool = True) -> TrainingRun:
        """`wait()` for async code (bound it with `asyncio.timeout`)."""
        async for _event in self.aevents():
            pass
        await asyncio.to_thread(self.refresh)
        if raise_on_failure and self.state in ("FAILED", "CANCELLED"):
            raise TrainingFailedError(
                f"training run {self.id} {self.state}: {self.message}", run_id=self.id, state=self.state
            )
        return self

    def __repr__(self) -> str:
        version = f", version {self.model_name}/{self.model_version}" if self.model_version else ""
        return f"<TrainingRun {self.id} {self.model_type} on {self.dataset_id}: {self.state}{version}>"


async def _empty() -> AsyncIterator[dict[str, Any]]:
    return
    yield  # an async generator that yields nothing


def _point_record(point: MetricPoint) -> dict[str, Any]:
    return {
        "step": point.step,
        "total": point.total,
        "fold": point.fold,
        "loss": point.loss,
        "accuracy": point.accuracy,
        "macro_f1": point.macro_f1,
    }


def points_frame(points: Iterable[MetricPoint]) -> Any:
    """Metric points as a DataFrame, one row per step."""
    import pandas as pd

    return pd.DataFrame([_point_record(p) for p in points])


def compare_frame(runs: list[dict[str, Any]]) -> Any:
    """Runs side by side: one row per run, final metrics, sizes, model version, then each parameter."""
    import pandas as pd

    rows = []
    for run in runs:
        metrics = run.get("metrics") or {}
        row: dict[str, Any] = {
            "run_id": run["id"],
            "dataset_id": run["datasetId"],
            "model_type": run["modelType"],
            "state": run["state"],
            "accuracy": metrics.get("accuracy"),
            "macro_f1": metrics.get("macroF1"),
            "weighted_f1": metrics.get("weightedF1"),
            "loss": metrics.get("loss"),
            "item_count": run.get("itemCount"),
            "train_size": run.get("trainSize"),
            "validation_size": run.get("validationSize"),
            "validation": run.get("validationMethod"),
            "duration_seconds": run.get("durationSeconds"),
            "model_version": run.get("modelVersion"),
            "created_by": run.get("createdBy"),
            "created_at": parse_datetime(run.get("createdAt")),
        }
        row.update({f"params.{name}": value for name, value in sorted((run.get("params") or {}).items())})
        rows.append(row)
    return pd.DataFrame(rows).set_index("run_id") if rows else pd.DataFrame()
