"""``project.spool``: the records spooled while the database was unreachable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netauto.oplog.replay import Replay
    from netauto.project.core import Project


class SpoolReplay:
    def __init__(self, project: Project) -> None:
        self.project = project

    @property
    def path(self) -> Path:
        return self.project.settings.spool_file

    def pending(self) -> int:
        from netauto.oplog.spool import Spool

        return Spool(self.path).pending()

    def replay(self) -> Replay:
        """Store the spooled records into the project's database (see ``Replay.check``)."""
        from netauto.oplog.replay import replay_spool

        project = self.project
        return replay_spool(project.database_url, self.path, prepare=project.ensure_schema)
