"""The syslog listener on real sockets: RFC 3164 over UDP, RFC 5424 over TCP (octet counting
and newlines), a burst coalesced into one backup, link and login events deduplicated."""

from __future__ import annotations

import logging
import socket
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner
from netauto_testing import write_project
from notify_servers import wait_for

from netauto.db import migrate
from netauto.syslogd.parse import parse
from netauto.syslogd.react import Reactor
from netauto.syslogd.server import Listener

CONFIG = "%SYS-5-CONFIG_I: Configured from console by alice on vty0 (192.0.2.7)"


def test_parse_ios_3164_and_5424() -> None:
    ios = parse(f"<189>42: *Dec  7 14:02:01.123: {CONFIG}".encode(), "127.0.0.15")
    assert (ios.kind, ios.severity, ios.who()) == ("config", 5, "alice on vty0 (192.0.2.7)")
    rfc = parse(
        "<187>1 2026-12-07T14:02:01Z R16 IOS - - - %LINEPROTO-5-UPDOWN: Line protocol on "
        "Interface GigabitEthernet0/1, changed state to down",
        "127.0.0.99",
    )
    assert (rfc.host, rfc.kind, rfc.link()) == ("R16", "link", ("GigabitEthernet0/1", False))
    assert parse(b"\xff\xfe garbage", "x").kind == "other"


def test_burst_is_one_backup_events_deduplicated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'netauto.db'}"
    migrate.upgrade(url)
    calls: list[tuple[list[str], dict[str, str]]] = []

    def backup(routers: list[str], who: Mapping[str, str]) -> None:
        calls.append((routers, dict(who)))

    routers = {"127.0.0.15": "R15", "127.0.0.16": "R16"}
    reactor = Reactor(routers=routers, backup=backup, url=url, quiet=0.3).start()
    listener = Listener("127.0.0.1:0", reactor.handle).start()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.15", 0))
            for n in range(20):
                udp.sendto(f"<189>{n}: Dec  7 14:02:01.123: {CONFIG}".encode(),
                           ("127.0.0.1", listener.port))  # fmt: skip
            login = ("%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: eve] [Source: 192.0.2.9] "
                     "[localport: 22] [Reason: Login Authentication Failed]")  # fmt: skip
            for _ in range(5):
                udp.sendto(f"<188>1: {login}".encode(), ("127.0.0.1", listener.port))
        down = ("<187>1 2026-12-07T14:02:01Z R16 IOS - - - %LINEPROTO-5-UPDOWN: Line protocol "
                "on Interface GigabitEthernet0/2, changed state to down")  # fmt: skip
        changed = "<189>1 2026-12-07T14:02:01Z R16 IOS - - - " + CONFIG
        with socket.create_connection(("127.0.0.1", listener.port)) as tcp:
            for text in (down, down, changed):
                tcp.sendall(f"{len(text)} {text}".encode())  # octet counting
            tcp.sendall(f"{changed}\n".encode())  # newline framing
        assert wait_for(lambda: len(reactor.counters.backed_up) == 2 and reactor.pending() == 0)
        assert sorted(r for batch, _ in calls for r in batch) == ["R15", "R16"]
        assert all(who[r] == "alice on vty0 (192.0.2.7)" for batch, who in calls for r in batch)
        assert reactor.counters.config_triggers == 22 and reactor.counters.messages == 29

        from netauto.db.events import recent_events

        found = wait_for(lambda: len(recent_events(url)) >= 2 and recent_events(url))
        kinds = sorted((e.kind, e.router) for e in found)
        assert kinds == [("link_down", "R16"), ("login_failed", "R15")]
    finally:
        listener.stop()
        reactor.stop()


def test_syslog_command_refuses_a_bad_bind(tmp_path: Path, sqlite_url: str) -> None:
    from netauto.cli import cli

    config = write_project(tmp_path, sqlite_url, hosts={})
    result = CliRunner().invoke(cli, ["syslog", "--bind", "nowhere", "--config", str(config)])
    assert result.exit_code == 2
    assert "bind must be HOST:PORT" in result.output


def test_a_syslog_backup_of_a_lab_this_project_did_not_start_says_so(
    tmp_path: Path,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The listener's backups warn as `netauto backup` does: R15 is on loopback with no port,
    and this project's lab is not running, so whatever answers there is not its lab."""
    from netauto.lab.fleet import free_port
    from netauto.project import Project
    from netauto.project.listening import backup_for

    monkeypatch.setenv("NETAUTO_LAB_PORT", str(free_port("127.0.0.15")))  # nothing listens
    monkeypatch.setenv("NETAUTO_CONNECT_TIMEOUT", "2")
    hosts = {"R15": {"hostname": "127.0.0.15", "groups": ["routers"]}}
    project = Project.open(write_project(tmp_path, sqlite_url, hosts=hosts))
    with caplog.at_level(logging.WARNING, logger="netauto.syslog"):
        backup_for(project)(["R15"], {})
    warned = [r.getMessage() for r in caplog.records if r.name == "netauto.syslog"]
    assert any(
        m.startswith("syslog: backup of R15: R15: port ") and "not a lab this project started" in m
        for m in warned
    ), warned


def test_a_taken_bind_is_refused_before_any_notification_is_sent(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netauto.cli import cli
    from netauto.notify.deliver import Drainer

    drained: list[object] = []
    monkeypatch.setattr(Drainer, "start", lambda self: drained.append(self) or self)
    config = write_project(tmp_path, sqlite_url, hosts={})
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        bind = f"127.0.0.1:{taken.getsockname()[1]}"
        result = CliRunner().invoke(cli, ["syslog", "--bind", bind, "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: cannot listen on {bind} (UDP): ")
    assert drained == []


def test_detached_listener_tells_a_link_down_then_stops(tmp_path: Path, sqlite_url: str) -> None:
    from netauto.cli import cli
    from netauto.lab.fleet import free_port
    from netauto.project import Project

    hosts = {"R15": {"hostname": "127.0.0.15", "groups": ["routers"]}}
    config = write_project(tmp_path, sqlite_url, hosts=hosts)
    port = free_port("127.0.0.1")
    where = ["--bind", f"127.0.0.1:{port}", "--config", str(config)]
    runner = CliRunner()
    started = runner.invoke(cli, ["syslog", *where, "--detach"])
    try:
        assert started.exit_code == 0, started.output
        again = runner.invoke(cli, ["syslog", *where, "--detach"])
        assert again.exit_code == 2 and "already runs" in again.output
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.15", 0))
            udp.sendto(b"<189>7: Dec  7 14:00:00.000: %LINEPROTO-5-UPDOWN: Line protocol on "
                       b"Interface Gi0/1, changed state to down", ("127.0.0.1", port))  # fmt: skip
        project = Project.open(config)
        assert wait_for(lambda: project.notify.events(), timeout=15)
        assert [e.text for e in project.notify.events()] == ["R15 Gi0/1 is down"]
    finally:
        stopped = runner.invoke(cli, ["syslog", "stop", "--config", str(config)])
    assert stopped.exit_code == 0, stopped.output


def test_scheduler_starts_the_listener_when_syslog_bind_is_set(
    tmp_path: Path, sqlite_url: str
) -> None:
    from netauto.project import Project
    from netauto.scheduler import _services

    plain = Project.open(write_project(tmp_path / "a", sqlite_url, hosts={}))
    services = _services(plain)
    assert services is not None and services.listener is None  # the outbox only
    services.stop()
    netauto = {"syslog": {"bind": "127.0.0.1:0"}}
    project = Project.open(write_project(tmp_path / "b", sqlite_url, hosts={}, netauto=netauto))
    services = _services(project)
    try:
        assert services is not None and services.listener is not None
        assert services.listener.port > 0
    finally:
        if services is not None:
            services.stop()
