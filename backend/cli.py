"""Command line for server-side work: `python -m backend.cli --help` (or `scripts/stack.sh cli …`)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import shutil
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from backend.backup import BackupService
from backend.container import Services
from backend.demo import load_demo_data
from backend.errors import DomainError, ValidationFailed
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
        manifest = await BackupService(services.storage.mongo.db, settings.mlflow_store_dir).backup(Path(args.folder))
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
        backups = BackupService(services.storage.mongo.db, settings.mlflow_store_dir)
        if args.check:
            manifest, _ = await backups.check_restore(Path(args.folder), replace=args.replace)
            print(f"the backup of {manifest.created_at} is whole and can be restored here")
            return 0
        manifest = await backups.restore(Path(args.folder), replace=args.replace)
        items = await services.index_sync.reindex()  # Elasticsearch is rebuilt from MongoDB, the truth
        await services.prepare_storage()  # the other indices, when missing
        jobs = await services.storage.jobs.mirror_all()  # training runs included: they are jobs
        print(f"search rebuilt: {items} items, {jobs} jobs")
        print(
            f"restored {sum(manifest.collections.values())} documents from the backup of {manifest.created_at} "
            f"in {time.monotonic() - started:.1f} s; API replicas load the production models within 15 s"
        )
        return 0
    finally:
        await services.close()


def _read_password(args: argparse.Namespace) -> str:
    """The new password: the first line of --password-file, else of standard input (asked twice on a terminal)."""
    if args.password_file:
        try:
            lines = Path(args.password_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DomainError(f"cannot read the password file {args.password_file}: {exc}") from exc
        return lines[0] if lines else ""
    if sys.stdin.isatty():
        first = getpass.getpass(f"password for {args.username}: ")
        if getpass.getpass("again: ") != first:
            raise DomainError("the two passwords differ: run the command again")
        return first
    return sys.stdin.readline().rstrip("\r\n")


async def _with_users(work: Callable[[Services], Awaitable[int]]) -> int:
    services = Services.create(get_settings())
    try:
        await services.prepare_storage()
        return await work(services)
    finally:
        await services.close()


async def create_admin(args: argparse.Namespace) -> int:
    password = _read_password(args)

    async def work(services: Services) -> int:
        user = await services.user_admin.create_admin(args.username, password)
        print(f"created ADMIN '{user.username}' (id {user.id})")
        return 0

    return await _with_users(work)


async def delete_user(args: argparse.Namespace) -> int:
    async def work(services: Services) -> int:
        user = await services.user_admin.delete_user(args.username)
        print(f"deleted {user.role.value} '{user.username}' (id {user.id}); their tokens no longer work")
        return 0

    return await _with_users(work)


async def remove_demo_accounts(_: argparse.Namespace) -> int:
    async def work(services: Services) -> int:
        removed = await services.user_admin.remove_demo_accounts()
        print(f"removed the demo accounts {removed}" if removed else "no demo account is left")
        return 0

    return await _with_users(work)


def _add_account_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    admin = commands.add_parser(
        "create-admin", help="create an ADMIN account; the password is read from stdin or --password-file"
    )
    admin.add_argument("username", help="3 to 40 lowercase letters, digits, '_', '.', '-'")
    admin.add_argument("--password-file", help="a file whose first line is the password (8 to 256 characters)")
    admin.set_defaults(run=create_admin)
    delete = commands.add_parser("delete-user", help="delete an account (its tokens stop working at once)")
    delete.add_argument("username")
    delete.set_defaults(run=delete_user)
    demo = commands.add_parser("remove-demo-accounts", help="delete the demo accounts user/user and admin/admin")
    demo.set_defaults(run=remove_demo_accounts)


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
    _add_account_commands(commands)
    args = parser.parse_args(argv)
    try:
        code: int = asyncio.run(args.run(args))
    except ValidationFailed as exc:
        for problem in exc.problems:
            print(f"error: {problem.field}: {problem.message}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
