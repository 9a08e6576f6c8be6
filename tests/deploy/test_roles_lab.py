"""auth.enforce on the lab: a viewer's commit touches no router; an operator's goes through."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from netauto_testing import DEPLOY, Project, make_project

from netauto.db.engine import session_scope


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture
def enforced(
    tmp_path: Path, database_url: str, fleet: Any, monkeypatch: pytest.MonkeyPatch
) -> Project:
    """A project on SQLite or PostgreSQL with auth.enforce, an admin, an operator, a viewer."""
    from netauto.accounts import add_user

    monkeypatch.delenv("NETAUTO_USER", raising=False)
    ai = {"providers": [{"name": "openai", "model": "m", "base_url": "http://127.0.0.1:9/v1"}]}
    project = make_project(tmp_path, database_url, fleet, **DEPLOY, ai=ai)
    text = project.config.read_text().replace(
        "netauto:\n", "netauto:\n    auth: {enforce: true}\n", 1
    )
    project.config.write_text(text)
    for email, role in (("ada@example.com", "admin"), ("oli@example.com", "operator"),
                        ("vic@example.com", "viewer")):  # fmt: skip
        add_user(database_url, email, role, actor="setup")
    return project


CHANGES = [
    ("deploy", "-t", "ios/ntp.j2", "--commit", "--yes"),
    ("rollback", "--commit", "--yes"),
    ("generate", "--intent", "syslog to 192.0.2.20", "--commit", "--yes"),
]


@pytest.mark.parametrize("args", CHANGES, ids=[args[0] for args in CHANGES])
def test_a_viewer_changes_no_router(enforced: Project, args: tuple[str, ...]) -> None:
    fleet = enforced.fleet
    before = {name: fleet.router(name).running_config for name in fleet.names}
    result = enforced.run(*args, "--user", "vic")
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        "Error: user vic is a viewer: this needs the operator role"
    ]
    assert {name: fleet.router(name).running_config for name in fleet.names} == before
    assert [op for op in enforced.operations() if op.host] == []  # no router was contacted


def test_unknown_and_disabled_operators_are_refused(enforced: Project) -> None:
    from netauto.accounts import set_active

    result = enforced.run("deploy", "-t", "ios/ntp.j2", "--commit", "--yes", "--user", "mallory")
    assert result.exit_code == 2 and "unknown user 'mallory'" in result.output
    set_active(enforced.database_url, "oli", False, actor="ada")
    result = enforced.run("deploy", "-t", "ios/ntp.j2", "--commit", "--yes", "--user", "oli")
    assert result.exit_code == 2 and "user oli is disabled" in result.output
    result = enforced.run("check", "--user", "mallory")
    assert result.exit_code == 2


def test_a_viewer_reads_and_dry_runs_an_operator_commits(enforced: Project) -> None:
    from sqlalchemy import select

    from netauto.db.models import OperationLog, User

    assert enforced.run("check", "--user", "vic").exit_code == 0
    dry = enforced.run("deploy", "-t", "ios/ntp.j2", "--user", "vic@example.com")
    assert dry.exit_code == 0 and "3 would change" in dry.output
    done = enforced.run("deploy", "-t", "ios/ntp.j2", "--commit", "--yes", "--user", "oli")
    assert done.exit_code == 0, done.output
    assert "3 committed." in done.output
    with session_scope(enforced.database_url) as session:
        users = dict(session.execute(select(User.id, User.username)).all())
        rows = list(session.scalars(select(OperationLog).where(OperationLog.host.is_not(None))))
        by_user = {(row.operation_type, users[row.user_id]) for row in rows}
    assert all(row.user_id is not None for row in rows)
    assert by_user == {
        ("reachability_check", "vic"),
        ("config_deploy", "vic"),
        ("config_deploy", "oli"),
        ("config_commit", "oli"),
    }
