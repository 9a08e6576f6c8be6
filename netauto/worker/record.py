"""A worker's operations-log processor: rows of the caller's run, with ids a redelivery keeps.

The caller's processor owns the ``runs`` row and counts the hosts; a worker writes the rows
of its shard's hosts (``running``, then the final status) into that run. The row id of a
host is derived from the dispatch (one ``nr.run`` of the caller) and the host name, so a
shard run a second time after its worker died upserts the same rows: each host ends with
exactly one final row.
"""

from __future__ import annotations

import uuid

from nornir.core.task import Task

from netauto.db.records import RunRecord
from netauto.oplog.writer import OplogWriter
from netauto.plugins.oplog import OperationsLogProcessor, RunState


def row_id(dispatch: uuid.UUID, host: str) -> uuid.UUID:
    """The operations-log id of ``host``'s row in one dispatch."""
    return uuid.uuid5(dispatch, host)


class ShardLog(OperationsLogProcessor):  # type: ignore[misc]
    """Records into the caller's run ``run_id``; never writes the run row itself."""

    def __init__(
        self, writer: OplogWriter, username: str, *, run_id: uuid.UUID, dispatch: uuid.UUID
    ) -> None:
        super().__init__(writer, username)
        self.dispatch = dispatch
        self.current = RunState(RunRecord(id=run_id, runbook="", username=username))

    def row_id(self, task: Task, host: str) -> uuid.UUID:
        return row_id(self.dispatch, host)
