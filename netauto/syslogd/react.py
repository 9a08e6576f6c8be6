"""What the listener does with a message: back up a changed router, tell link and login events.

A ``%SYS-5-CONFIG_I`` marks its router changed; once the router has been quiet for
``quiet`` seconds (or ``longest`` after its first message) one backup takes every router due
then: a burst of messages is one backup. Link and login messages become events on a worker
thread, so receiving never waits for the database.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from netauto.syslogd.parse import Message

log = logging.getLogger("netauto.syslog")
Backup = Callable[[list[str], Mapping[str, str]], None]
Busy = Callable[[list[str]], set[str]]
LOGIN_WINDOW = 60.0  # one login-failure event per router per minute


@dataclass
class _Pending:
    first: float
    last: float
    who: str | None = None


@dataclass
class Counters:
    messages: int = 0
    unknown_senders: int = 0
    config_triggers: int = 0
    backups: int = 0  # started
    finished: int = 0
    backed_up: list[str] = field(default_factory=list)


class Reactor:
    """Feed it messages (:meth:`handle`); it backs up changed routers and makes events.

    ``routers``: sender address -> router name (also matched: a hostname in the message);
    ``backup(routers, who)``: back up these routers (``who``: router -> who changed it);
    ``url``: the database events go to (None: no events); ``busy(routers)``: those a netauto
    run is changing now (their change lock is held): their backup waits until it is done, so
    a deploy's own syslog messages never back up half a change.
    """

    def __init__(
        self,
        *,
        routers: Mapping[str, str],
        backup: Backup,
        url: str | None = None,
        quiet: float = 2.0,
        longest: float = 30.0,
        busy: Busy | None = None,
    ) -> None:
        self.routers = dict(routers)
        self.names = set(self.routers.values())
        self.backup = backup
        self.url = url
        self.quiet = quiet
        self.longest = longest
        self.busy = busy
        self.counters = Counters()
        self._pending: dict[str, _Pending] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._events: queue.SimpleQueue[Message | None] = queue.SimpleQueue()
        self._logins: dict[str, float] = {}
        self._threads = [
            threading.Thread(target=self._backups, name="netauto-syslog-backup", daemon=True),
            threading.Thread(target=self._tell, name="netauto-syslog-events", daemon=True),
        ]

    def start(self) -> Reactor:
        for thread in self._threads:
            thread.start()
        return self

    def router_of(self, message: Message) -> str | None:
        name = self.routers.get(message.sender)
        if name is None and message.host in self.names:
            name = message.host
        return name

    def handle(self, message: Message) -> None:
        """Called by the receiving thread: quick, never the database."""
        self.counters.messages += 1
        kind = message.kind
        if kind == "other" or kind == "logging":
            return
        router = self.router_of(message)
        if router is None:
            self.counters.unknown_senders += 1
            return
        if kind == "config":
            now = time.monotonic()
            with self._lock:
                self.counters.config_triggers += 1
                pending = self._pending.setdefault(router, _Pending(now, now))
                pending.last = now
                pending.who = message.who() or pending.who
            self._wake.set()
        elif self.url is not None:
            self._events.put(replace(message, sender=router))

    # -- coalesced backups ----------------------------------------------------------------
    def _due(self) -> tuple[list[str], dict[str, str], float]:
        """The routers to back up now: once one is due, those due within half the quiet time
        join it (a burst from many routers is a few backup runs, not one per router)."""
        now = time.monotonic()
        due: list[str] = []
        who: dict[str, str] = {}
        wait = 3600.0
        with self._lock:
            readiness = {
                router: min(pending.last + self.quiet, pending.first + self.longest)
                for router, pending in self._pending.items()
            }
            if not readiness or min(readiness.values()) > now:
                return [], {}, (min(readiness.values()) - now) if readiness else wait
            for router, pending in list(self._pending.items()):
                ready = readiness[router]
                if ready <= now + self.quiet / 2:
                    due.append(router)
                    if pending.who:
                        who[router] = pending.who
                    del self._pending[router]
                else:
                    wait = min(wait, ready - now)
        return sorted(due), who, wait

    def _backups(self) -> None:
        while not self._stopped.is_set():
            due, who, wait = self._due()
            held = self._held(due)
            if held:  # a netauto run is changing them: once it is done
                self._again(held, who)
                due = [router for router in due if router not in held]
            if due:
                self.counters.backups += 1
                self.counters.backed_up.extend(due)
                try:
                    self.backup(due, who)
                except Exception:  # the next change tries again; the listener goes on
                    log.exception("syslog-triggered backup of %s failed", ", ".join(due))
                self.counters.finished += 1
                continue
            self._wake.wait(timeout=min(wait, 1.0))
            self._wake.clear()

    def _held(self, due: list[str]) -> set[str]:
        if not due or self.busy is None:
            return set()
        try:
            return self.busy(due)
        except Exception:  # the lock table unreadable: back up anyway
            log.exception("change locks not read")
            return set()

    def _again(self, routers: set[str], who: Mapping[str, str]) -> None:
        now = time.monotonic()
        with self._lock:
            for router in routers:
                pending = self._pending.setdefault(router, _Pending(now, now, who.get(router)))
                pending.last = now
                pending.first = now  # the longest wait counts from the run's end
        self._wake.set()

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    # -- events ---------------------------------------------------------------------------
    def _tell(self) -> None:
        from netauto.notify.emit import safely, transition

        while True:
            message = self._events.get()
            if message is None:
                return
            assert self.url is not None
            router = message.sender
            try:
                if message.kind == "link":
                    link = message.link()
                    if link is None:
                        continue
                    name, up = link
                    changed, before = transition(
                        self.url, f"link:{router}:{name}", "up" if up else "down"
                    )
                    if changed and (before is not None or not up):
                        safely(
                            self.url,
                            kind="link_up" if up else "link_down",
                            severity="info" if up else "warning",
                            text=f"{router} {name} is {'up' if up else 'down'}",
                            router=router,
                            data={"interface": name},
                        )
                elif message.kind == "login_failed":
                    now = time.monotonic()
                    if now - self._logins.get(router, -LOGIN_WINDOW) < LOGIN_WINDOW:
                        continue
                    self._logins[router] = now
                    user, source = message.login()
                    safely(
                        self.url,
                        kind="login_failed",
                        severity="warning",
                        text=f"{router}: login failed for {user} from {source}",
                        router=router,
                    )
            except Exception:
                log.exception("syslog event of %s not stored", router)

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()
        self._events.put(None)
        for thread in self._threads:
            thread.join(timeout=30)
