"""Backing up and restoring the operations log: ``pg_dump``/``pg_restore``, SQLite's backup API.

::

    from netauto.db.backup import backup, restore
    made = backup(url, Path("netauto-2026-12-07.dump"))     # online: runs go on meanwhile
    restore(url, made.path)                                  # into an empty database
    restore(url, made.path, force=True)                      # over one that holds data

PostgreSQL: ``pg_dump --format=custom`` (Debian's postgresql-client), restored by
``pg_restore --single-transaction``: a restore that fails leaves the database as it was. The
password travels in ``PGPASSWORD``, never on a command line that ``ps`` shows. SQLite: the
online backup API, page by page, consistent while other processes write.

The file holds every router's config and the users' hashes: it is created owner-only (0600)
under a temporary name and renamed when complete, so a failed backup leaves no half file.
A restore refuses a database that holds data unless ``force``; a restored schema older than
this code's is reported (``netauto db upgrade`` brings it forward).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from netauto.db.direct import Database, error_line
from netauto.db.migrate import HEAD, current_revision
from netauto.db.url import redacted, sqlite_file
from netauto.exceptions import DatabaseError, UsageError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class Made:
    """A backup written (``path``, its size) or restored (``revision``: the schema's)."""

    path: Path
    size: int
    revision: str | None

    @property
    def behind(self) -> bool:
        return self.revision != HEAD


def _dialect(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The libpq URI without its password, and the environment that carries it."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise UsageError(f"{name} not found: install PostgreSQL's client (postgresql-client)")
    return found


def _run(
    args: list[str], env: dict[str, str], url: str, what: str, stdout: IO[bytes] | None = None
) -> None:
    done = subprocess.run(
        args, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE, check=False
    )
    if done.returncode != 0:
        text = done.stderr.decode(errors="replace").strip()
        line = text.splitlines()[0].removeprefix(f"{Path(args[0]).name}: ") if text else ""
        line = line or f"exit {done.returncode}"
        raise DatabaseError(f"cannot {what} {redacted(url)}: {line}")


def _private_temporary(target: Path) -> Path:
    """An empty owner-only file beside ``target`` (renamed over it once complete)."""
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {target}: {folder} is not a folder")
    temporary = folder / f".{target.name}.{os.getpid()}.partial"
    try:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    return temporary


def _read_only(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file ``path`` (any characters in its name)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=30)


def backup(url: str, target: Path) -> Made:
    """Write a backup of the database ``url`` to ``target`` (replaced when it exists)."""
    target = Path(target)
    if target.is_dir():
        raise UsageError(f"cannot write {target}: it is a folder")
    if _dialect(url) == "sqlite":
        path = sqlite_file(url)
        if path is None or not Path(path).is_file():
            raise UsageError(f"no SQLite database at {redacted(url)}: nothing to back up")
    revision = current_revision(url)  # also: the database answers
    if revision is None:
        raise UsageError(f"the database {redacted(url)} has no schema: nothing to back up")
    temporary = _private_temporary(target)
    try:
        if _dialect(url) == "postgresql":
            uri, env = _libpq(url)
            with open(temporary, "wb") as output:
                _run(
                    [_tool("pg_dump"), "--format=custom", "--dbname", uri],
                    env,
                    url,
                    "back up",
                    stdout=output,
                )
        else:
            _sqlite_copy(url, sqlite_file(url), temporary)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return Made(target, target.stat().st_size, revision)


def _sqlite_copy(url: str, source: str | None, target: Path) -> None:
    assert source is not None  # backup() checked the file
    try:
        reader = _read_only(source)
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
        finally:
            writer.close()
            reader.close()
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot copy {redacted(url)}: {error_line(exc)}") from None


FTS_SHADOWS = ("config", "data", "idx", "docsize", "content")


def tables_with_rows(url: str) -> list[str]:
    """The tables of the database that hold at least one row (not Alembic's own)."""
    database = Database.connect(url)
    try:
        if database.dialect == "postgresql":
            listed = (
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        else:
            listed = (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
            )
        names = sorted(str(row[0]) for row in database.rows(listed))
        if database.dialect == "sqlite":
            # A full-text index (FTS5) keeps its own tables, with rows from the start: derived
            # from the real tables, never data of their own.
            virtual = [
                str(row[0])
                for row in database.rows(
                    "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
                )
            ]
            shadows = {f"{table}_{part}" for table in virtual for part in FTS_SHADOWS}
            names = [name for name in names if name not in shadows]
        quoted = [name.replace('"', '""') for name in names if name != "alembic_version"]
        return [
            name
            for name in quoted
            if database.rows(f'SELECT EXISTS (SELECT 1 FROM "{name}")')[0][0]
        ]
    except database.errors as exc:
        raise DatabaseError(f"cannot read {redacted(url)}: {error_line(exc)}") from None
    finally:
        database.close()


def _kind(source: Path) -> str:
    try:
        with open(source, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror}") from None
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise UsageError(f"{source} is not a netauto backup (neither pg_dump's nor SQLite's)")


def restore(url: str, source: Path, *, force: bool = False) -> Made:
    """Restore the backup ``source`` into the database ``url``.

    UsageError (nothing changed) when ``source`` is not a backup of this database's kind, or
    the database holds data and ``force`` is not given.
    """
    source = Path(source)
    kind = _kind(source)
    if kind != _dialect(url):
        raise UsageError(
            f"{source} is a {kind} backup; the database {redacted(url)} is {_dialect(url)}"
        )
    full = tables_with_rows(url)
    if full and not force:
        raise UsageError(
            f"the database {redacted(url)} holds data ({', '.join(full[:3])}"
            f"{'...' if len(full) > 3 else ''}): restore over it with {{force}}",
            params=("force",),
        )
    if kind == "postgresql":
        uri, env = _libpq(url)
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                uri,
                str(source),
            ],
            env,
            url,
            "restore into",
        )
    else:
        _sqlite_restore(url, source)
    return Made(source, source.stat().st_size, current_revision(url))


def _sqlite_restore(url: str, source: Path) -> None:
    from netauto.private import private_file

    target = sqlite_file(url)
    if target is None:
        raise UsageError(f"cannot restore into {redacted(url)}: an in-memory database")
    if not Path(target).exists():
        private_file(Path(target))
    try:
        reader = _read_only(source)
        reader.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        raise UsageError(f"{source} is not a netauto backup (no schema revision)") from None
    try:
        writer = sqlite3.connect(target, timeout=30)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot restore into {redacted(url)}: {error_line(exc)}") from None
    finally:
        reader.close()
