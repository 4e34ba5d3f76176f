"""Jobs change state by compare-and-set on their `cas` key (unique index `jobs_cas`): a claim, a cancel of a queued
job and every state change land only on the state and attempt they were decided on, found by key (the native
MongoDB-wire server would scan `jobs` for a filter on `_id` plus `state`)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from elasticsearch import AsyncElasticsearch

from backend.clients.mongo import MongoClient
from backend.jobs.entities import Job, JobKind, JobState
from backend.jobs.repository import JobRepository, cas_token
from tests.stack import ES_URL, MONGO_DB, MONGO_URI


def _now() -> datetime:
    """A fresh heartbeat: the stack's worker recovers RUNNING jobs whose heartbeat is stale."""
    return datetime.now(UTC)


@pytest.fixture
async def jobs() -> AsyncIterator[JobRepository]:
    mongo = MongoClient(MONGO_URI, MONGO_DB)
    es = AsyncElasticsearch(ES_URL)
    yield JobRepository(mongo.db, es)
    await es.close()
    await mongo.close()


async def _queued(jobs: JobRepository) -> Job:
    job = Job(
        id=f"job_claims_{uuid.uuid4().hex[:12]}",
        kind=JobKind.REINDEX,
        state=JobState.QUEUED,
        created_by="test",
        created_at=_now(),
    )
    await jobs.insert(job)
    return job


async def test_concurrent_claims_of_one_attempt_are_won_by_exactly_one(jobs: JobRepository) -> None:
    # given a queued job
    job = await _queued(jobs)
    # when five deliveries of attempt 1 claim it at once
    claims = await asyncio.gather(*(jobs.claim(job.id, 1, _now()) for _ in range(5)))
    # then exactly one owns it, and the stored key is that of RUNNING attempt 1
    assert sum(claim is not None for claim in claims) == 1
    doc = await jobs.get_doc(job.id)
    assert doc is not None
    assert (doc["state"], doc["attempt"], doc["cas"]) == ("RUNNING", 1, cas_token(job.id, JobState.RUNNING, 1))


async def test_a_later_attempt_takes_over_a_running_job_and_an_earlier_one_cannot(jobs: JobRepository) -> None:
    # given a job running its attempt 2
    job = await _queued(jobs)
    assert await jobs.claim(job.id, 2, _now()) is not None
    # when attempt 1 (a late delivery) and attempt 3 (the re-queue after its worker died) claim it
    late = await jobs.claim(job.id, 1, _now())
    takeover = await jobs.claim(job.id, 3, _now())
    # then only the later attempt owns it
    assert late is None
    assert takeover is not None
    assert takeover.attempt == 3


async def test_a_cancel_and_a_claim_racing_on_a_queued_job_end_with_exactly_one_of_them(
    jobs: JobRepository,
) -> None:
    # given twenty queued jobs
    queued = [await _queued(jobs) for _ in range(20)]
    # when a worker claims each while someone cancels it
    outcomes = await asyncio.gather(
        *(asyncio.gather(jobs.claim(job.id, 1, _now()), jobs.cancel_if_queued(job.id, _now())) for job in queued)
    )
    # then each job either runs or was cancelled, never both, and its state says which
    for job, (claimed, cancelled) in zip(queued, outcomes, strict=True):
        assert (claimed is None) != (cancelled is None)
        stored = await jobs.get(job.id)
        assert stored is not None
        assert stored.state is (JobState.RUNNING if claimed else JobState.CANCELLED)


async def test_an_ended_job_is_neither_claimed_nor_moved_again(jobs: JobRepository) -> None:
    # given a job that succeeded
    job = await _queued(jobs)
    await jobs.claim(job.id, 1, _now())
    moved = await jobs.transition(job.id, JobState.SUCCEEDED, {"message": "done", "finished_at": _now()})
    assert moved is not None
    assert moved[1] is True
    # when a re-queued attempt claims it and a late failure tries to end it
    claim = await jobs.claim(job.id, 2, _now())
    failed = await jobs.transition(job.id, JobState.FAILED, {"message": "late failure"})
    # then nothing changed
    assert claim is None
    assert failed is not None
    assert failed[1] is False
    stored = await jobs.get(job.id)
    assert stored is not None
    assert (stored.state, stored.attempt, stored.message) == (JobState.SUCCEEDED, 1, "done")


async def test_a_job_stored_before_compare_and_set_keys_gets_one_and_is_claimed(jobs: JobRepository) -> None:
    # given a queued job written without a `cas` key (before this release)
    job = await _queued(jobs)
    mongo = MongoClient(MONGO_URI, MONGO_DB)
    await mongo.db["jobs"].update_one({"_id": job.id}, {"$unset": {"cas": ""}})
    await mongo.close()
    # when a worker claims it
    claimed = await jobs.claim(job.id, 1, _now())
    # then it runs, with the key of its new state
    assert claimed is not None
    assert claimed.state is JobState.RUNNING
    doc = await jobs.get_doc(job.id)
    assert doc is not None
    assert doc["cas"] == cas_token(job.id, JobState.RUNNING, 1)
