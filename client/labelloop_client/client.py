"""`Client`: Labelloop from Python, one thin helper per GraphQL operation."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

from labelloop_client._session import Session, union_result
from labelloop_client.answers import Answers, structured_target
from labelloop_client.automations import Automations
from labelloop_client.errors import (
    AuthenticationError,
    DatasetNotFoundError,
    ItemNotFoundError,
    LabelloopError,
    PromotionProposedError,
    TrainingRunNotFoundError,
)
from labelloop_client.runs import TrainingRun, compare_frame
from labelloop_client.search import SearchResults, to_graphql_input
from labelloop_client.types import Item, Prediction, PromotionEvent

DEFAULT_URL = "http://127.0.0.1:8080"
JOB_ENDED = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})


class Client(Answers, Automations):
    """A connection to Labelloop with one user's permissions.

    Authenticate with an API token (`token=`, or the LABELLOOP_TOKEN environment variable; create one in the
    app or with `create_api_token`) or with `username=` and `password=` (an access token, refreshed before it
    expires). The server is `url=`, or LABELLOOP_URL, or http://127.0.0.1:8080.

        client = Client(username="admin", password="admin")
        run = client.start_training("fortunes", "TFIDF_SGD", params={"epochs": 20})
        for point in run.watch():
            print(point.step, point.accuracy)
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self._session = Session(url or os.environ.get("LABELLOOP_URL") or DEFAULT_URL, timeout)
        if token is None and username is None:
            token = os.environ.get("LABELLOOP_TOKEN") or None
            if token is None:
                username = os.environ.get("LABELLOOP_USERNAME") or None
                password = password or os.environ.get("LABELLOOP_PASSWORD") or None
        if token is not None:
            self._session.use_token(token)
        elif username is not None:
            if password is None:
                raise AuthenticationError(f"username '{username}' was given without a password")
            self._session.login(username, password)
        else:
            raise AuthenticationError(
                "no credentials: pass token= (an API token) or username= and password=, "
                "or set LABELLOOP_TOKEN (or LABELLOOP_USERNAME and LABELLOOP_PASSWORD)"
            )

    @property
    def url(self) -> str:
        return self._session.base_url

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<labelloop Client {self.url}>"

    # ------------------------------------------------------------ account

    def viewer(self) -> dict[str, Any]:
        """Who you are: {"user": {id, username, role, …}, "authMethod", "permissions": [...], "apiTokens", …}
        (the `ViewerFields` the app reads too)."""
        viewer: dict[str, Any] = self._session.execute("Viewer", {})["viewer"]
        return viewer

    def create_api_token(self, name: str) -> str:
        """A new API token for scripts (shown once: keep it, e.g. in LABELLOOP_TOKEN)."""
        result = union_result(
            self._session.execute("CreateApiToken", {"name": name})["createApiToken"], "CreateApiTokenSuccess"
        )
        token: str = result["token"]
        return token

    # ------------------------------------------------------------ data

    def dataset(self, dataset: str) -> dict[str, Any]:
        """The dataset's definition (`DatasetFields`): id, name, kind, labels, instructions, settings, featureNames,
        archived, createdAt, updatedAt, itemCount."""
        found: dict[str, Any] | None = self._session.execute("Dataset", {"id": dataset})["dataset"]
        if found is None:
            raise DatasetNotFoundError(f"no dataset has the id '{dataset}'")
        return found

    def search(
        self,
        dataset: str,
        query: str | None = None,
        filter: Mapping[str, Any] | None = None,
        sort: str | None = None,
        page_size: int = 100,
    ) -> SearchResults:
        """Every item of `dataset` matching the full-text `query` and the ItemFilter `filter` (keys as in the
        schema or in snake_case: {"statuses": ["UNLABELED"], "has_gold_label": False}). Iterate over the result
        (pages are fetched as needed) or call `.to_pandas()`. `sort`: RELEVANCE (default with a query),
        EXTERNAL_ID (default without), NEWEST, OLDEST."""
        return SearchResults(self._session, dataset, query, filter, sort, page_size)

    def item(self, item_id: str) -> Item:
        """One item, read from the source of truth, with its annotations, history and suggestion (what you may see)."""
        item = self._session.execute("Item", {"id": item_id})["item"]
        if item is None:
            raise ItemNotFoundError(f"no item has the id '{item_id}'")
        return Item.model_validate(item)

    def label(self, item_id: str, label: str, note: str | None = None, accepted_suggestion: bool | None = None) -> Item:
        """Annotate an item (`<dataset>:<external id>`) with one of its dataset's labels; a second call replaces
        your label. `accepted_suggestion`: True when the label is the item's model suggestion that you were shown
        and took as it is, False when you were shown it and chose otherwise (None: nothing recorded). Returns the
        item as stored."""
        variables = {"itemId": item_id, "label": label, "note": note, "acceptedSuggestion": accepted_suggestion}
        result = union_result(self._session.execute("AnnotateItem", variables)["annotateItem"], "ItemSuccess")
        return Item.model_validate(result["item"])

    def training_set(
        self,
        dataset: str,
        filter: Mapping[str, Any] | None = None,
        timeout: float = 300.0,
    ) -> Any:
        """The labelled items of `dataset` matching `filter` as a DataFrame: item_id, external_id, text (TEXT) or
        one column per feature (TABULAR), label, label_source. The label is the gold label when there is one
        ("gold"), else the majority of the annotations ("majority"); items without a label, or whose top labels
        tie, are left out — as a training does. Runs an export (`exportItems`, ADMIN only: an export holds every
        annotator's labels) and reads its file."""
        import pandas as pd

        result = self._session.execute("ExportItems", {"datasetId": dataset, "filter": to_graphql_input(filter)})
        job = self._wait_for_job(union_result(result["exportItems"], "JobSuccess")["job"], timeout)
        records = []
        for row in self._download(job["result"]["download"]):
            label, source = training_label(row)
            if label is None:
                continue
            record: dict[str, Any] = {"item_id": f"{dataset}:{row['id']}", "external_id": row["id"]}
            if row.get("features"):
                record.update(row["features"])
            else:
                record["text"] = row.get("text")
            record.update(label=label, label_source=source)
            records.append(record)
        frame = pd.DataFrame(records)
        return frame.sort_values("external_id", ignore_index=True) if records else frame

    def _wait_for_job(self, job: dict[str, Any], timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while job["state"] not in JOB_ENDED:
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job['id']} still {job['state']} after {timeout:.0f}s: {job['message']}")
            time.sleep(0.25)
            job = self._session.execute("Job", {"id": job["id"]})["job"]
        if job["state"] != "SUCCEEDED":
            raise LabelloopError(f"{job['kind'].lower()} job {job['id']} {job['state']}: {job['message']}")
        return job

    def _download(self, path: str) -> list[dict[str, Any]]:
        request = urllib.request.Request(  # noqa: S310 - the URL is the server's own http(s) base URL
            f"{self._session.base_url}{path}", headers={"Authorization": f"Bearer {self._session.bearer()}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self._session.timeout) as response:  # noqa: S310
                return [json.loads(line) for line in response.read().decode("utf-8").splitlines() if line.strip()]
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")
            raise LabelloopError(f"cannot download {path} (HTTP {exc.code}): {detail}") from None

    # ------------------------------------------------------------ training

    def start_training(
        self,
        dataset: str,
        model_type: str,
        params: Mapping[str, Any] | None = None,
        training_set: Mapping[str, Any] | None = None,
        validation: Mapping[str, Any] | None = None,
        min_agreement: float | None = None,
        training_set_id: str | None = None,
    ) -> TrainingRun:
        """Start a training (ADMIN) and return its handle: `run.watch()` streams its metric points, `run.wait()`
        waits for the end. `params` as listed by `modelTypes` ({"epochs": 20}); `training_set` an ItemFilter;
        `validation` {"method": "HOLDOUT", "test_fraction": 0.2} or {"method": "CROSS_VALIDATION", "folds": 5}.
        `training_set_id` trains on a saved set instead (its filter, label rule and minimum agreement: give neither
        `training_set` nor `min_agreement` with it). Invalid parameters raise ValidationError with one field error
        each (`params.<name>`)."""
        variables = {
            "datasetId": dataset,
            "modelType": model_type,
            "params": dict(params) if params is not None else None,
            "trainingSet": to_graphql_input(training_set),
            "validation": to_graphql_input(validation),
            "minAgreement": min_agreement,
            "trainingSetId": training_set_id,
        }
        result = union_result(self._session.execute("StartTraining", variables)["startTraining"], "TrainingRunSuccess")
        return TrainingRun(self._session, result["run"])

    def training_sets(self, dataset: str) -> list[dict[str, Any]]:
        """The dataset's saved training sets, by name: id, name, filter, labelRule, minAgreement, … (up to 200)."""
        page = self._session.execute("TrainingSets", {"datasetId": dataset, "first": 200})["trainingSets"]
        nodes: list[dict[str, Any]] = page["nodes"]
        return nodes

    def save_training_set(
        self,
        dataset: str,
        name: str,
        filter: Mapping[str, Any] | None = None,
        label_rule: str = "GOLD_OR_MAJORITY",
        min_agreement: float | None = None,
        set_id: str | None = None,
    ) -> dict[str, Any]:
        """Create a training set of `dataset` (ADMIN), or change the set `set_id`; returns it as saved. `filter` an
        ItemFilter (as `search` takes it); `label_rule` GOLD_OR_MAJORITY, GOLD_ONLY or UNANIMOUS. A name the
        dataset has already raises ValidationError."""
        fields = {
            "name": name,
            "filter": to_graphql_input(filter),
            "labelRule": label_rule,
            "minAgreement": min_agreement,
        }
        if set_id is None:
            variables: dict[str, Any] = {"datasetId": dataset, "input": fields}
            result = self._session.execute("CreateTrainingSet", variables)["createTrainingSet"]
        else:
            result = self._session.execute("UpdateTrainingSet", {"id": set_id, "input": fields})["updateTrainingSet"]
        saved: dict[str, Any] = union_result(result, "TrainingSetSuccess")["trainingSet"]
        return saved

    def delete_training_set(self, set_id: str) -> None:
        """Delete a training set (ADMIN); runs started from it keep its definition."""
        union_result(
            self._session.execute("DeleteTrainingSet", {"id": set_id})["deleteTrainingSet"], "DeleteTrainingSetSuccess"
        )

    def run_items(self, run_id: str) -> list[dict[str, Any]]:
        """Every item a run trained on, frozen at its start, in id order: itemId, label, contentSha256."""
        items: list[dict[str, Any]] = []
        after: str | None = None
        while True:
            variables = {"runId": run_id, "first": 200, "after": after}
            page = self._session.execute("TrainingRunItems", variables)["trainingRunItems"]
            if page is None:
                raise TrainingRunNotFoundError(f"no training run has id '{run_id}': list them with `runs()`")
            items += page["nodes"]
            if not page["pageInfo"]["hasNextPage"]:
                return items
            after = page["pageInfo"]["endCursor"]

    def training_run(self, run_id: str, read: bool = True) -> TrainingRun:
        """The handle of an existing run (e.g. started from the web app), read now unless `read=False` (then
        `watch()` alone, or `refresh()`, reads it)."""
        run = TrainingRun(self._session, {"id": run_id})
        return run.refresh() if read else run

    def runs(
        self, dataset: str | None = None, states: Sequence[str] | None = None, first: int = 20
    ) -> list[TrainingRun]:
        """Training runs, newest first (at most `first`, up to 100)."""
        variables = {"datasetId": dataset, "states": list(states) if states else None, "first": first}
        page = self._session.execute("TrainingRuns", variables)["trainingRuns"]
        return [TrainingRun(self._session, run) for run in page["nodes"]]

    def cancel_job(self, job_id: str) -> dict[str, Any]:
        """Cancel a job of any kind (import, export, training…): a queued one ends CANCELLED at once, a running
        one at its next step. Returns the job (id, kind, state, message, cancelRequested)."""
        result = self._session.execute("CancelJob", {"id": job_id})["cancelJob"]
        job: dict[str, Any] = union_result(result, "CancelJobSuccess")["job"]
        return job

    def compare(self, run_ids: Sequence[str | TrainingRun]) -> Any:
        """Up to 10 runs side by side as a DataFrame indexed by run id: state, final metrics, sizes, duration,
        model version and every parameter (`params.<name>`)."""
        ids = [run.id if isinstance(run, TrainingRun) else run for run in run_ids]
        return compare_frame(self._session.execute("CompareTrainingRuns", {"ids": ids})["compareTrainingRuns"])

    # ------------------------------------------------------------ registry and serving

    def promote(self, model: str, version: str | int, reason: str, timeout: float = 300) -> PromotionEvent:
        """Make `version` the production version of `model` (ADMIN): a PROMOTION job scores it against production
        on the evaluation set and applies the model's gate; waits for it. `reason` is kept in its history. Raises
        PromotionProposedError (with the gate's note) when the gate failed and a proposal was left instead."""
        variables = {"name": model, "version": str(version), "reason": reason}
        result = self._session.execute("PromoteModelVersion", variables)["promoteModelVersion"]
        return self._promotion_event(model, union_result(result, "PromotionJobSuccess")["job"], timeout)

    def rollback(self, model: str, reason: str, timeout: float = 300) -> PromotionEvent:
        """Put the previous production version of `model` back (ADMIN), through a PROMOTION job; waits for it."""
        result = self._session.execute("RollbackModel", {"name": model, "reason": reason})["rollbackModel"]
        return self._promotion_event(model, union_result(result, "PromotionJobSuccess")["job"], timeout)

    def _promotion_event(self, model: str, job: dict[str, Any], timeout: float) -> PromotionEvent:
        done = self._wait_for_job(job, timeout)
        outcome = done.get("result") or {}
        if outcome.get("outcome") == "PROPOSED":
            note = (outcome.get("gate") or {}).get("note", "")
            raise PromotionProposedError(f"{done['message']} ({note})", proposal_id=str(outcome.get("proposal_id")))
        nodes = self._session.execute("LatestPromotion", {"name": model})["promotionHistory"]["nodes"]
        return PromotionEvent.model_validate(nodes[0])

    def predict(
        self,
        model: str,
        inputs: Any,
        traffic: str = "PRODUCTION",
        *,
        version: str | None = None,
        alias: str | None = None,
    ) -> Prediction:
        """Predictions of the production version of `model` (named after its dataset). `inputs`: one text or a
        list of texts (or {"text": …}) for a text model; one object or a list of objects of feature → number, or
        a DataFrame of the features, for a tabular model. `traffic="TEST"` (or "PLAYGROUND") keeps the calls out
        of monitoring and of the feedback loop (docs/models.md). An ADMIN may name a `version` or an `alias`
        (e.g. "challenger") instead: logged as PINNED traffic."""
        variables = {
            "model": model,
            "inputs": _as_inputs(inputs),
            "traffic": traffic,
            "version": version,
            "alias": alias,
        }
        return Prediction.model_validate(
            union_result(self._session.execute("Predict", variables)["predict"], "Prediction")
        )


def _as_inputs(inputs: Any) -> list[Any]:
    if isinstance(inputs, str | Mapping):
        return [inputs]
    if hasattr(inputs, "to_dict") and hasattr(inputs, "columns"):  # a DataFrame: one object per row
        records: list[Any] = inputs.to_dict("records")
        return records
    return list(inputs)


def training_label(row: Mapping[str, Any]) -> tuple[Any, str | None]:
    """An exported item's training label and where it comes from: its gold label ("gold"), else the label most
    of its annotators gave ("majority"); (None, None) without a label or when the top labels tie. MULTI_LABEL
    and SPANS rows give a set or a list of spans (answers.py)."""
    if (structured := structured_target(row)) is not None:
        return structured
    if row.get("gold_label"):
        return str(row["gold_label"]), "gold"
    counts = Counter(a["label"] for a in row.get("annotations") or [])
    if not counts:
        return None, None
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, None
    return ranked[0][0], "majority"
