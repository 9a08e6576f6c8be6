"""Users, roles, API tokens and settings: CLI, database (SQLite and PostgreSQL), audit rows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from netauto_testing import write_project
from sqlalchemy import select, text

from netauto.cli import cli
from netauto.db.engine import session_scope
from netauto.db.models import ApiToken, OperationLog, SystemConfig, User
from netauto.settings import load_settings

SECRET = "Sn3aky-Community-77"


@pytest.fixture
def project(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("NETAUTO_SECRET_KEY", "NETAUTO_SNMP_COMMUNITY", "NETAUTO_CONNECT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETAUTO_USER", "root-admin")
    return write_project(tmp_path, database_url)


def run(config: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [args[0], *args[1:], "--config", str(config)], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def url_of(config: Path) -> str:
    return load_settings(config).database_url


def audit_rows(config: Path) -> list[OperationLog]:
    with session_scope(url_of(config)) as session:
        rows = list(session.scalars(select(OperationLog).order_by(OperationLog.created_at)))
        session.expunge_all()
    return rows


def everything_stored(config: Path) -> str:
    """Every row of every table, as text: what a leak would show up in."""
    url = url_of(config)
    dump = []
    with session_scope(url) as session:
        for table in ("users", "api_tokens", "system_configs", "operations_log", "runs"):
            dump += [str(tuple(row)) for row in session.execute(text(f"SELECT * FROM {table}"))]
    return "\n".join(dump)


def test_users_lifecycle_and_audit(project: Path) -> None:
    assert run(project, "users", "add", "Ada@Example.com", "--role", "admin")[0] == 0
    code, out, err = run(project, "users", "add", "bob@example.com", "--role", "viewer")
    assert code == 0, err
    assert run(project, "users", "set-role", "bob@example.com", "operator")[0] == 0
    assert run(project, "users", "disable", "bob")[0] == 0
    code, out, _ = run(project, "users", "list", "--json")
    users = {row["email"]: row for row in json.loads(out)}
    assert users["ada@example.com"]["role"] == "admin" and users["ada@example.com"]["active"]
    assert users["bob@example.com"]["role"] == "operator" and not users["bob@example.com"]["active"]
    assert run(project, "users", "enable", "bob@example.com")[0] == 0
    code, _, err = run(
        project, "users", "passwd", "bob@example.com", "--stdin", stdin="pw-1 a longer passphrase\n"
    )
    assert code == 0, err
    with session_scope(url_of(project)) as session:
        bob = session.scalars(select(User).where(User.username == "bob")).one()
        assert bob.password_hash.startswith("$argon2id$") and "pw-1" not in bob.password_hash
    types = [row.operation_type for row in audit_rows(project)]
    assert types == [
        "user_add",
        "user_add",
        "user_role",
        "user_disable",
        "user_enable",
        "user_password",
    ]
    assert all(row.user_id is not None for row in audit_rows(project))
    assert "pw-1" not in everything_stored(project)

    from netauto.accounts import check_password
    from netauto.exceptions import PermissionDenied

    assert (
        check_password(url_of(project), "bob@example.com", "pw-1 a longer passphrase").role
        == "operator"
    )
    with pytest.raises(PermissionDenied):
        check_password(url_of(project), "bob@example.com", "wrong")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("users", "add", "not-an-email", "--role", "viewer"), "not an email address"),
        (("users", "add", "a@b.example", "--role", "root"), "Invalid value for '--role'"),
        (("users", "set-role", "nobody@example.com", "viewer"), "no such user"),
        (("settings", "set", "no.such.key", "1"), "unknown setting 'no.such.key'"),
        (("settings", "set", "connect_timeout", "soon"), "must be a number"),
        (("settings", "set", "num_workers", "0"), "must be an integer >= 1"),
        (("settings", "set", "database_url", "sqlite:///x.db"), "cannot be stored"),
        (("settings", "set", "snmp.community", SECRET), "needs NETAUTO_SECRET_KEY"),
        (("users", "token", "create", "a@b.example", "--expires", "soon"), "expected a duration"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(project, *args)
    assert code == 2 and message in err, err
    assert "Traceback" not in err and SECRET not in err


def test_empty_password_is_refused(project: Path) -> None:
    assert run(project, "users", "add", "c@example.com", "--role", "viewer")[0] == 0
    code, _, err = run(project, "users", "passwd", "c@example.com", "--stdin", stdin="\n")
    assert code == 2 and "the password is empty" in err


def test_tokens_shown_once_stored_hashed_checked(project: Path) -> None:
    from netauto.accounts import TokenInvalid, verify_token

    assert run(project, "users", "add", "ops@example.com", "--role", "operator")[0] == 0
    code, out, err = run(project, "users", "token", "create", "ops@example.com", "--name", "ci")
    assert code == 0, err
    token = out.strip()
    assert token.startswith("nta_") and "Shown once" in err
    url = url_of(project)
    assert verify_token(url, token).email == "ops@example.com"
    with session_scope(url) as session:
        [row] = session.scalars(select(ApiToken)).all()
        assert row.token_hash != token and row.last_used_at is not None
    assert token not in everything_stored(project)
    code, out, _ = run(project, "users", "token", "list", "--json")
    [listed] = json.loads(out)
    assert listed["state"] == "active" and token not in out and listed["name"] == "ci"

    for bad, why in (("nta_short", "malformed"), ("nta_" + "x" * 43, "unknown token")):
        with pytest.raises(TokenInvalid, match=why):
            verify_token(url, bad)
    assert run(project, "users", "token", "revoke", listed["prefix"])[0] == 0
    with pytest.raises(TokenInvalid, match="revoked"):
        verify_token(url, token)
    code, out, _ = run(project, "users", "token", "list", "--json")
    assert json.loads(out)[0]["state"] == "revoked"

    from datetime import timedelta

    from netauto.accounts import create_token

    expiring, _ = create_token(url, "ops", actor="t", expires_in=timedelta(seconds=1))
    with session_scope(url) as session:
        for row in session.scalars(select(ApiToken)):
            row.expires_at = row.created_at - timedelta(seconds=1)
    with pytest.raises(TokenInvalid, match="expired"):
        verify_token(url, expiring)
    assert run(project, "users", "disable", "ops@example.com")[0] == 0
    types = [row.operation_type for row in audit_rows(project)]
    assert types.count("token_create") == 2 and types.count("token_revoke") == 1


def test_settings_precedence_env_database_file_default(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(project)
    assert settings.sources["auth.enforce"] == "default" and settings.auth_enforce is False
    assert settings.sources["connect_timeout"] == str(project)  # config.yaml has it
    assert run(project, "settings", "set", "connect_timeout", "4.5")[0] == 0
    assert run(project, "settings", "set", "auth.enforce", "no")[0] == 0
    settings = load_settings(project)
    assert settings.connect_timeout == 4.5 and settings.sources["connect_timeout"] == "database"
    monkeypatch.setenv("NETAUTO_CONNECT_TIMEOUT", "7")
    settings = load_settings(project)
    assert (
        settings.connect_timeout == 7
        and "NETAUTO_CONNECT_TIMEOUT" in settings.sources["connect_timeout"]
    )
    code, out, _ = run(project, "settings", "list", "--json")
    rows = {row["key"]: row for row in json.loads(out)}
    assert rows["connect_timeout"]["source"] == "environment NETAUTO_CONNECT_TIMEOUT"
    assert rows["auth.enforce"]["source"] == "database" and rows["auth.enforce"]["value"] == "False"
    monkeypatch.delenv("NETAUTO_CONNECT_TIMEOUT")
    assert run(project, "settings", "unset", "connect_timeout")[0] == 0
    settings = load_settings(project)
    assert settings.connect_timeout == 10 and settings.sources["connect_timeout"] == str(project)
    code, out, _ = run(project, "settings", "get", "lab.port")
    assert code == 0 and out.strip() == "2222"
    audit = [(row.operation_type, row.result["key"]) for row in audit_rows(project)]
    assert ("setting_set", "connect_timeout") in audit and (
        "setting_unset",
        "connect_timeout",
    ) in audit
    with session_scope(url_of(project)) as session:
        row = session.scalars(select(SystemConfig)).one()
        assert row.config_key == "auth.enforce" and row.updated_by is not None


def test_secret_settings_are_encrypted_at_rest_and_never_shown(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netauto.secretbox import new_key

    monkeypatch.setenv("NETAUTO_SECRET_KEY", new_key())
    code, out, err = run(project, "settings", "set", "snmp.community", "--stdin", stdin=SECRET)
    assert code == 0, err
    assert SECRET not in out + err
    with session_scope(url_of(project)) as session:
        raw = session.execute(text("SELECT config_value, is_encrypted FROM system_configs")).one()
    assert SECRET not in str(raw[0]) and raw[1]
    assert load_settings(project).value("snmp.community") == SECRET
    code, out, _ = run(project, "settings", "get", "snmp.community")
    assert out.strip() == "<set>"
    code, out, _ = run(project, "settings", "list")
    assert SECRET not in out and "<set>" in out
    assert SECRET not in everything_stored(project)

    # Without the key: runs that do not use the secret still start; using it is one line.
    monkeypatch.delenv("NETAUTO_SECRET_KEY")
    settings = load_settings(project)
    from netauto.exceptions import ConfigError

    with pytest.raises(ConfigError, match="needs NETAUTO_SECRET_KEY"):
        settings.value("snmp.community")
    monkeypatch.setenv("NETAUTO_SECRET_KEY", new_key())
    with pytest.raises(ConfigError, match="not the key it was stored with"):
        load_settings(project).value("snmp.community")


def test_enforced_roles_gate_admin_commands(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No admin yet: anyone may add the first admin (recorded), nothing else.
    assert run(project, "users", "add", "root-admin@example.com", "--role", "admin",
               "--username", "root-admin")[0] == 0  # fmt: skip
    assert run(project, "settings", "set", "auth.enforce", "true")[0] == 0
    assert run(project, "users", "add", "v@example.com", "--role", "viewer")[0] == 0
    monkeypatch.setenv("NETAUTO_USER", "v")
    code, _, err = run(project, "users", "add", "w@example.com", "--role", "admin")
    assert code == 2 and "user v is a viewer: this needs the admin role" in err
    code, _, err = run(project, "settings", "set", "retries", "3")
    assert code == 2 and "needs the admin role" in err
    assert run(project, "ops", "list")[0] == 0  # viewers read
    monkeypatch.setenv("NETAUTO_USER", "stranger")
    code, _, err = run(project, "ops", "list")
    assert code == 2 and "unknown user 'stranger'" in err
    monkeypatch.setenv("NETAUTO_USER", "root-admin")
    assert run(project, "users", "disable", "v")[0] == 0
    monkeypatch.setenv("NETAUTO_USER", "v")
    code, _, err = run(project, "devices", "list")
    assert code == 2 and "user v is disabled" in err


def test_migration_upgrades_an_existing_database(tmp_path: Path, database_url: str) -> None:
    """A database at 0002 with PRD roles in it upgrades in place; nothing is lost."""
    import uuid

    from netauto.db.migrate import HEAD, current_revision, upgrade

    upgrade(database_url, "0002")
    with session_scope(database_url) as session:
        for name, role in (("eng", "engineer"), ("usr", "user"), ("adm", "admin")):
            session.execute(
                text(
                    "INSERT INTO users (id, username, email, password_hash, role, is_active,"
                    " created_at, updated_at) VALUES (:id, :u, :e, '!', :r, :a, :t, :t)"
                ),
                {
                    "id": uuid.uuid4() if "postgresql" in database_url else uuid.uuid4().hex,
                    "u": name,
                    "e": f"{name}@example.com",
                    "r": role,
                    "a": True,
                    "t": "2026-01-01 00:00:00",
                },
            )
    assert upgrade(database_url) == HEAD == current_revision(database_url)
    with session_scope(database_url) as session:
        roles = dict(session.execute(text("SELECT username, role FROM users")).all())
    assert roles == {"eng": "operator", "usr": "viewer", "adm": "admin"}
    with pytest.raises(Exception), session_scope(database_url) as session:  # noqa: B017
        session.execute(text("UPDATE users SET role = 'engineer'"))


def test_stored_settings_read_without_sqlalchemy_on_sqlite(tmp_path: Path) -> None:
    """The start-up read is one stdlib query: a value stored by the CLI comes back typed."""
    from netauto.settings_store import read_stored

    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert read_stored(url) == {}  # no file yet: nothing, no error
    config = write_project(tmp_path, url)
    assert run(config, "settings", "set", "retries", "5")[0] == 0
    assert read_stored(url) == {"retries": 5}
    sqlite3.connect(tmp_path / "x.db").execute("DROP TABLE system_configs").connection.commit()
    assert read_stored(url) == {}


def test_a_stored_secret_reaches_the_template_and_nothing_else(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netauto_testing import REPO

    from netauto.runbooks import RunOptions, Selection, render
    from netauto.secretbox import new_key

    monkeypatch.setenv("NETAUTO_SECRET_KEY", new_key())
    config = yaml.safe_load(project.read_text())
    config["user_defined"]["netauto"]["templates_dir"] = str(REPO / "templates")
    project.write_text(yaml.safe_dump(config))
    assert run(project, "settings", "set", "snmp.community", "--stdin", stdin=SECRET)[0] == 0
    report = render(
        Selection(hosts=["R15"]),
        template="ios/snmp.j2",
        output=project.parent / "out",
        options=RunOptions(config=project),
    )
    assert f"snmp-server community {SECRET} RO" in (project.parent / "out" / "R15.cfg").read_text()
    assert SECRET not in json.dumps(report.to_dict(), default=str)
    assert SECRET not in everything_stored(project)
