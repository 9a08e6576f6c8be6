"""backup against the simulated fleet: files, git history, diffs, secrets, the database."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from netauto_testing import Project, configure_router, make_project

ALL = [f"R{n}" for n in range(15, 26)]


def git_log(folder: Path) -> list[str]:
    done = subprocess.run(
        ["git", "-C", str(folder), "log", "--format=%s"], capture_output=True, text=True
    )
    return done.stdout.splitlines()


def test_backup_all_then_unchanged(tmp_path: Path, database_url: str, fleet: Any) -> None:
    project = make_project(tmp_path, database_url, fleet)
    first = project.run("backup")
    assert first.exit_code == 0, first.output
    assert "11 ok (11 changed" in first.output and "first backup" in first.output
    for name in ALL:
        text = (project.backups / f"{name}.cfg").read_text()
        assert f"hostname {name}" in text and text.rstrip().endswith("end")
        assert "Current configuration" not in text
    assert len(git_log(project.backups)) == 1
    assert git_log(project.backups)[0].startswith("backup: R15, R16")

    second = project.run("backup")
    assert second.exit_code == 0, second.output
    assert "unchanged, no commit" in second.output
    assert len(git_log(project.backups)) == 1

    operations = project.operations()
    # Each run's git commit is a follow-up row of its own, with no host.
    commits = [op for op in operations if op.operation_type == "git_commit"]
    assert [(op.host, op.status) for op in commits] == [(None, "success")] * 2
    assert sorted(op.result["status"] for op in commits) == ["ok", "skipped"]
    assert {op.run_id for op in commits} == {run.id for run in project.runs()}
    operations = [op for op in operations if op.operation_type != "git_commit"]
    assert len(operations) == 22 and {op.operation_type for op in operations} == {"config_backup"}
    assert sum(op.changed for op in operations) == 11
    runs = project.runs()
    assert [run.hosts_changed for run in runs] == [11, 0]
    devices = project.devices()
    assert all(devices[name].config_backup for name in ALL)
    assert all(devices[name].status == "online" for name in ALL)


def test_changed_router_shows_in_diff_and_git(project: Project) -> None:
    assert project.run("backup").exit_code == 0
    configure_router(project, "R17", ["ntp server 192.0.2.99"])
    result = project.run("backup", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["host"]: row for row in json.loads(result.output)}
    assert rows["R17"]["changed"] and not rows["R16"]["changed"]
    assert rows["R17"]["added"] == 1
    assert git_log(project.backups)[0] == "backup: R17 changed"
    assert len(git_log(project.backups)) == 2
    recorded = [op for op in project.operations() if op.host == "R17" and op.diff]
    assert any("+ntp server 192.0.2.99" in (op.diff or "") for op in recorded)
    shown = subprocess.run(
        ["git", "-C", str(project.backups), "show", "HEAD", "--", "R17.cfg"],
        capture_output=True,
        text=True,
    ).stdout
    assert "+ntp server 192.0.2.99" in shown


def test_startup_and_mask_secrets(project: Project) -> None:
    result = project.run("backup", "-H", "R15", "--startup", "--mask-secrets")
    assert result.exit_code == 0, result.output
    running = (project.backups / "R15.cfg").read_text()
    startup = (project.backups / "R15.startup.cfg").read_text()
    assert "hostname R15" in startup
    assert "enable secret 9 <removed>" in running
    assert "$9$" not in running and "$9$" not in startup
    assert "$9$" not in (project.devices()["R15"].config_backup or "")


def test_unmasked_file_masked_database(project: Project) -> None:
    assert project.run("backup", "-H", "R16").exit_code == 0
    assert "$9$" in (project.backups / "R16.cfg").read_text()
    stored = project.devices()["R16"].config_backup or ""
    assert "hostname R16" in stored and "$9$" not in stored
    for op in project.operations():
        assert "$9$" not in json.dumps(op.result) and "$9$" not in (op.diff or "")


def test_faults_fail_alone(project: Project) -> None:
    fleet = project.fleet
    fleet.set_fault("R16", down=True)
    fleet.set_fault("R17", auth="fail")
    fleet.set_fault("R18", drop="show running-config")
    fleet.set_fault("R19", hang=True)
    result = project.run("backup", "--json")
    assert result.exit_code == 1
    rows = {row["host"]: row for row in json.loads(result.output)}
    assert {name for name, row in rows.items() if row["status"] == "failed"} == {
        "R16",
        "R17",
        "R18",
        "R19",
    }
    assert "connection refused" in rows["R16"]["detail"]
    assert "authentication failed" in rows["R17"]["detail"]
    assert "tries" not in rows["R17"]["detail"]  # bad credentials are not retried
    assert "show running-config" in rows["R18"]["detail"]
    assert rows["R19"]["detail"]
    for name in ("R15", "R20", "R25"):
        assert rows[name]["status"] == "ok"
        assert (project.backups / f"{name}.cfg").exists()
    operations = {op.host: op for op in project.operations() if op.host}
    assert sorted(operations) == ALL
    assert operations["R17"].status == "failed"
    assert "authentication failed" in (operations["R17"].error_message or "")
    assert operations["R15"].status == "success"
    (run,) = project.runs()
    assert (run.hosts_total, run.hosts_failed, run.status) == (11, 4, "failed")
    # No session left open on any router (also the failed ones).
    sessions = {router["name"]: router["sessions"] for router in fleet.status()["routers"]}
    assert sum(sessions.values()) == 0, sessions


def test_library_use(project: Project) -> None:
    from netauto import init_nornir
    from netauto.backups import commit_backups
    from netauto.tasks import backup_config

    nr = init_nornir(project.config, user="ci-bot")
    result = nr.filter(name="R15").run(task=backup_config)
    nr.close_connections()
    assert not result.failed and result["R15"].changed
    commit = commit_backups(project.backups, user="ci-bot")
    assert commit is not None and commit.hosts == ["R15"]
    assert commit_backups(project.backups) is None


def test_a_backup_loads_no_sqlalchemy(project: Project) -> None:
    """The run path's database work is plain SQL (netauto.db.direct): SQLAlchemy's import
    and ORM would cost as much CPU as the SSH work of a dozen routers."""
    import sys

    assert project.run("backup").exit_code == 0  # a new database: its schema is created first
    code = (
        "import atexit, sys; from netauto.cli import cli; "
        "atexit.register(lambda: print(sorted("
        "m for m in ('sqlalchemy', 'alembic', 'napalm') if m in sys.modules))); "
        f"cli.main(['backup', '--config', {str(project.config)!r}])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert len(project.operations("config_backup")) == 22
