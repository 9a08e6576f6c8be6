"""Events from the lab over real SSH and real syslog: a change made outside netauto is backed
up with no command typed and mailed (masked diff) and sent as a signed webhook; a router taken
down is told once, and its recovery once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import Project, configure_router, make_project
from notify_servers import SECRET, Mailbox, Receiver, smtp_server, wait_for

from netauto.lab.fleet import free_port


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[int, Mailbox]]:
    port = free_port("127.0.0.1")
    controller, box = smtp_server(port)
    yield port, box
    controller.stop()


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def project(tmp_path: Path, sqlite_url: str, fleet: Any, smtp: tuple[int, Mailbox]) -> Project:
    settings = {
        "notify": {"smtp": {"host": "127.0.0.1", "port": smtp[0]}, "webhook_secret": SECRET},
        "syslog": {"coalesce_seconds": 0.3},
    }
    return make_project(tmp_path, sqlite_url, fleet, **settings)


def notify(project: Project, *args: str) -> Any:
    """``netauto notify ARGS --config CONFIG``."""
    from click.testing import CliRunner

    from netauto.cli import cli

    arguments = ["notify", *args, "--config", str(project.config)]
    return CliRunner().invoke(cli, arguments, catch_exceptions=False)


def _events(project: Project, kind: str) -> list[dict[str, Any]]:
    from netauto.project import Project as Opened

    rows = Opened.open(project.config).notify.events(limit=200)
    return [row.to_json() for row in rows if row.kind == kind]


def test_change_outside_netauto_backed_up_mailed_and_signed(
    project: Project, smtp: tuple[int, Mailbox], receiver: Receiver
) -> None:
    from netauto.project import Project as Opened
    from netauto.project import listening

    box = smtp[1]
    box.messages.clear()
    assert notify(project, "channel", "add", "ops", "--email", "ops@example.net").exit_code == 0
    added = notify(project, "channel", "add", "hook", "--webhook", receiver.url)
    assert added.exit_code == 0, added.output
    rule = notify(project, "rule", "add", "--channel", "ops", "--event", "config_changed_outside")
    assert rule.exit_code == 0, rule.output
    rule = notify(project, "rule", "add", "--channel", "hook", "--min-severity", "warning")
    assert rule.exit_code == 0, rule.output

    opened = Opened.open(project.config)
    services = listening.start(opened, bind="127.0.0.1:0", drain_every=0.1)
    try:
        assert services.listener is not None and services.reactor is not None
        counters = services.reactor.counters
        port = services.listener.port
        # Pointing R15's syslog at the listener is a change too: its first backup follows.
        configure_router(project, "R15", [f"logging host 127.0.0.1 transport udp port {port}"])
        assert wait_for(lambda: counters.finished == 1)
        backups = len(project.operations("config_backup"))
        assert backups == 1 and not _events(project, "config_changed_outside")

        # An engineer changes R15 by hand: no netauto command is typed after this.
        configure_router(
            project, "R15", ["ntp server 192.0.2.99", "snmp-server community Sup3rS3cret RO"]
        )
        mail = wait_for(lambda: box.messages)
        assert mail, "no mail received"
        assert "changed outside netauto" in mail[0]["Subject"]
        text = mail[0].get_payload()
        assert "+ntp server 192.0.2.99" in text
        assert "Sup3rS3cret" not in text and "netauto-lab" not in text
        assert "by netauto on vty0" in text  # who, from the router's own syslog
        hooks = wait_for(
            lambda: [r for r in receiver.received if r["event"]["kind"] == "config_changed_outside"]
        )
        assert hooks and hooks[0]["event"]["router"] == "R15"
        assert "Sup3rS3cret" not in str(hooks[0])
        assert receiver.refused == 0
        # The backup the syslog message started: R15 alone, its diff in the log and in git.
        rows = project.operations("config_backup")
        assert len(rows) == backups + 1 and rows[-1].host == "R15" and rows[-1].changed
        assert (project.backups / "R15.cfg").read_text().count("ntp server 192.0.2.99") == 1
        assert counters.backed_up == ["R15", "R15"] and counters.unknown_senders == 0

        # A change netauto makes (a deploy) is backed up too, and told as netauto's.
        candidate = project.folder / "ntp.cfg"
        candidate.write_text("ntp server 192.0.2.77\n")
        deployed = project.run("deploy", "-H", "R15", "-f", str(candidate), "--commit", "-y")
        assert deployed.exit_code == 0, deployed.output
        ours = wait_for(lambda: _events(project, "config_changed"))
        assert ours and ours[0]["router"] == "R15" and ours[0]["data"]["netauto"] is True
        assert "+ntp server 192.0.2.77" in ours[0]["data"]["diff"]
        assert len(_events(project, "config_changed_outside")) == 1  # still only the first
    finally:
        services.stop()


def test_router_down_told_once_and_its_recovery_once(project: Project, fleet: Any) -> None:
    assert project.run("check").exit_code == 0  # first seen online: nothing to tell
    fleet.set_fault("R16", down=True)
    for _ in range(3):
        assert project.run("check").exit_code == 1
    fleet.reset("R16")
    for _ in range(2):
        assert project.run("check").exit_code == 0
    down, up = _events(project, "router_down"), _events(project, "router_up")
    assert [e["router"] for e in down] == ["R16"] and [e["router"] for e in up] == ["R16"]
    assert down[0]["severity"] == "error" and "was offline" in up[0]["text"]
    assert _events(project, "run_partially_failed") == []  # the router's own events tell it
