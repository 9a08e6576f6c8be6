"""The Celery executor against the lab: real Redis, two real workers, the PostgreSQL log."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest
import yaml
from netauto_testing import Project, changed_lines
from sqlalchemy import select

from netauto.db.engine import session_scope
from netauto.db.models import OperationLog, Run
from netauto.report import RunReport
from netauto.runbooks import Progress, RunOptions, Selection, backup, deploy

pytestmark = pytest.mark.timeout(240)


def rows_of(project: Project, run_id: str | None, kind: str | None = None) -> list[OperationLog]:
    with session_scope(project.database_url) as session:
        query = select(OperationLog).where(OperationLog.run_id == run_id)
        if kind is not None:
            query = query.where(OperationLog.operation_type == kind)
        found = list(session.scalars(query.order_by(OperationLog.host)))
        session.expunge_all()
    return found


def run_of(project: Project, run_id: str | None) -> Run:
    with session_scope(project.database_url) as session:
        found = session.get(Run, run_id)
        assert found is not None
        session.expunge(found)
    return found


def outcomes(report: RunReport, folder: str) -> list[tuple[Any, ...]]:
    def same(value: Any) -> Any:
        return yaml.safe_load(yaml.safe_dump(value).replace(folder, "<backups>"))

    return [
        (o.host, o.status, o.changed, same(o.detail), o.diff, same(o.data)) for o in report.hosts
    ]


def test_backup_over_celery_matches_threaded(celery_project: Project, workers: Any) -> None:
    twin = yaml.safe_load(celery_project.config.read_text())
    twin["user_defined"]["netauto"]["backups_dir"] = str(celery_project.folder / "threaded")
    threaded_config = celery_project.folder / "threaded.yaml"
    threaded_config.write_text(yaml.safe_dump(twin))
    events: dict[str, list[Progress]] = {"threaded": [], "celery": []}
    reports = {
        executor: backup(
            options=RunOptions(
                config=config, user="ci", executor=executor, on_event=events[executor].append
            )
        )
        for executor, config in (("threaded", threaded_config), ("celery", celery_project.config))
    }
    threaded, celery = reports["threaded"], reports["celery"]
    assert celery.counts == threaded.counts == {"total": 11, "ok": 11, "failed": 0, "changed": 11}
    assert outcomes(celery, str(celery_project.backups)) == outcomes(
        threaded, str(celery_project.folder / "threaded")
    )
    assert [f.status for f in celery.followups] == [f.status for f in threaded.followups]
    assert (celery_project.backups / "R15.cfg").read_text() == (
        celery_project.folder / "threaded" / "R15.cfg"
    ).read_text()
    # The same progress: started with 11 hosts, one event per host, finished 11 done.
    for kind in events.values():
        assert [e.kind for e in kind] == ["started"] + ["host"] * 11 + ["finished"]
        assert kind[-1].done == 11 and kind[0].total == 11
    assert sorted(e.host or "" for e in events["celery"][1:-1]) == [h.host for h in celery.hosts]
    # The same rows, one per host, written by the workers into the caller's run.
    fields = ("host", "operation_type", "status", "changed", "diff", "error_message")
    mine, theirs = rows_of(celery_project, celery.run_id), rows_of(celery_project, threaded.run_id)
    assert len(mine) == len(theirs) == 12  # 11 hosts and the git commit
    for row, twin_row in zip(mine, theirs, strict=True):
        assert [getattr(row, f) for f in fields] == [getattr(twin_row, f) for f in fields]
        assert row.command == twin_row.command
        assert row.user_id == twin_row.user_id
        if row.host:
            assert row.device_id is not None and row.execution_time_ms is not None
            assert row.result["result"]["lines"] == twin_row.result["result"]["lines"]
    run = run_of(celery_project, celery.run_id)
    assert (run.status, run.hosts_total, run.hosts_ok, run.hosts_changed) == ("success", 11, 11, 11)


def test_no_worker_on_a_queue_is_one_line(
    celery_project: Project, workers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETAUTO_CELERY_QUEUE_BY", "site")  # queue "lab": nobody serves it
    result = celery_project.run("backup", "--executor", "celery", "-H", "R15")
    assert result.exit_code == 2  # a refusal: nothing was sent
    assert result.output.strip().splitlines() == [
        "Error: no netauto worker serves queue 'lab' (start one: netauto worker --queue lab)"
    ]


def test_canary_stops_the_rollout_when_its_router_fails_post_checks(
    celery_project: Project, workers: Any
) -> None:
    fleet = celery_project.fleet
    before = {name: fleet.router(name).running_config for name in fleet.names}
    fleet.set_fault("R15", drop="show version")  # only the post-checks ask for it
    report = deploy(
        Selection(),
        template="ios/ntp.j2",
        commit=True,
        canary=1,
        batch="3",
        options=RunOptions(config=celery_project.config, executor="celery"),
    )
    canary = report.host("R15")
    assert canary.status == "failed" and canary.data["status"] == "rolled back"
    assert "post-check failed: getters answer" in canary.detail
    assert changed_lines(before["R15"], fleet.router("R15").running_config) == set()
    for name in fleet.names[1:]:
        outcome = report.host(name)
        assert (outcome.status, outcome.changed) == ("skipped", False)
        assert outcome.data["status"] == "not committed"
        assert "rollout stopped (canary failed (R15))" in outcome.detail
        assert fleet.router(name).running_config == before[name]  # byte for byte
    assert report.failed and report.counts["skipped"] == 10
    assert "0 committed, 1 rolled back, 10 not committed." in report.note
    assert "stopped: canary failed (R15); 10 routers not touched" in report.note
    commits = rows_of(celery_project, report.run_id, "config_commit")
    assert [(row.host, row.status) for row in commits] == [("R15", "failed")]
    [rollout] = rows_of(celery_project, report.run_id, "rollout")
    assert rollout.status == "failed"
    assert rollout.result["waves"] == [["R15"]]
    assert rollout.result["untouched"] == fleet.names[1:]


def test_ctrl_c_revokes_what_has_not_started(celery_project: Project, workers: Any) -> None:
    fleet = celery_project.fleet
    for name in fleet.names:
        fleet.set_fault(name, latency=0.3)
    seen: list[str] = []

    def interrupt(event: Progress) -> None:
        if event.kind == "host":
            seen.append(event.host or "")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        backup(options=RunOptions(config=celery_project.config, on_event=interrupt))
    with session_scope(celery_project.database_url) as session:
        run_id = session.scalars(select(Run.id).order_by(Run.started_at.desc())).first()
    # The shards already started finish (and are logged); the others never run.
    deadline = time.monotonic() + 60
    while any(row.status == "running" for row in rows_of(celery_project, str(run_id))):
        assert time.monotonic() < deadline
        time.sleep(0.5)
    time.sleep(6)
    rows = rows_of(celery_project, str(run_id), "config_backup")
    # 11 routers in 6 shards (of 2) on two workers, one shard each at a time. When the first result
    # reaches the caller, each worker may have started its second one: at most 4 shards
    # (8 rows) run, and the rest, 3 routers at least, never do.
    assert seen and 2 <= len(rows) <= 8, [row.host for row in rows]
    assert all(row.status == "success" for row in rows)
    assert len({row.host for row in rows}) == len(rows)


def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_nothing(
    celery_project: Project, workers: Any, celery_queue: str
) -> None:
    from netauto.executor.app import celery_app
    from netauto.settings import load_settings

    fleet = celery_project.fleet
    for name in fleet.names:
        fleet.set_fault(name, latency=0.5)
    app = celery_app(load_settings(celery_project.config, database=False))
    done: dict[str, RunReport] = {}

    def running(hosts: set[str], wait: float = 1.5) -> bool:
        """Whether the worker has stored the hosts' 'running' rows (soon)."""
        until = time.monotonic() + wait
        while time.monotonic() < until:
            with session_scope(celery_project.database_url) as session:
                run_id = session.scalars(select(Run.id).order_by(Run.started_at.desc())).first()
                found = session.scalars(
                    select(OperationLog.host).where(
                        OperationLog.run_id == run_id,
                        OperationLog.host.in_(hosts),
                        OperationLog.status == "running",
                    )
                ).all()
            if set(found) == hosts:
                return True
            time.sleep(0.1)
        return False

    caller = threading.Thread(
        target=lambda: done.setdefault(
            "report", backup(options=RunOptions(config=celery_project.config))
        )
    )
    caller.start()
    victim = f"{celery_queue}-0@{socket.gethostname()}"
    killed: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while not killed:  # worker 0 mid-shard (its rows are 'running'): kill -9 it, pool and all
            assert time.monotonic() < deadline, "worker 0 never got a shard"
            inspect = app.control.inspect(destination=[victim], timeout=2, limit=1)
            for task in (inspect.active() or {}).get(victim) or []:
                hosts = set(task["args"][0]["hosts"])
                if time.time() - float(task.get("time_start") or 0) < 1.0 and running(hosts):
                    workers.kill(0)
                    killed = sorted(hosts)
                    break
    finally:
        caller.join(180)
        workers.ensure()
    report = done["report"]
    assert (report.counts["ok"], report.counts["failed"]) == (11, 0), report.hosts
    rows = rows_of(celery_project, report.run_id, "config_backup")
    # Every host exactly one row, final; the killed shard's hosts too (run again elsewhere).
    assert sorted(row.host or "" for row in rows) == fleet.names
    assert all(row.status == "success" and row.finished_at for row in rows)
    assert set(killed) <= {row.host for row in rows} and killed
    for row in rows:
        if row.host in killed:  # begun by the killed worker, ended by the other one
            assert row.finished_at and (row.finished_at - row.created_at).total_seconds() > 7
    run = run_of(celery_project, report.run_id)
    assert (run.status, run.hosts_total, run.hosts_ok) == ("success", 11, 11)


def test_compliance_over_celery(celery_project: Project, workers: Any) -> None:
    """The features travel to the workers as JSON; each router judged, results stored."""
    import shutil

    from netauto_testing import REPO

    from netauto.db.compliance import run_results
    from netauto.runbooks import compliance

    rules = celery_project.folder / "compliance.yaml"
    shutil.copy(REPO / "compliance.yaml", rules)
    try:
        report = compliance(
            Selection(hosts=["R15", "R16"]),
            feature=["logging"],
            fresh=True,
            options=RunOptions(config=celery_project.config, user="ci", executor="celery"),
        )
    finally:
        rules.unlink()  # the module's other changes are not judged again after their commits
    assert [(o.host, o.status) for o in report.hosts] == [
        ("R15", "non-compliant"),  # the lab has no "logging trap"
        ("R16", "non-compliant"),
    ]
    assert report.host("R15").detail == "logging (+1)"
    stored = [
        (r.host, r.feature, r.status)
        for r in run_results(celery_project.database_url, report.run_id or "")
    ]
    assert stored == [
        ("R15", "logging", "non-compliant"),
        ("R16", "logging", "non-compliant"),
    ]
    assert [row.host for row in rows_of(celery_project, report.run_id, "compliance_check")] == [
        "R15",
        "R16",
    ]
