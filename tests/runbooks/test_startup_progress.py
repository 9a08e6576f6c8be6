"""Start-up imports, progress events and the bar, and connection error classification."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from netauto.cli.progress import ProgressBar, wanted
from netauto.connect import classify, tcp_connect
from netauto.engine.events import Progress, ProgressEmitter
from netauto.exceptions import DeviceError

HEAVY = ("napalm", "netmiko", "paramiko", "junos", "ncclient", "pyeapi")


@pytest.mark.parametrize(
    "argv", [["--help"], ["backup", "--help"], ["facts", "--help"], ["health", "--help"]]
)
def test_help_does_not_import_drivers(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from netauto.cli import cli\n"
        f"try:\n    cli.main({argv!r}, prog_name='netauto')\n"
        "except SystemExit:\n    pass\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "LOADED []" in done.stdout, done.stdout + done.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal() -> None:
    assert wanted(False, Terminal())
    assert not wanted(True, Terminal())
    assert not wanted(False, io.StringIO())


def test_progress_bar_counts_hosts() -> None:
    from nornir.core import Nornir
    from nornir.core.inventory import Defaults, Groups, Host, Hosts, Inventory
    from nornir.core.task import Result, Task
    from nornir.plugins.runners import SerialRunner

    # Built by hand, not by InitNornir: its connection plugins' auto-registration refuses
    # nornir_napalm's napalm once netauto's lazy one holds the name in this process.
    hosts = Hosts({name: Host(name, hostname=f"127.0.0.{n}") for n, name in ((1, "R1"), (2, "R2"))})
    nr = Nornir(Inventory(hosts=hosts, groups=Groups(), defaults=Defaults()), runner=SerialRunner())
    screen = Terminal()

    def work(task: Task) -> Result:
        if task.host.name == "R2":
            raise DeviceError("connection refused")
        return Result(host=task.host)

    events: list[Progress] = []

    def sink(event: Progress) -> None:
        events.append(event)
        bar(event)

    bar = ProgressBar(screen)
    nr.with_processors([ProgressEmitter("backup", sink)]).run(task=work)
    text = screen.getvalue()
    assert "backup" in text and "2/2" in text and "1 failed" in text
    assert [e.kind for e in events] == ["started", "host", "host", "finished"]
    assert {e.host: e.host_failed for e in events if e.kind == "host"} == {"R1": False, "R2": True}
    assert events[-1].to_dict()["failed"] == 1 and events[0].total == 2


def test_classify_transient_and_auth() -> None:
    from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

    assert classify(ConnectionRefusedError()).transient
    assert (
        classify(ConnectionResetError(), action="login").message == "connection reset during login"
    )
    auth = classify(NetmikoAuthenticationException("Authentication to device failed."))
    assert not auth.transient and auth.message.startswith("authentication failed")
    try:
        try:
            raise TimeoutError("timed out")
        except TimeoutError:
            raise NetmikoTimeoutException("TCP connection to device failed.") from None
    except NetmikoTimeoutException as error:
        assert classify(error, 3).transient


def test_refused_port_is_retried_then_fails() -> None:
    from netauto.lab.fleet import free_port

    port = free_port("127.0.0.1")  # nothing listens there any more
    with pytest.raises(DeviceError, match=r"connection refused \(3 tries\)"):
        tcp_connect("127.0.0.1", port, timeout=1, retries=2)
