"""One typed place where a task finds its run: settings, operator, run id, what it keeps.

``init_nornir`` attaches a :class:`RunContext` to the Nornir object it builds; tasks read it
with :func:`context_of` instead of digging through ``user_defined`` or the processors. Under
a plain Nornir (not built by netauto) there is no context and tasks fall back to defaults.

Tasks do device work; locks, persistence and the operations log belong to the engine. What a
task needs kept (its host's change lock, the pre-change config, the device's state, an AI
exchange) it hands to the run's :class:`RunStore`, which the engine attaches
(:mod:`netauto.runner.store`, on the database): tasks import nothing of ``netauto.db`` or
``netauto.oplog``. This module sits below the tasks and imports nothing of netauto at run time.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from nornir.core import Nornir
    from nornir.core.task import Task

    from netauto.ai.loop import Generation
    from netauto.db.records import Record
    from netauto.plugins.oplog import OperationsLogProcessor
    from netauto.settings import Settings

# Nornir's user_defined section is the one place a Nornir object carries our own objects;
# filtered copies and processors share it.
_KEY = "netauto_context"


class StoredConfig(Protocol):
    """A pre-change config the run's store kept (:class:`netauto.db.snapshots.Snapshot`)."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def config(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def run_id(self) -> uuid.UUID | None: ...
    @property
    def username(self) -> str | None: ...
    @property
    def needs_router(self) -> bool: ...
    def restore(self, running: str | None = None) -> str: ...


class RunStore(Protocol):
    """What the engine keeps for a run's tasks, as the run's operator and under its run id.

    Each call may raise :class:`~netauto.exceptions.DatabaseError` (or LockError for
    :meth:`lock`); the task decides whether that fails the host.
    """

    def lock(self, host: str, revert_in: int | None) -> AbstractContextManager[object]:
        """The host's change lock, held at least as long as a revert timer could fire."""
        ...

    def save_snapshot(self, host: str, config: str, reason: str) -> str:
        """Keep the host's pre-change config; returns its id."""
        ...

    def find_snapshot(
        self,
        host: str,
        *,
        snapshot_id: str | None = None,
        run_id: str | None = None,
        reason: str | None = "deploy",
    ) -> StoredConfig | None:
        """The newest kept config of ``host`` (of one run, or by id prefix); None if none."""
        ...

    def note_temporary(self, host: str, lines: Sequence[str]) -> None:
        """List the temporary lines a commit may leave in the host's lock row (none: clear)."""
        ...

    def device_state(self, host: str, values: Mapping[str, Any]) -> None:
        """Set columns of the host's ``network_devices`` row."""
        ...

    def save_generation(self, host: str, generation: Generation) -> None:
        """Keep an AI generation's exchange with the providers (``ai_conversations``)."""
        ...


@dataclass
class RunContext:
    """What every task of a netauto run may need, in one object."""

    settings: Settings
    username: str
    processor: OperationsLogProcessor | None = None
    # Loopback routers that took the lab's port (the inventory names none), and why that
    # port may not be this project's lab (None: it is); see netauto/lab/target.py.
    lab_hosts: frozenset[str] = frozenset()
    lab_problem: str | None = None
    # Where the run keeps what its tasks hand over; None: nothing is kept.
    store: RunStore | None = None

    @property
    def database_url(self) -> str:
        return self.settings.database_url

    @property
    def run_id(self) -> uuid.UUID | None:
        """The run the operations log is recording now, if any."""
        run = self.processor.current if self.processor is not None else None
        return run.id if run is not None else None

    def record(self, record: Record) -> bool:
        """Hand a record to the operations-log writer; False when the run records nothing."""
        if self.processor is None:
            return False
        self.processor.writer.put(record)
        return True

    def attach(self, nr: Nornir) -> None:
        nr.config.user_defined[_KEY] = self


def context_of(target: Nornir | Task | Any) -> RunContext | None:
    """The context of a Nornir object or of a task's Nornir; None under a plain Nornir."""
    nornir = getattr(target, "nornir", target)
    config = getattr(nornir, "config", None)
    found = getattr(config, "user_defined", {}).get(_KEY) if config is not None else None
    return found if isinstance(found, RunContext) else None


def settings_or_none(target: Nornir | Task | Any) -> Settings | None:
    """The netauto settings of a run, or None under a plain Nornir (tasks use defaults)."""
    context = context_of(target)
    return context.settings if context is not None else None


def store_of(target: Nornir | Task | Any) -> RunStore | None:
    """The run's store, or None (a plain Nornir, or a run that keeps nothing)."""
    context = context_of(target)
    return context.store if context is not None else None
