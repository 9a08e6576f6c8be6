"""The device registry from the command line, against the lab over real SSH.

One fleet of 3 routers (R15-R17) per module; the registry is seeded with R15 and R16 and R17
is added with `netauto devices add`, so onboarding has a real router to read facts from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from cryptography.fernet import Fernet
from netauto_testing import Project, make_project
from registry_testing import registry_project

from netauto.db.engine import session_scope
from netauto.db.models import CredentialSet


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture
def reg(tmp_path: Path, sqlite_url: str, fleet: Any) -> Project:
    project = registry_project(tmp_path, sqlite_url, fleet)
    hosts = project.folder / "inventory" / "hosts.yaml"
    import yaml

    seed = yaml.safe_load(hosts.read_text())
    del seed["R17"]
    hosts.write_text(yaml.safe_dump(seed))
    return project


def run(project: Project, *args: str, stdin: str | None = None) -> Result:
    """``netauto ARGS --config CONFIG`` (after the subcommand: ``devices add`` is a group's)."""
    from netauto.cli import cli

    arguments = [*args, "--config", str(project.config)]
    return CliRunner().invoke(cli, arguments, input=stdin, catch_exceptions=False)


def _names(project: Project) -> list[str]:
    return sorted(project.nornir(record=False).inventory.hosts)


def test_add_onboards_from_facts_and_backup_takes_it(reg: Project, fleet: Any) -> None:
    assert _names(reg) == ["R15", "R16"]  # seeded from hosts.yaml on the first load
    result = run(
        reg,
        "devices",
        "add",
        "R17",
        "--address",
        fleet.address("R17"),
        "--port",
        str(fleet.port),
        "--data",
        "site=lab",
        "--json",
    )
    assert result.exit_code == 0, result.output
    added = json.loads(result.output)
    assert added["status"] == "online"
    assert added["groups"] == ["routers"]  # the default group
    assert added["model"] != "unknown" and added["serial"] and added["os_version"]
    result = run(reg, "backup")
    assert result.exit_code == 0, result.output
    assert (reg.backups / "R17.cfg").exists()
    audit = reg.operations("device_add")
    assert [row.host for row in audit] == ["R17"]
    assert audit[0].result["before"] is None and audit[0].result["after"]["name"] == "R17"


def test_unreachable_router_is_added_offline_with_reason(reg: Project) -> None:
    result = run(reg, "devices", "add", "R40", "--address", "127.0.0.40", "--port", "1")
    assert result.exit_code == 0, result.output
    assert "R40 added: 127.0.0.40 port 1, groups routers; offline: " in result.output
    assert reg.devices()["R40"].status == "offline"


def test_bad_input_refused_before_anything(reg: Project, fleet: Any) -> None:
    cases = [
        (("R18", "--address", "999.1.1.1"), "address '999.1.1.1' is not an IP address"),
        (("R/1", "--address", "127.0.0.41"), "is not a device name"),
        (("R15", "--address", "127.0.0.41"), "R15 is already in the registry"),
        (("R18", "--address", "127.0.0.42", "--group", "nope"), "no group 'nope'"),
        (("R18", "--address", "127.0.0.42", "--data", "password=x"), "credentials are never"),
        (
            ("R18", "--address", fleet.address("R15"), "--port", str(fleet.port)),
            "is R15's already",
        ),
    ]
    for args, message in cases:
        result = run(reg, "devices", "add", *args, "--no-connect")
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output
        assert result.output.count("\n") == 1
    assert sorted(reg.devices()) == ["R15", "R16"]


def test_unreadable_values_and_files_are_refused_in_one_line(reg: Project, tmp_path: Path) -> None:
    """A data value YAML cannot read, a file that is not UTF-8: one line, exit 2, nothing added."""
    (tmp_path / "values.csv").write_text("name,address,data.site\nR50,127.0.0.50,[unclosed\n")
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfename,address\n")
    cases = [
        (
            ("devices", "add", "R18", "--address", "127.0.0.42", "--data", "site=[unclosed"),
            "Error: data site: '[unclosed' is not a YAML value (",
        ),
        (
            ("devices", "import", str(tmp_path / "values.csv")),
            "Error: values.csv line 2: data.site: '[unclosed' is not a YAML value (",
        ),
        (
            ("devices", "import", str(tmp_path / "binary.csv")),
            "Error: binary.csv: not UTF-8 text (byte 0: a binary file?)",
        ),
    ]
    for args, message in cases:
        result = run(reg, *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith(message) and result.output.count("\n") == 1, result.output
    assert sorted(reg.devices()) == ["R15", "R16"]
    # A spreadsheet's CSV starts with a byte order mark: read as the header it is.
    (tmp_path / "excel.csv").write_bytes(b"\xef\xbb\xbfname,address\nR50,127.0.0.50\n")
    dry = run(reg, "devices", "import", str(tmp_path / "excel.csv"), "--dry-run")
    assert dry.exit_code == 0 and dry.output.startswith("added    R50"), dry.output


def test_retire_takes_it_out_and_keeps_history(reg: Project) -> None:
    assert run(reg, "backup").exit_code == 0
    result = run(reg, "devices", "retire", "R16")
    assert (result.exit_code, result.output.split(":")[0]) == (0, "R16 retired")
    assert _names(reg) == ["R15"]
    result = run(reg, "backup", "-H", "R16")
    assert result.exit_code == 2 and "R16" in result.output
    assert "R16" not in run(reg, "devices", "list").output
    history = run(reg, "ops", "list", "-H", "R16", "--json")
    assert [row["operation_type"] for row in json.loads(history.output)][-1] == "config_backup"
    retire = reg.operations("device_retire")[0].result
    assert retire["before"]["retired"] is False and retire["after"]["retired"] is True
    assert run(reg, "devices", "restore", "R16").exit_code == 0
    assert _names(reg) == ["R15", "R16"]


def test_csv_import_refuses_a_bad_row_and_imports_nothing(reg: Project, tmp_path: Path) -> None:
    good = "name,address,groups,data.site\nR50,127.0.0.50,routers,lab\nR51,127.0.0.51,routers,x\n"
    bad = good + "R52,not-an-ip,routers,lab\nR53,127.0.0.53,routers,lab\n"
    (tmp_path / "bad.csv").write_text(bad)
    result = run(reg, "devices", "import", str(tmp_path / "bad.csv"))
    assert result.exit_code == 2
    assert result.output == ("Error: bad.csv line 4: address 'not-an-ip' is not an IP address\n")
    assert sorted(reg.devices()) == ["R15", "R16"]
    (tmp_path / "good.csv").write_text(good)
    dry = run(reg, "devices", "import", str(tmp_path / "good.csv"), "--dry-run", "--retire-missing")
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines() == [
        "added    R50 R51",
        "retired  R15 R16",
        "2 added, 0 changed, 2 retired, 0 unchanged. Dry run: nothing was written.",
    ]
    assert sorted(reg.devices()) == ["R15", "R16"]
    assert run(reg, "devices", "import", str(tmp_path / "good.csv")).exit_code == 0
    assert _names(reg) == ["R15", "R16", "R50", "R51"]
    # Export, edit one value, import: one changed.
    exported = run(reg, "devices", "export", "--format", "yaml").output
    (tmp_path / "fleet.yaml").write_text(exported.replace("site: x", "site: lab"))
    again = run(reg, "devices", "import", str(tmp_path / "fleet.yaml"), "--json")
    assert json.loads(again.output)["changed"] == ["R51"]
    csv_text = run(reg, "devices", "export", "--format", "csv").output
    assert csv_text.splitlines()[:2] == [
        "name,address,port,platform,groups,credential_set,data.site",
        f"R15,127.0.0.15,{reg.fleet.port},,routers,,lab",
    ]


def test_credential_set_encrypted_and_used(reg: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETAUTO_SECRET_KEY", Fernet.generate_key().decode())
    result = run(
        reg,
        "devices",
        "credentials",
        "labset",
        "--username",
        "netauto",
        stdin="netauto-lab\nnetauto-lab\nnetauto-enable\n",
    )
    assert result.exit_code == 0, result.output
    with session_scope(reg.database_url) as session:
        stored = session.query(CredentialSet).one()
        assert stored.username == "netauto"
        assert "netauto-lab" not in stored.password and "netauto-enable" not in str(stored.secret)
    assert run(reg, "devices", "edit", "R15", "--credential-set", "labset").exit_code == 0
    nr = reg.nornir(record=False)
    assert nr.inventory.hosts["R15"].password == "netauto-lab"
    assert run(reg, "backup", "-H", "R15").exit_code == 0
    monkeypatch.setenv("NETAUTO_SECRET_KEY", Fernet.generate_key().decode())
    result = run(reg, "backup", "-H", "R15")
    assert result.exit_code == 2 and "not the key it was stored with" in result.output
    assert "netauto-lab" not in json.dumps([r.result for r in reg.operations()], default=str)


def test_yaml_inventory_keeps_the_registry_read_only(
    tmp_path: Path, sqlite_url: str, fleet: Any
) -> None:
    project = make_project(tmp_path, sqlite_url, fleet)
    result = run(project, "devices", "add", "R30", "--address", "127.0.0.30")
    assert result.exit_code == 2
    assert result.output.startswith("Error: the device registry is read-only: the inventory of")
    from netauto.cli import cli

    assert "export" in CliRunner().invoke(cli, ["devices", "--help"]).output
