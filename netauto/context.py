"""One typed place where a task finds its run: settings, operator, run id, the log writer.

``init_nornir`` attaches a :class:`RunContext` to the Nornir object it builds; tasks read it
with :func:`context_of` instead of digging through ``user_defined`` or the processors. Under
a plain Nornir (not built by netauto) there is no context and tasks fall back to defaults.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nornir.core import Nornir
    from nornir.core.task import Task

    from netauto.oplog.records import Record
    from netauto.plugins.oplog import OperationsLogProcessor
    from netauto.settings import Settings

# Nornir's user_defined section is the one place a Nornir object carries our own objects;
# filtered copies and processors share it.
_KEY = "netauto_context"


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
