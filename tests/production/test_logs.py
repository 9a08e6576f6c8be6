"""``--log-format json``: one JSON object per line, the event's fields, secrets masked.

The formatter is netauto's own on a real logger; the processes using it are checked where
they run for real: the scheduler (tests/production/test_health.py), gunicorn's worker
(tests/production/test_tls_proxy.py), and a Celery worker here.
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
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


REDIS = "redis://127.0.0.1:6379/14"  # no other test uses database 14


def test_worker_logs_json(tmp_path: Path, postgres_url: str) -> None:
    """A real Celery worker (PostgreSQL, Redis): Celery's own lines become JSON lines too."""
    config = write_project(tmp_path, postgres_url, many_hosts(2), {"celery": {"broker_url": REDIS}})
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETAUTO_")}
    netauto = Path(sys.executable).with_name("netauto")
    args = [str(netauto), "worker", "-c", "1", "-l", "info", "--log-format", "json"]
    worker = subprocess.Popen(
        [*args, "-Q", f"prod-logs-{os.getpid()}", "--config", str(config)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    events: list[dict[str, object]] = []
    try:
        assert worker.stderr is not None
        for line in worker.stderr:  # until Celery says it is ready (or the worker ends)
            if line.startswith("{"):
                events.append(json.loads(line))
                if str(events[-1]["message"]).endswith(" ready."):
                    break
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=60)
    assert events and str(events[-1]["message"]).endswith(" ready."), events
    assert {"celery.apps.worker", "celery.worker.consumer.connection"} <= {
        str(e["logger"]) for e in events
    }
