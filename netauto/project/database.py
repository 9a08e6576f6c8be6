"""``project.database``: the schema's revision and upgrade, and backups of the database.

What ``netauto db`` and the web's ``/readyz`` ask of the database, asked here once. Plain
SQL and the database's own tools (:mod:`netauto.db.migrate`, :mod:`netauto.db.backup`):
none of it loads SQLAlchemy but an upgrade (Alembic).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from netauto.db import backup as backups
from netauto.db import migrate

if TYPE_CHECKING:
    from netauto.project.core import Project

__all__ = ["DatabaseAdmin", "Made", "SchemaState"]

Made = backups.Made


@dataclass(frozen=True)
class SchemaState:
    """The schema's revision in the database (None: no schema) and the one this code needs."""

    revision: str | None
    head: str = migrate.HEAD

    @property
    def status(self) -> str:
        """``ok``, ``missing`` (an empty database) or ``outdated``."""
        if self.revision is None:
            return "missing"
        return "ok" if self.revision == self.head else "outdated"


class DatabaseAdmin:
    """The project's database as an administrator sees it (no schema check on the way in)."""

    head = migrate.HEAD  # the schema revision this code needs

    def __init__(self, project: Project) -> None:
        self.project = project

    def schema(self) -> SchemaState:
        """Where the schema is; DatabaseError when the database does not answer."""
        return SchemaState(migrate.current_revision(self.project.database_url))

    def upgrade(self) -> str:
        """Create the schema or bring it to the newest revision; the revision it is at."""
        return migrate.upgrade(self.project.database_url)

    def backup(self, target: Path) -> Made:
        """Back it up to ``target``, online and owner-only (:func:`netauto.db.backup.backup`)."""
        return backups.backup(self.project.database_url, target)

    def restore(self, source: Path, *, force: bool = False) -> Made:
        """Restore it from ``source``; UsageError over data unless ``force``."""
        return backups.restore(self.project.database_url, source, force=force)
