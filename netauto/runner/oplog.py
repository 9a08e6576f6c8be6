"""A run's operations log: the writer thread started, its processor handed to Nornir."""

from __future__ import annotations

import atexit
from typing import TYPE_CHECKING

from netauto.context import context_of
from netauto.runner.nornir_config import uses_registry

if TYPE_CHECKING:
    from nornir.core import Nornir

    from netauto.plugins.oplog import OperationsLogProcessor
    from netauto.settings import Settings


def attach_oplog(nr: Nornir, settings: Settings, username: str) -> OperationsLogProcessor:
    """Start the writer and return the processor.

    Creating or checking the schema and syncing network_devices happen first thing in the
    writer thread, so the run starts talking to routers at once.
    """
    from netauto.oplog.writer import OplogWriter
    from netauto.plugins.oplog import OperationsLogProcessor

    url = settings.database_url
    hosts = [(h.name, h.hostname or "", h.platform) for h in nr.inventory.hosts.values()]
    if uses_registry(settings):
        hosts = []  # the inventory is network_devices itself: nothing to keep in step

    def prepare() -> None:
        from netauto.db.devices import sync_inventory
        from netauto.db.migrate import ensure_schema

        ensure_schema(url)
        sync_inventory(url, hosts)

    writer = OplogWriter(url, settings.spool_file, on_start=prepare).start()
    atexit.register(writer.close)
    return OperationsLogProcessor(writer, username)


def oplog_processor(nr: Nornir) -> OperationsLogProcessor | None:
    """The operations-log processor of ``nr``, if it has one."""
    context = context_of(nr)
    return context.processor if context is not None else None
