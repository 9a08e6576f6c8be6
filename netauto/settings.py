"""netauto's own settings: ``user_defined.netauto`` in the Nornir config file.

Every scalar key can be overridden from the environment as ``NETAUTO_<KEY>`` (nested keys
joined by ``_``: ``lab.port`` -> ``NETAUTO_LAB_PORT``). Relative paths are resolved against the
folder of the config file, so a run behaves the same from any working directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netauto.exceptions import ConfigError

DEFAULT_CONFIG_FILE = "config.yaml"
SECTION = "user_defined.netauto"


@dataclass(frozen=True)
class Settings:
    """Typed view of ``user_defined.netauto`` with environment overrides applied."""

    config_file: Path
    database_url: str
    backups_dir: Path
    templates_dir: Path
    generated_dir: Path
    spool_file: Path
    lab_state_dir: Path
    lab_port: int
    connect_timeout: float
    command_timeout: float
    retries: int
    num_workers: int
    health: Mapping[str, float] = field(default_factory=dict)
    auth_enforce: bool = False
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def project_dir(self) -> Path:
        return self.config_file.parent

    @property
    def nornir(self) -> Mapping[str, Any]:
        """The whole parsed config file (Nornir's own sections included)."""
        return self.raw.get("__file__", {})  # type: ignore[no-any-return]


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error becomes a one-line ConfigError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", file=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", file=str(path)) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{line}: {problem}") from None


class _Reader:
    """Reads typed values from the section, with NETAUTO_* environment overrides."""

    def __init__(self, section: Mapping[str, Any], file: Path) -> None:
        self.section = section
        self.file = file

    def _raw(self, key: str, default: Any) -> tuple[Any, str]:
        env = "NETAUTO_" + key.upper().replace(".", "_")
        if env in os.environ:
            return os.environ[env], f"environment {env}"
        node: Any = self.section
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default, str(self.file)
            node = node[part]
        return node, str(self.file)

    def _fail(self, key: str, where: str, expected: str, value: Any) -> ConfigError:
        return ConfigError(f"{SECTION}.{key} must be {expected}, got {value!r}", file=where)

    def string(self, key: str, default: str | None = None) -> str:
        value, where = self._raw(key, default)
        if value is None:
            raise ConfigError(
                f"missing setting {SECTION}.{key}", key=f"{SECTION}.{key}", file=where
            )
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, where, "a non-empty string", value)
        return value

    def path(self, key: str, default: str) -> Path:
        value = Path(self.string(key, default)).expanduser()
        return value if value.is_absolute() else self.file.parent / value

    def number(self, key: str, default: float, *, minimum: float = 0) -> float:
        value, where = self._raw(key, default)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self._fail(key, where, "a number", value) from None
        if isinstance(value, bool) or number < minimum:
            raise self._fail(key, where, f"a number >= {minimum:g}", value)
        return number

    def boolean(self, key: str, default: bool) -> bool:
        value, where = self._raw(key, default)
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise self._fail(key, where, "true or false", value)

    def integer(self, key: str, default: int, *, minimum: int = 0) -> int:
        value, where = self._raw(key, default)
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            raise self._fail(key, where, "an integer", value) from None
        if isinstance(value, bool) or number < minimum:
            raise self._fail(key, where, f"an integer >= {minimum}", value)
        return number


def _resolve_database_url(url: str, project_dir: Path) -> str:
    """Make a relative SQLite path absolute against the project folder."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str(project_dir / url[len(prefix) :])
    return url


def find_config_file(config_file: str | os.PathLike[str] | None = None) -> Path:
    """The config file to use: the argument, ``NETAUTO_CONFIG``, else ./config.yaml."""
    chosen = config_file or os.environ.get("NETAUTO_CONFIG") or DEFAULT_CONFIG_FILE
    return Path(chosen).expanduser().resolve()


def load_settings(config_file: str | os.PathLike[str] | None = None) -> Settings:
    """Read and validate netauto's settings from the Nornir config file."""
    path = find_config_file(config_file)
    document = read_yaml(path)
    if not isinstance(document, dict):
        raise ConfigError("the config file must be a YAML mapping", file=str(path))
    user_defined = document.get("user_defined") or {}
    section = user_defined.get("netauto") if isinstance(user_defined, dict) else None
    if section is None:
        section = {}
    if not isinstance(section, dict):
        raise ConfigError("must be a mapping", key=SECTION, file=str(path))
    read = _Reader(section, path)
    health = section.get("health") or {}
    if not isinstance(health, dict):
        raise ConfigError("must be a mapping", key=f"{SECTION}.health", file=str(path))
    return Settings(
        config_file=path,
        database_url=_resolve_database_url(
            read.string("database_url", "sqlite:///netauto.db"), path.parent
        ),
        backups_dir=read.path("backups_dir", "backups"),
        templates_dir=read.path("templates_dir", "templates"),
        generated_dir=read.path("generated_dir", "generated"),
        spool_file=read.path("spool_file", ".netauto/spool.jsonl"),
        lab_state_dir=read.path("lab.state_dir", ".netauto/lab"),
        lab_port=read.integer("lab.port", 2222, minimum=1),
        connect_timeout=read.number("connect_timeout", 10, minimum=0.1),
        command_timeout=read.number("command_timeout", 30, minimum=0.1),
        retries=read.integer("retries", 2),
        num_workers=read.integer("num_workers", 20, minimum=1),
        health={
            "cpu_percent": read.number("health.cpu_percent", 80),
            "memory_percent": read.number("health.memory_percent", 85),
            "min_uptime_seconds": read.number("health.min_uptime_seconds", 600),
        },
        auth_enforce=read.boolean("auth.enforce", False),
        raw={**section, "__file__": document},
    )
