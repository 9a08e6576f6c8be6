"""The syslog listener and the notification outbox of a project, as started services.

``netauto syslog`` and ``netauto scheduler`` (with ``syslog.bind`` set) start them: the
listener maps a sender to a router of the inventory and backs up a changed router through
the ``backup`` runbook, as the project's operator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netauto.notify.deliver import Drainer
    from netauto.project.core import Project
    from netauto.syslogd.react import Reactor
    from netauto.syslogd.server import Listener

log = logging.getLogger("netauto.syslog")


def routers_by_address(project: Project) -> dict[str, str]:
    return {
        host.address: name for name, host in project.inventory(sync=False).items() if host.address
    }


def backup_for(project: Project) -> Callable[[list[str], Mapping[str, str]], None]:
    def backup(routers: list[str], who: Mapping[str, str]) -> None:
        from netauto.engine.options import Selection
        from netauto.engine.registry import find
        from netauto.notify.emit import change_hints

        with change_hints(who):
            report = find("backup").load()(Selection(hosts=routers), options=project.run_options())
        # What the run warns of, as `netauto backup` prints it: above all, loopback routers
        # that this project's lab does not serve (another lab answers: its configs are stored).
        for warning in report.warnings:
            log.warning("syslog: backup of %s: %s", ", ".join(routers), warning)
        log.info("syslog: backed up %s (%s)", ", ".join(routers), report.summary or "done")

    return backup


def busy_for(project: Project) -> Callable[[list[str]], set[str]]:
    def busy(routers: list[str]) -> set[str]:
        from netauto.db.lock_notes import holders

        return {lock.host for lock in holders(project.url)} & set(routers)

    return busy


@dataclass
class Services:
    listener: Listener | None
    reactor: Reactor | None
    drainer: Drainer

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
        if self.reactor is not None:
            self.reactor.stop()
        self.drainer.stop()


def start(project: Project, *, bind: str | None, drain_every: float = 2.0) -> Services:
    """The syslog listener on ``bind`` (None: no listener), then the outbox drainer: a bind
    that fails is refused before any notification is sent."""
    from netauto.notify.deliver import Drainer

    url = project.url
    listener = reactor = None
    if bind is not None:
        from netauto.syslogd.react import Reactor
        from netauto.syslogd.server import Listener

        reactor = Reactor(
            routers=routers_by_address(project),
            backup=backup_for(project),
            url=url,
            quiet=float(project.settings.value("syslog.coalesce_seconds") or 0),
            busy=busy_for(project),
        ).start()
        try:
            listener = Listener(bind, reactor.handle).start()
        except BaseException:
            reactor.stop()
            raise
    drainer = Drainer(url, project.settings, every=drain_every).start()
    return Services(listener, reactor, drainer)
