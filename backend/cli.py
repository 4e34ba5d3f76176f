"""Command line for server-side work: `python -m backend.cli --help` (or `scripts/stack.sh cli …`)."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import time
from pathlib import Path

from backend.backup import BackupService
from backend.container import Services
from backend.demo import load_demo_data
from backend.errors import DomainError
from backend.imports.parsers import ImportFormat, ImportMapping
from backend.imports.service import infer_format
from backend.jobs.entities import Job, JobState
from backend.settings import get_settings

BAR_WIDTH = 40


def _bar(job: Job) -> str:
    total = job.total or 0
    share = min(1.0, job.done / total) if total else 0.0
    filled = int(share * BAR_WIDTH)
    return f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {job.done}/{total} lines, {job.problem_count} skipped"


async def import_items(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():  # noqa: ASYNC240 - a command line: nothing else waits on this loop
        print(f"error: no file at {source}", file=sys.stderr)
        return 2
    file_format = ImportFormat(args.format) if args.format else infer_format(source.name)
    if file_format is None:
        print(f"error: cannot tell the format of {source.name}: pass --format JSONL or CSV", file=sys.stderr)
        return 2
    services = Services.create(get_settings())
    try:
        await services.prepare_storage()
        path = services.imports.upload_path(source.name)
        shutil.copyfile(source, path)  # the job keeps its own copy, like an upload
        mapping = ImportMapping(
            args.id_field, args.text_field, args.label_field, tuple(args.metadata or ()), tuple(args.features or ())
        )
        job = await services.imports.submit(args.dataset, path, file_format, mapping, "cli", queue=False)

        async def show(progress: Job) -> None:
            print(_bar(progress), end="", flush=True)

        job = await services.imports.run(job.id, on_progress=show)
        print()
        for problem in job.problems:
            print(f"  line {problem.line}: {problem.reason}")
        if job.problem_count > len(job.problems):
            print(f"  … and {job.problem_count - len(job.problems)} more")
        print(f"{job.state.value}: {job.message}")
        return 0 if job.state is JobState.SUCCEEDED else 1
    finally:
        await services.close()


async def demo_data(_: argparse.Namespace) -> int:
    services = Services.create(get_settings())
    try:
        await services.prepare_storage()
        for line in await load_demo_data(services):
            print(line)
        return 0
    finally:
        await services.close()


async def backup(args: argparse.Namespace) -> int:
    settings = get_settings()
    services = Services.create(settings)
    try:
        started = time.monotonic()
        manifest = await BackupService(services.mongo.db, settings.mlflow_store_dir).backup(Path(args.folder))
        size = sum(f.bytes for f in manifest.files)
        print(
            f"backup written to {args.folder}: {sum(manifest.collections.values())} documents in "
            f"{len(manifest.collections)} collections, {len(manifest.files)} files, {size / 1e6:.1f} MB, "
            f"{time.monotonic() - started:.1f} s"
        )
        return 0
    finally:
        await services.close()


async def restore(args: argparse.Namespace) -> int:
    settings = get_settings()
    services = Services.create(settings)
    try:
        started = time.monotonic()
        backups = BackupService(services.mongo.db, settings.mlflow_store_dir)
        if args.check:
            manifest, _ = await backups.check_restore(Path(args.folder), replace=args.replace)
            print(f"the backup of {manifest.created_at} is whole and can be restored here")
            return 0
        manifest = await backups.restore(Path(args.folder), replace=args.replace)
        items = await services.index_sync.reindex()  # Elasticsearch is rebuilt from MongoDB, the truth
        await services.prepare_storage()  # the other indices, when missing
        jobs = await services.job_repository.mirror_all()
        runs = await services.training_repository.mirror_all()
        print(f"search rebuilt: {items} items, {jobs} jobs, {runs} training runs")
        print(
            f"restored {sum(manifest.collections.values())} documents from the backup of {manifest.created_at} "
            f"in {time.monotonic() - started:.1f} s; API replicas load the production models within 15 s"
        )
        return 0
    finally:
        await services.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="labelloop", description="Labelloop server-side commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    imports = commands.add_parser("import-items", help="import a JSONL or CSV file into a dataset, with progress")
    imports.add_argument("dataset", help="dataset id")
    imports.add_argument("file", help="path of a .jsonl or .csv file")
    imports.add_argument("--format", choices=[f.value for f in ImportFormat], help="default: from the extension")
    imports.add_argument("--id-field", default="id")
    imports.add_argument("--text-field", default="text")
    imports.add_argument("--label-field", default="label")
    imports.add_argument("--metadata", nargs="*", help="fields kept as metadata")
    imports.add_argument("--features", nargs="*", help="TABULAR feature fields")
    imports.set_defaults(run=import_items)
    demo = commands.add_parser("demo-data", help="create the demo datasets when missing (offline sources)")
    demo.set_defaults(run=demo_data)
    saving = commands.add_parser("backup", help="write a backup of MongoDB and MLflow into a new folder")
    saving.add_argument("folder", help="a new (or empty) folder")
    saving.set_defaults(run=backup)
    restoring = commands.add_parser(
        "restore", help="restore a backup (MLflow stopped meanwhile), then rebuild Elasticsearch from MongoDB"
    )
    restoring.add_argument("folder", help="a folder written by `backup`")
    restoring.add_argument("--replace", action="store_true", help="drop the database's data first, if it has any")
    restoring.add_argument(
        "--check", action="store_true", help="only check the backup and the database; change nothing"
    )
    restoring.set_defaults(run=restore)
    args = parser.parse_args(argv)
    try:
        code: int = asyncio.run(args.run(args))
    except DomainError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
