"""Settings: defaults, environment overrides, and one-line errors naming key and file."""

from __future__ import annotations

from pathlib import Path

import pytest

from netauto.exceptions import ConfigError
from netauto.settings import load_settings

REPO = Path(__file__).resolve().parent.parent


def test_repo_config_defaults() -> None:
    settings = load_settings(REPO / "config.yaml")
    assert settings.database_url == f"sqlite:///{REPO / 'netauto.db'}"
    assert settings.backups_dir == REPO / "backups"
    assert settings.lab_port == 2222
    assert settings.connect_timeout == 10


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETAUTO_DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    monkeypatch.setenv("NETAUTO_LAB_PORT", "2300")
    monkeypatch.setenv("NETAUTO_BACKUPS_DIR", "/tmp/elsewhere")
    settings = load_settings(REPO / "config.yaml")
    assert settings.database_url == "postgresql+psycopg://u@127.0.0.1/x"
    assert settings.lab_port == 2300
    assert settings.backups_dir == Path("/tmp/elsewhere")


def test_bad_value_names_key_and_file(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("user_defined:\n  netauto:\n    connect_timeout: soon\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert "user_defined.netauto.connect_timeout" in str(caught.value)
    assert str(config) in str(caught.value)


def test_bad_environment_value_names_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETAUTO_RETRIES", "-1")
    with pytest.raises(ConfigError, match="NETAUTO_RETRIES"):
        load_settings(REPO / "config.yaml")


def test_broken_yaml_gives_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "broken.yaml"
    config.write_text("inventory:\n  plugin: SimpleInventory\n  options: x: y\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    message = str(caught.value)
    assert "broken.yaml line 3" in message and "\n" not in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "nope.yaml")


def test_section_must_be_mapping(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("user_defined:\n  netauto: [1, 2]\n")
    with pytest.raises(ConfigError, match=r"user_defined\.netauto"):
        load_settings(config)


def test_a_symlinked_config_file_belongs_to_the_folder_of_the_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repository's root config.yaml links into netauto/skeleton/: its database, backups
    and inventory are the root's, never the skeleton's."""
    from netauto.lab.hostdata import inventory_files

    target = tmp_path / "elsewhere" / "config.yaml"
    target.parent.mkdir()
    target.write_text(
        "inventory: {options: {host_file: inventory/hosts.yaml}}\n"
        "user_defined:\n  netauto:\n    database_url: sqlite:///netauto.db\n"
    )
    project = tmp_path / "project"
    project.mkdir()
    (project / "config.yaml").symlink_to(Path("..", "elsewhere", "config.yaml"))
    monkeypatch.chdir(project)
    for named in (project / "config.yaml", "config.yaml", None):
        settings = load_settings(named, database=False)
        assert settings.config_file == project / "config.yaml"
        assert settings.database_url == f"sqlite:///{project / 'netauto.db'}"
        assert settings.backups_dir == project / "backups"
        assert settings.lab_state_dir == project / ".netauto" / "lab"
    files = inventory_files(Path("config.yaml"))
    assert files is not None and files["host_file"] == project / "inventory" / "hosts.yaml"
