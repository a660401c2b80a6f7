"""Consistent backups of the database and the stored files, and their restore.

One archive (`.tar.gz`) holds:

- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or
  `database.sqlite3` (SQLite, the online backup API): the database as of one
  instant. On PostgreSQL the row counts are taken in a REPEATABLE READ
  transaction whose snapshot pg_dump shares (`--snapshot`), so the counts and
  the dump describe the same instant while the portal keeps serving.
- `files/<storage>/<name>`: every file of both storages (common.storage),
  copied after the database snapshot. A file is written before its row
  (documents.services, monitoring.services), so every file the snapshot names
  is already stored; a file uploaded meanwhile is an unreferenced extra.
- `manifest.json`: when, which engine, the row count of every table and the
  SHA-256 of every file; `restore` checks the result against it.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.files.base import File
from django.db import connection, connections, transaction

from common.storage import all_storages, walk

FORMAT = 1


class BackupError(Exception):
    pass


def _tables():
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    return sorted(
        name for name in connection.introspection.django_table_names() if name in existing
    )


def _count_rows(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts():
    with connection.cursor() as cursor:
        return _count_rows(cursor, _tables())


def _pg_environment():
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    return env, [*args, "--dbname", settings["NAME"]]


def _run(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _dump_database(folder: Path) -> dict:
    if connection.vendor == "postgresql":
        env, target = _pg_environment()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_rows(cursor, _tables())
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={folder / 'database.dump'}",
                    *target,
                ],
                env,
            )
        return counts
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(folder / "database.sqlite3")
        try:
            connection.connection.backup(destination)
            cursor = destination.cursor()
            tables = _tables()
            return _count_rows(cursor, tables)
        finally:
            destination.close()
    raise BackupError(f"No backup method for {connection.vendor}.")


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def backup(archive: Path) -> dict:
    """Write the archive; returns its manifest."""
    archive = Path(archive)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
        folder = Path(tmp)
        counts = _dump_database(folder)
        files = {}
        for storage_name, storage in all_storages().items():
            for name in walk(storage):
                target = folder / "files" / storage_name / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with storage.open(name, "rb") as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)
                with open(target, "rb") as copy:
                    files[f"{storage_name}/{name}"] = _sha256(copy)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "tables": counts,
            "files": files,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(folder)))
        partial.replace(archive)  # never a half-written archive under the real name
    return manifest


@contextmanager
def _unpacked(archive: Path):
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as tmp, tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")  # refuses absolute paths and ".."
        yield Path(tmp)


def _restore_database(folder: Path, engine: str):
    if engine != connection.vendor:
        raise BackupError(
            f"The backup is of a {engine} database, this portal uses {connection.vendor}."
        )
    if engine == "postgresql":
        env, target = _pg_environment()
        connections.close_all()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *target,
                str(folder / "database.dump"),
            ],
            env,
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(folder / "database.sqlite3")
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def restore(archive: Path) -> dict:
    """Put the database and the files of the archive back; check them against
    the manifest. Returns the manifest."""
    with _unpacked(Path(archive)) as folder:
        manifest = json.loads((folder / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("Unknown backup format.")
        _restore_database(folder, manifest["engine"])
        storages = all_storages()
        for key, checksum in manifest["files"].items():
            storage_name, name = key.split("/", 1)
            storage = storages[storage_name]
            path = folder / "files" / storage_name / name
            if storage.exists(name):
                storage.delete(name)
            with open(path, "rb") as handle:
                saved = storage.save(name, File(handle, name=os.path.basename(name)))
            if saved != name:
                raise BackupError(f"{key} was stored as {saved}.")
            with storage.open(name, "rb") as handle:
                if _sha256(handle) != checksum:
                    raise BackupError(f"{key} does not match its checksum after the restore.")
    counts = table_counts()
    differing = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    if differing:
        raise BackupError(f"Row counts differ after the restore: {differing}")
    return manifest


def summary(manifest) -> str:
    rows = sum(manifest["tables"].values())
    return (
        f"{manifest['engine']} database of {manifest['created_at']}: "
        f"{len(manifest['tables'])} tables, {rows} rows; {len(manifest['files'])} files."
    )
