"""The round trips of `annotateItem` to MongoDB and Redis, counted by the replica itself: a new one fails this test
until it is listed here and in docs/performance.md (what annotators wait for)."""

from __future__ import annotations

from tests.api import create_user, login
from tests.data import create_dataset, import_file, jsonl
from tests.round_trips import per_call, replica_post

ANNOTATE = "mutation($i: ID!, $l: String!) { annotateItem(itemId: $i, label: $l) { __typename } }"
NEXT = "query($d: ID!) { nextItem(datasetId: $d, strategy: UNLABELED_FIRST) { __typename } }"


def test_annotate_item_round_trips_are_the_listed_ones() -> None:
    # given: an annotator's token already checked once (its user cached), and a labelled item's dataset read once
    admin = login("admin", "admin")
    user = create_user(admin)
    token = login(user["username"], user["password"])
    dataset = create_dataset(admin)
    import_file(admin, dataset, jsonl([{"id": f"x{i}", "text": f"text {i}"} for i in range(31)]), "x.jsonl")
    assert replica_post(ANNOTATE, {"i": f"{dataset}:x0", "l": "pos"}, token)["data"] == {
        "annotateItem": {"__typename": "ItemSuccess"}
    }

    # when: six batches of five new labels, one after another; the replica's own background work (a model refresh,
    # the prediction log) adds to its counters now and then, never takes away: the quietest batch is the call's
    batches = [
        per_call(lambda i, b=b: replica_post(ANNOTATE, {"i": f"{dataset}:x{b * 5 + i + 1}", "l": "neg"}, token), 5)
        for b in range(6)
    ]
    trips = min(batches, key=lambda batch: sum(batch.values()))

    # then: MongoDB — the item, its dataset (writable? which labels? what may the caller see?), the
    # compare-and-set write; Redis — the user's stamp (a changed password or role revokes tokens), the slot taken for
    # the write (a script), then at once the slot let go and the activity counted and published (one pipeline)
    assert trips == {
        ("mongo", "find"): 2.0,
        ("mongo", "findAndModify"): 1.0,
        ("redis", "GET"): 1.0,
        ("redis", "EVALSHA"): 1.0,
        ("redis", "ZREM"): 1.0,
        ("redis", "PIPELINE"): 1.0,
    }
