"""Uploads are deleted when their import ends, refused uploads are never stored, and the worker sweeps orphans."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from arq import create_pool
from arq.connections import RedisSettings

from tests.api import login
from tests.data import create_dataset, import_file, jsonl, upload
from tests.stack import REDIS_URL, STATE, wait_for

UPLOADS = STATE / "data" / "app" / "uploads"


def _stored(file_name: str) -> list[Path]:
    return sorted(UPLOADS.glob(f"*-{file_name}")) if UPLOADS.is_dir() else []


def test_an_upload_is_deleted_when_its_import_succeeds() -> None:
    # given a dataset
    token = login("admin", "admin")
    dataset = create_dataset(token)
    file_name = f"ok-{uuid.uuid4().hex[:8]}.jsonl"
    # when a file is imported
    job = import_file(token, dataset, jsonl([{"id": "a", "text": "one"}, {"id": "b", "text": "two"}]), file_name)
    # then the job succeeded and its upload is gone (deleted right after the job is marked SUCCEEDED: a worker that
    # dies in between leaves it to the orphan sweep, never a retry without its file)
    assert (job["state"], job["message"]) == ("SUCCEEDED", "2 items stored, 0 lines skipped")
    wait_for(lambda: _stored(file_name) == [], 10, "the upload to be deleted")


def test_an_upload_is_deleted_when_its_import_fails() -> None:
    # given a dataset
    token = login("admin", "admin")
    dataset = create_dataset(token)
    file_name = f"empty-{uuid.uuid4().hex[:8]}.jsonl"
    # when an empty file is imported
    job = import_file(token, dataset, b"\n\n", file_name)
    # then the job failed and its upload is gone
    assert (job["state"], job["message"]) == ("FAILED", "the file is empty: nothing to import")
    assert _stored(file_name) == []


def test_an_upload_whose_format_is_unknown_is_never_stored() -> None:
    # given a dataset
    token = login("admin", "admin")
    dataset = create_dataset(token)
    file_name = f"mystery-{uuid.uuid4().hex[:8]}.bin"
    # when a file with an unknown extension is sent without a format
    result = upload(token, dataset, b'{"id": "a", "text": "x"}\n', file_name)
    # then it is refused, and nothing was written
    assert result["__typename"] == "ValidationError"
    assert _stored(file_name) == []


async def test_the_worker_sweeps_uploads_that_no_job_reads_once_they_are_an_hour_old() -> None:
    # given an upload left behind two hours ago and another stored a minute ago, neither read by a job
    UPLOADS.mkdir(parents=True, exist_ok=True)
    old = UPLOADS / f"{uuid.uuid4().hex[:12]}-orphan-old.jsonl"
    fresh = UPLOADS / f"{uuid.uuid4().hex[:12]}-orphan-fresh.jsonl"
    for path, age_s in ((old, 7200), (fresh, 60)):
        path.write_text('{"id": "a", "text": "left behind"}\n')
        os.utime(path, (time.time() - age_s, time.time() - age_s))
    # when the worker runs its sweep (the cron job's own function, enqueued now rather than at minute 7, 22, …)
    redis = await create_pool(RedisSettings.from_dsn(REDIS_URL))
    try:
        assert await redis.enqueue_job("cron:sweep_orphan_uploads") is not None
    finally:
        await redis.aclose()
    # then the old one is deleted and the fresh one kept
    wait_for(lambda: not old.exists(), 60, "the worker to sweep the old upload")
    assert fresh.exists()
    fresh.unlink()
