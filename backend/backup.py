"""Backup and restore of a deployment (docs/operations.md): every MongoDB collection, MLflow's store and artifacts,
and a manifest with counts and checksums. Elasticsearch is not backed up: it is rebuilt from MongoDB on restore.

A backup folder holds:
  manifest.json            what was written: counts, sizes and SHA-256 of every file
  mongo/<collection>.bson  each collection's documents, concatenated BSON (what mongodump writes per collection)
  mlflow/mlflow.db         a consistent copy of MLflow's SQLite store (SQLite's online backup)
  mlflow/artifacts/        MLflow's artifacts (models), copied after the store so every version it names is there
"""

# Runs in the `cli` command alone, where nothing else waits on the event loop: plain file I/O is fine.
# ruff: noqa: ASYNC240

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import bson
from pymongo.asynchronous.database import AsyncDatabase

from backend.clock import utc_now
from backend.errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
MLFLOW_DB = "mlflow.db"
MLFLOW_ARTIFACTS = "artifacts"


class BackupError(DomainError):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str  # relative to the backup folder
    bytes: int
    sha256: str


@dataclass(slots=True)
class Manifest:
    format: int
    created_at: str
    database: str
    collections: dict[str, int] = field(default_factory=dict)  # name → documents
    indexes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # name → its secondary indexes
    files: list[FileEntry] = field(default_factory=list)
    mlflow: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw: dict[str, Any] = json.loads(text)
        files = [FileEntry(**f) for f in raw.pop("files", [])]
        return cls(files=files, **raw)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(root: Path, path: Path) -> FileEntry:
    return FileEntry(str(path.relative_to(root)), path.stat().st_size, _sha256(path))


def _copy_mlflow(store_dir: Path, target: Path) -> None:
    """A consistent copy of the SQLite store while MLflow runs, then its artifacts."""
    target.mkdir(parents=True)
    source_db = store_dir / MLFLOW_DB
    if not source_db.is_file():
        raise BackupError(f"no MLflow store at {source_db}: set LABELLOOP_MLFLOW_STORE_DIR to MLflow's folder")
    with sqlite3.connect(source_db) as source, sqlite3.connect(target / MLFLOW_DB) as copy:
        source.backup(copy)
    artifacts = store_dir / MLFLOW_ARTIFACTS
    if artifacts.is_dir():
        shutil.copytree(artifacts, target / MLFLOW_ARTIFACTS)


class BackupService:
    """Writes and restores backups of MongoDB and MLflow's store (a server-side command, `cli backup|restore`)."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]], mlflow_store: Path | None) -> None:
        self._db = db
        self._mlflow_store = mlflow_store

    async def backup(self, target: Path, progress: Callable[[str], None] = print) -> Manifest:
        """Write a backup into `target` (a new or empty folder); returns its manifest.

        MongoDB first, then MLflow: every model version a promotion names is in the MLflow copy. Each document is
        copied as it is at the moment it is read (MongoDB has no snapshot across collections here); an item and
        its annotations are one document, so a label is either wholly in the backup or not.
        """
        if target.exists() and any(target.iterdir()):
            raise BackupError(f"{target} is not empty: give a new folder for each backup")
        (target / "mongo").mkdir(parents=True)
        manifest = Manifest(FORMAT, utc_now().isoformat(), self._db.name)
        for name in sorted(await self._db.list_collection_names()):
            path = target / "mongo" / f"{name}.bson"
            count = 0
            with path.open("wb") as out:
                async for doc in self._db[name].find({}):  # a full scan of each collection, once
                    out.write(bson.encode(doc))
                    count += 1
            manifest.collections[name] = count
            manifest.indexes[name] = [  # each secondary index: its key and its options (name, unique, sparse…)
                {"key": list(i["key"].items()), "options": {k: v for k, v in i.items() if k not in ("v", "ns", "key")}}
                async for i in await self._db[name].list_indexes()
                if i["name"] != "_id_"
            ]
            progress(f"mongo {name}: {count} documents")
        if self._mlflow_store is not None:
            _copy_mlflow(self._mlflow_store, target / "mlflow")
            manifest.mlflow = True
            progress("mlflow: store and artifacts")
        manifest.files = [_entry(target, p) for p in sorted(target.rglob("*")) if p.is_file()]
        (target / MANIFEST).write_text(manifest.to_json())
        return manifest

    @staticmethod
    def verify(source: Path) -> Manifest:
        """Read the manifest and check every file's size and checksum; raises BackupError on any difference."""
        manifest_path = source / MANIFEST
        if not manifest_path.is_file():
            raise BackupError(f"{source} has no {MANIFEST}: is it a Labelloop backup folder?")
        manifest = Manifest.from_json(manifest_path.read_text())
        if manifest.format != FORMAT:
            raise BackupError(f"backup format {manifest.format} is not supported (this version reads {FORMAT})")
        for entry in manifest.files:
            path = source / entry.path
            if not path.is_file() or path.stat().st_size != entry.bytes or _sha256(path) != entry.sha256:
                raise BackupError(f"{entry.path} is missing or differs from the manifest: the backup is damaged")
        return manifest

    async def check_restore(self, source: Path, *, replace: bool) -> tuple[Manifest, dict[str, int]]:
        """What `restore` checks before it changes anything: the backup is whole, and the database is empty (or
        `replace` is given). Returns the manifest and the documents each present collection holds."""
        manifest = self.verify(source)
        present = {n: await self._db[n].estimated_document_count() for n in await self._db.list_collection_names()}
        if any(present.values()) and not replace:
            filled = ", ".join(f"{n} ({c})" for n, c in sorted(present.items()) if c)
            raise BackupError(
                f"the database '{self._db.name}' is not empty ({filled}): restore onto an empty stack, "
                "or pass --replace to drop its collections and put the backup's in their place"
            )
        return manifest, present

    async def restore(self, source: Path, *, replace: bool, progress: Callable[[str], None] = print) -> Manifest:
        """Bring a verified backup back: MLflow's store (MLflow must be stopped meanwhile), then every collection.

        Refuses a database that already has data unless `replace`, which drops every collection first.
        The caller rebuilds the search indices from MongoDB afterwards.
        """
        manifest, present = await self.check_restore(source, replace=replace)
        if manifest.mlflow:
            self._restore_mlflow(source / "mlflow")
            progress("mlflow: store and artifacts")
        for name in present:  # the database becomes what the backup holds, nothing more
            await self._db[name].drop()
        for name, expected in sorted(manifest.collections.items()):
            collection = await self._db.create_collection(name)  # an empty one too: init-mongo.js made it
            batch: list[dict[str, Any]] = []
            with (source / "mongo" / f"{name}.bson").open("rb") as handle:
                for doc in bson.decode_file_iter(handle):
                    batch.append(doc)
                    if len(batch) >= 1000:
                        await collection.insert_many(batch, ordered=True)
                        batch = []
            if batch:
                await collection.insert_many(batch, ordered=True)
            for index in manifest.indexes.get(name, []):
                await collection.create_index([(k, v) for k, v in index["key"]], **index["options"])
            restored = await collection.estimated_document_count()
            if restored != expected:
                raise BackupError(f"{name}: {restored} documents restored, the manifest says {expected}")
            progress(f"mongo {name}: {restored} documents")
        return manifest

    def _restore_mlflow(self, source: Path) -> None:
        if self._mlflow_store is None:
            raise BackupError("the backup has MLflow's store: set LABELLOOP_MLFLOW_STORE_DIR to MLflow's folder")
        self._mlflow_store.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / MLFLOW_DB, self._mlflow_store / MLFLOW_DB)
        artifacts = self._mlflow_store / MLFLOW_ARTIFACTS
        if artifacts.exists():
            shutil.rmtree(artifacts)
        if (source / MLFLOW_ARTIFACTS).is_dir():
            shutil.copytree(source / MLFLOW_ARTIFACTS, artifacts)
