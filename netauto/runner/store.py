"""The run's store on the database: what tasks hand over, kept by the engine's side.

:class:`DatabaseStore` is the :class:`~netauto.context.RunStore` that ``init_nornir`` (and a
Celery worker's shard) attaches to a run's context: the change locks
(:mod:`netauto.db.locks`) and the lock rows' temporary lines (:mod:`netauto.db.lock_notes`),
pre-change configs (:mod:`netauto.db.snapshots`), ``network_devices`` (through the
operations-log writer when the run records, else at once) and the AI exchanges
(:mod:`netauto.ai.record`), all as the run's operator and run id.
SQLAlchemy is imported by the call that needs it, never on a run's way to its routers.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from netauto.context import RunContext
from netauto.db.records import DeviceRecord

if TYPE_CHECKING:
    from netauto.ai.loop import Generation
    from netauto.db.snapshots import Snapshot
    from netauto.settings import Settings


class DatabaseStore:
    """A run's :class:`~netauto.context.RunStore` on its database (``database_url``)."""

    def __init__(self, context: RunContext) -> None:
        self.context = context

    @property
    def url(self) -> str:
        return self.context.database_url

    def lock(self, host: str, revert_in: int | None) -> AbstractContextManager[object]:
        from netauto.db.locks import device_lock, lock_ttl

        context = self.context
        return device_lock(
            self.url,
            host,
            owner=context.username,
            run_id=context.run_id,
            ttl=lock_ttl(revert_in),
            taken_over=self._taken_over,
        )

    def _taken_over(self, host: str, whose: str) -> None:
        from netauto.notify.emit import safely

        run_id = self.context.run_id
        safely(
            self.url,
            kind="lock_taken_over",
            severity="warning",
            text=f"{host}: took over the stale change lock of {whose}"[:300],
            router=host,
            run_id=str(run_id) if run_id else None,
        )

    def save_snapshot(self, host: str, config: str, reason: str) -> str:
        from netauto.db.snapshots import save_snapshot

        context = self.context
        return str(
            save_snapshot(
                self.url,
                host,
                config,
                reason=reason,
                run_id=context.run_id,
                username=context.username,
            )
        )

    def find_snapshot(
        self,
        host: str,
        *,
        snapshot_id: str | None = None,
        run_id: str | None = None,
        reason: str | None = "deploy",
    ) -> Snapshot | None:
        from netauto.db.snapshots import find_snapshot

        return find_snapshot(self.url, host, snapshot_id=snapshot_id, run_id=run_id, reason=reason)

    def note_temporary(self, host: str, lines: Sequence[str]) -> None:
        from netauto.db.lock_notes import set_cleanup

        set_cleanup(self.url, host, lines)

    def device_state(self, host: str, values: Mapping[str, Any]) -> None:
        """Through the operations-log writer (batched, spooled when the database is down)
        when the run records; otherwise written at once."""
        if self.context.record(DeviceRecord(name=host, values=dict(values))):
            return
        from netauto.db.devices import update_device

        update_device(self.url, host, **values)

    def save_generation(self, host: str, generation: Generation) -> None:
        from netauto.ai.record import save_conversation

        context = self.context
        session_id = f"generate-{context.run_id or uuid.uuid4()}-{host}"[:100]
        save_conversation(self.url, context.username, session_id, generation)


def run_context(settings: Settings, username: str) -> RunContext:
    """A run's context with its store on the settings' database."""
    context = RunContext(settings=settings, username=username)
    context.store = DatabaseStore(context)
    return context
