"""``--log-format json``: one JSON object per line, the event's fields, secrets masked.

The formatter is netauto's own on a real logger; the processes using it are checked where
they run for real: the scheduler (tests/production/test_health.py), gunicorn's worker
(tests/production/test_tls_proxy.py), and ``netauto web --detach`` here.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from netauto_testing import many_hosts, write_project

from netauto import logs
from netauto.cli import cli
from netauto.exceptions import UsageError

SECRET = "s3cretCommunity"


@pytest.fixture
def stream() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    logger = logging.getLogger("netauto.test.logs")
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(logs.JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, output
    logger.removeHandler(handler)


def test_json_lines(stream: tuple[logging.Logger, io.StringIO]) -> None:
    logger, output = stream
    logger.info(
        "write_channel: b'snmp-server community %s RO\\n'",
        SECRET,
        extra={"run_id": "3f2c", "router": "R15", "duration": 1.23456},
    )

    def alice() -> dict[str, str]:
        return {"user": "alice"}

    logs.add_context(alice)
    try:
        logger.warning("the router echoed %s", SECRET)  # masked: seen as a secret before
        try:
            raise RuntimeError(f"refused (at 'username bob secret 0 {SECRET}')")
        except RuntimeError:
            logger.exception("commit failed", extra={"user": "bob"})
    finally:
        logs.remove_context(alice)
    first, second, third = (json.loads(line) for line in output.getvalue().splitlines())
    assert SECRET not in output.getvalue()
    assert set(first) == {"time", "level", "logger", "message", "run_id", "router", "duration"}
    assert first["time"].endswith("Z") and first["level"] == "info"
    assert first["logger"] == "netauto.test.logs"
    assert first["message"] == "write_channel: b'snmp-server community <removed> RO\\n'"
    assert (first["run_id"], first["router"], first["duration"]) == ("3f2c", "R15", 1.235)
    assert second["message"] == "the router echoed <removed>"
    assert second["level"] == "warning" and second["user"] == "alice"  # from the context
    assert third["user"] == "bob"  # the call's own extra wins
    assert "RuntimeError" in third["error"] and "<removed>" in third["error"]


def test_text_stays_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETAUTO_LOG_FORMAT", raising=False)
    assert logs.check_format(None) == "text"
    assert isinstance(logs.formatter(), logs.TextFormatter)
    monkeypatch.setenv("NETAUTO_LOG_FORMAT", "xml")
    with pytest.raises(UsageError, match="expected text or json"):
        logs.check_format(None)
    refused = CliRunner().invoke(cli, ["scheduler", "--log-format", "xml"])
    assert refused.exit_code == 2 and "'xml' is not one of 'text', 'json'" in refused.output


def test_detached_web_logs_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NETAUTO_CONFIG", "NETAUTO_DATABASE_URL", "NETAUTO_LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    config = write_project(tmp_path, f"sqlite:///{tmp_path / 'netauto.db'}", many_hosts(2))
    runner = CliRunner()
    started = runner.invoke(
        cli, ["web", "--detach", "--bind", "127.0.0.1:0", "--log-format", "json",
              "--config", str(config)],
    )  # fmt: skip
    assert started.exit_code == 2 and "expected HOST:PORT" in started.output  # port 0: refused
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = runner.invoke(
        cli, ["web", "--detach", "--bind", f"127.0.0.1:{port}", "--log-format", "json",
              "--config", str(config)],
    )  # fmt: skip
    assert started.exit_code == 0, started.output
    stopped = runner.invoke(cli, ["web", "stop", "--config", str(config)])
    assert stopped.exit_code == 0, stopped.output
    lines = (tmp_path / ".netauto" / "web.log").read_text().splitlines()
    events = [json.loads(line) for line in lines]
    assert [e["message"].split(" (")[0] for e in events if e["logger"] == "netauto.web"] == [
        f"netauto web on http://127.0.0.1:{port}/",
        "netauto web stopped",
    ]
