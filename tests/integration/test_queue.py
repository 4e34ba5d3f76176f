"""The annotation queue: never an item you labelled, reservations that keep items within their overlap target."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import pytest
from redis import Redis

from tests.annotators import ANNOTATE, NEXT, Account, async_client, call, make_accounts
from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl
from tests.stack import REDIS_URL, wait_for

REFUSALS = 10  # of the same held item, by one annotator, before the concurrent test calls it stuck
FIFTY_S = 180  # bound on the concurrent test's labelling (about 15 s on 2 cores)
SETTINGS = """
mutation($d: ID!, $n: Int!, $o: QueueOrder) {
  updateDataset(id: $d, input: {settings: {overlapTarget: $n, queueOrder: $o}}) { __typename }
}
"""


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


def _dataset(admin: str, items: int, overlap: int, order: str | None = None) -> str:
    dataset = create_dataset(admin)
    post(SETTINGS, {"d": dataset, "n": overlap, "o": order}, admin)
    import_file(
        admin, dataset, jsonl([{"id": f"q{i:02d}", "text": f"queue item {i}"} for i in range(items)]), "q.jsonl"
    )
    return dataset


def _annotator(admin: str) -> tuple[str, str]:
    user = create_user(admin)
    return user["username"], login(user["username"], user["password"])


def _next(
    token: str, dataset: str, strategy: str = "UNLABELED_FIRST", exclude: list[str] | None = None
) -> dict[str, Any]:
    result: dict[str, Any] = post(NEXT, {"d": dataset, "s": strategy, "x": exclude}, token)["data"]["nextItem"]
    return result


def test_the_queue_never_gives_an_item_you_labelled(admin: str) -> None:
    dataset = _dataset(admin, items=3, overlap=2, order="IMPORT_ORDER")
    _, token = _annotator(admin)
    seen = []
    for _ in range(3):
        item = _next(token, dataset)["item"]
        seen.append(item["externalId"])
        assert (
            post(ANNOTATE, {"i": item["id"], "l": "pos"}, token)["data"]["annotateItem"]["__typename"] == "ItemSuccess"
        )
    assert seen == ["q00", "q01", "q02"]  # oldest first
    empty = _next(token, dataset)
    assert empty == {
        "__typename": "QueueEmpty",
        "message": f"no item of '{dataset}' needs a label from you in the UNLABELED_FIRST queue",
    }


def test_a_reservation_keeps_the_last_slot_for_its_holder(admin: str) -> None:
    dataset = _dataset(admin, items=1, overlap=1)
    _, first = _annotator(admin)
    _, second = _annotator(admin)
    taken = _next(first, dataset)
    assert taken["__typename"] == "QueuedItem"
    assert _next(first, dataset)["item"]["id"] == taken["item"]["id"]  # asking again renews it
    assert _next(second, dataset)["__typename"] == "QueueEmpty"
    refused = post(ANNOTATE, {"i": taken["item"]["id"], "l": "neg"}, second)["data"]["annotateItem"]
    assert refused["__typename"] == "ItemCompleteError"
    assert post(ANNOTATE, {"i": taken["item"]["id"], "l": "pos"}, first)["data"]["annotateItem"]["__typename"] == (
        "ItemSuccess"
    )


def _holders(item: str) -> set[str]:
    with Redis.from_url(REDIS_URL, decode_responses=True) as redis:
        return set(redis.zrangebyscore(f"labelloop:reservations:{item}", time.time(), "+inf"))


def test_a_holder_is_not_refused_while_another_annotator_is_taking_a_slot(admin: str) -> None:
    # given an item wanting one label, given by the queue to its holder
    dataset = _dataset(admin, items=1, overlap=1)
    holder_name, holder = _annotator(admin)
    item = _next(holder, dataset)["item"]["id"]
    # and, for a moment, another annotator's slot on it, as nextItem or annotateItem take one before they check it
    with Redis.from_url(REDIS_URL) as redis:
        redis.zadd(f"labelloop:reservations:{item}", {"someone-checking": time.time() + 30})
    # when the holder labels it, then the label is stored: its slot was checked when the queue gave it
    stored = post(ANNOTATE, {"i": item, "l": "pos"}, holder)["data"]["annotateItem"]
    assert stored["__typename"] == "ItemSuccess", stored
    assert [a["annotator"] for a in stored["item"]["annotations"]] == [holder_name]
    # and its reservation is gone, the other's is left to its owner
    assert _holders(item) == {"someone-checking"}


def test_a_label_given_without_the_queue_takes_a_slot_only_for_its_write(admin: str) -> None:
    # given an item wanting two labels, one annotator holding a slot through the queue
    dataset = _dataset(admin, items=1, overlap=2)
    holder_name, holder = _annotator(admin)
    item = _next(holder, dataset)["item"]["id"]
    (_, second), (_, third) = _annotator(admin), _annotator(admin)
    # when a second labels it without the queue, with a label the dataset lacks, then with a good one
    wrong = post(ANNOTATE, {"i": item, "l": "maybe"}, second)["data"]["annotateItem"]
    assert wrong["__typename"] == "ValidationError", wrong
    assert _holders(item) == {holder_name}  # a refused write keeps no slot
    stored = post(ANNOTATE, {"i": item, "l": "neg"}, second)["data"]["annotateItem"]
    assert stored["__typename"] == "ItemSuccess", stored
    # then the slot it took for the write is let go once it is a label
    assert _holders(item) == {holder_name}
    # and a third is refused (a label and a holder fill the two slots) and keeps no slot either
    refused = post(ANNOTATE, {"i": item, "l": "pos"}, third)["data"]["annotateItem"]
    assert refused["__typename"] == "ItemCompleteError", refused
    assert _holders(item) == {holder_name}
    # and the holder's label still goes in
    assert post(ANNOTATE, {"i": item, "l": "pos"}, holder)["data"]["annotateItem"]["__typename"] == "ItemSuccess"
    assert _holders(item) == set()


def test_skipped_items_are_passed_over(admin: str) -> None:
    dataset = _dataset(admin, items=2, overlap=1)
    _, token = _annotator(admin)
    first = _next(token, dataset)["item"]["id"]
    other = _next(token, dataset, exclude=[first])["item"]["id"]
    assert other != first


def test_the_review_queue_gives_conflicts_to_reviewers_only(admin: str) -> None:
    dataset = _dataset(admin, items=2, overlap=2)
    (_, a), (_, b) = _annotator(admin), _annotator(admin)
    item = f"{dataset}:q00"
    post(ANNOTATE, {"i": item, "l": "pos"}, a)
    post(ANNOTATE, {"i": item, "l": "neg"}, b)
    refused = _next(a, dataset, "REVIEW")
    assert refused["__typename"] == "ReviewQueueForbiddenError"
    wait_for(
        lambda: _next(admin, dataset, "REVIEW").get("item", {}).get("id") == item, 10, "the conflict to be indexed"
    )


async def test_fifty_concurrent_annotators_never_exceed_the_overlap_target(admin: str) -> None:
    # given 20 items wanting 2 labels each, and 50 annotators working at once through Nginx, each from their own
    # address, as 50 people would be (Nginx limits requests per address)
    dataset = _dataset(admin, items=20, overlap=2)
    accounts = make_accounts(admin, 50, subnet=77)

    async def label(account: Account) -> int:
        """Label what the queue gives; stop after the queue has been empty three times in a row (an empty
        answer can be momentary: a slot stays reserved until its holder's label is stored)."""
        done = empty = 0
        refused: Counter[str] = Counter()
        async with async_client(account, timeout_s=60) as client:
            while empty < 3:
                result = await call(client, "nextItem", NEXT, {"d": dataset, "s": "LEAST_ANNOTATED"})
                if result["__typename"] != "QueuedItem":
                    empty += 1
                    await asyncio.sleep(0.3)
                    continue
                empty = 0
                item = result["item"]["id"]
                answer = await call(client, "annotateItem", ANNOTATE, {"i": item, "l": "pos"})
                if answer["__typename"] == "ItemSuccess":
                    done += 1
                    continue
                # the queue renews the caller's reservation: an item it keeps giving and annotateItem keeps
                # refusing would loop forever (labels plus reservations above the overlap target)
                refused[item] += 1
                assert refused[item] < REFUSALS, (
                    f"{account.username} holds {item} (reserved until {result['reservedUntil']}), but annotateItem "
                    f"refused it {refused[item]} times: {answer}"
                )
        return done

    try:
        async with asyncio.timeout(FIFTY_S), asyncio.TaskGroup() as group:  # one failure stops them all
            tasks = [group.create_task(label(a)) for a in accounts]
    except TimeoutError:
        pytest.fail(f"the 50 annotators had not emptied the queue of 20 items after {FIFTY_S} s")
    done = sum(t.result() for t in tasks)
    # then exactly 40 labels were accepted, and no item has more than 2
    counts = post(
        "query($d: ID!) { search(datasetId: $d, first: 100) { ... on SearchResults { nodes { itemId } } } }",
        {"d": dataset},
        admin,
    )
    assert len(counts["data"]["search"]["nodes"]) == 20
    per_item = [
        len(
            post("query($i: ID!) { item(id: $i) { annotations { annotator } } }", {"i": f"{dataset}:q{i:02d}"}, admin)[
                "data"
            ]["item"]["annotations"]
        )
        for i in range(20)
    ]
    assert max(per_item) <= 2
    assert sum(per_item) == done
    assert done == 40
