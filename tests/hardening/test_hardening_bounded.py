"""Hardening, bounded: a hung router costs its timeouts, stored fields are capped, the driver
imports cannot race a login."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest
from netauto_testing import REPO, Project
from sqlalchemy import select

from netauto.db.engine import session_scope
from netauto.db.models import OperationLog
from netauto.db.records import OpRecord
from netauto.oplog.writer import OplogWriter


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


def test_hung_router_costs_its_timeouts_and_says_so(project: Project) -> None:
    """TIMEOUTS (connect 3 s, command 6 s): the login's prompt exchanges get the connect
    timeout, not 6 s each; it used to take over 20 s and say "after 3s"."""
    project.fleet.set_fault("R15", hang=True)
    started = time.monotonic()
    result = project.run("facts", "--getter", "facts", "--json")
    elapsed = time.monotonic() - started
    rows = {row["host"]: row for row in json.loads(result.stdout[result.stdout.index("[") :])}
    assert result.exit_code == 1
    detail = rows["R15"]["detail"]
    assert re.fullmatch(r"no answer after 3s during login \(gave up after (\d+)s\)", detail)
    took = int(detail.rsplit(" ", 1)[1].rstrip("s)"))
    assert abs(took - elapsed) < 3 and elapsed < 14, (detail, elapsed)
    assert rows["R16"]["status"] == "ok"


def test_stored_fields_are_capped_with_a_note(oplog_url: str, tmp_path: Path) -> None:
    from netauto.db.records import CAPS

    huge = "+ntp server 192.0.2.1\n" * 20_000
    record = OpRecord(
        uuid.uuid4(),
        "config_deploy",
        "failed",
        host="R15",
        diff=huge,
        error_message="x" * 10_000,
        result={"lines": ["interface Gi0/1"] * 100_000},
    )
    writer = OplogWriter(oplog_url, tmp_path / "spool.jsonl").start()
    writer.put(record)
    writer.close()
    with session_scope(oplog_url) as session:
        row = session.scalars(select(OperationLog)).one()
    assert row.diff is not None and len(row.diff) < CAPS["diff"] + 100
    assert row.diff.endswith(
        f"[cut: {len(huge) - CAPS['diff']} of {len(huge)} characters not stored]"
    )
    assert row.error_message is not None and "characters not stored" in row.error_message
    assert "characters of result, over the" in row.result["cut"]


def test_drivers_are_imported_before_the_run_starts_its_threads(project: Project) -> None:
    """junos-eznc walks sys.modules while it imports: never from a worker thread."""
    script = textwrap.dedent(
        f"""
        import json, sys, threading
        seen = {{}}
        def hook(event, args):
            if event == "import" and args[0] in ("napalm", "netmiko", "jnpr.junos.facts"):
                seen.setdefault(args[0], threading.current_thread().name)
        sys.addaudithook(hook)
        from netauto.cli import cli
        try:
            cli.main(["facts", "--config", {str(project.config)!r}], standalone_mode=False)
        finally:
            print("IMPORTS " + json.dumps(seen))
        """
    )
    done = subprocess.run(
        [sys.executable, "-P", "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("IMPORTS "))
    threads = json.loads(line.removeprefix("IMPORTS "))
    assert set(threads) == {"napalm", "netmiko", "jnpr.junos.facts"}, done.stderr[-2000:]
    assert set(threads.values()) == {"MainThread"}, threads
