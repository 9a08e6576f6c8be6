"""Nornir's configuration from netauto's settings: the config file's sections checked, the
inventory's paths made absolute, the runner chosen (threaded or Celery) with its workers; and
the device registry, when the inventory of record is the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netauto.exceptions import ConfigError, InventoryError, UsageError
from netauto.settings import Settings, read_yaml

_INVENTORY_FILES = ("host_file", "group_file", "defaults_file")
_NORNIR_SECTIONS = ("inventory", "ssh", "logging", "core", "runner", "user_defined")
EXECUTORS = ("threaded", "celery")
CELERY_RUNNER = "netauto.celery"  # our runner plugin's name in Nornir's registry
DATABASE_INVENTORY = "netauto.database"  # the registry's inventory plugin (plugins/inventory.py)


def nornir_config(
    settings: Settings, num_workers: int | None, executor: str | None = None
) -> dict[str, Any]:
    """Nornir's sections of the config file, with inventory paths made absolute."""
    document = dict(settings.nornir)
    unknown = sorted(set(document) - set(_NORNIR_SECTIONS))
    if unknown:
        raise ConfigError(
            f"unknown top-level section {unknown[0]!r}", file=str(settings.config_file)
        )
    inventory = dict(document.get("inventory") or {})
    options = dict(inventory.get("options") or {})
    for key in _INVENTORY_FILES:
        if options.get(key):
            path = Path(str(options[key])).expanduser()
            if not path.is_absolute():
                path = settings.project_dir / path
            options[key] = str(path)
            # Parse it ourselves first: a broken file gets one line with file and line.
            # The database inventory's hosts and groups files only seed an empty registry:
            # they may be gone, and are read (and checked) only when they do.
            seed = inventory.get("plugin") == DATABASE_INVENTORY and key != "defaults_file"
            if seed:
                continue
            if key != "defaults_file" or path.exists():
                data = read_yaml(path)
                if data is not None and not isinstance(data, dict):
                    raise InventoryError(f"{path}: must be a mapping of names to entries")
    if inventory.get("plugin") == DATABASE_INVENTORY:
        options["url"] = settings.database_url
    if inventory.get("transform_function") == "netauto.credentials":
        transform_options = dict(inventory.get("transform_function_options") or {})
        transform_options.setdefault("database_url", settings.database_url)
        inventory["transform_function_options"] = transform_options
    inventory["options"] = options
    document["inventory"] = inventory
    runner = dict(document.get("runner") or {})
    runner["plugin"] = runner_plugin(settings, runner.get("plugin"), executor)
    runner_options = dict(runner.get("options") or {})
    _check_workers_option(runner_options.get("num_workers"), settings)
    explicit = settings.sources.get("num_workers", "default") != "default"
    chosen = num_workers or runner_options.get("num_workers")
    if chosen is None and not explicit and runner["plugin"] == "threaded":
        runner_options.pop("num_workers", None)  # init_nornir picks it (fleet and machine)
    else:
        runner_options["num_workers"] = chosen or settings.num_workers
    runner["options"] = runner_options
    document["runner"] = runner
    logging_section = dict(document.get("logging") or {})
    logging_section.setdefault("enabled", False)
    document["logging"] = logging_section
    return document


def _check_workers_option(value: Any, settings: Settings) -> None:
    """``runner.options.num_workers`` of the config file: the setting's bounds, one line."""
    from netauto.settings_schema import BY_KEY

    if value is None:
        return
    spec = BY_KEY["num_workers"]
    low, high = int(spec.minimum or 1), int(spec.maximum or 1000)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(
            f"must be a whole number from {low} to {high}, got {value!r}",
            key="runner.options.num_workers",
            file=str(settings.config_file),
        )


def runner_plugin(settings: Settings, configured: Any, executor: str | None) -> str:
    """``executor`` (argument, else the setting unless defaulted) over the config's plugin."""
    if executor is not None and executor not in EXECUTORS:
        raise UsageError(f"unknown executor {executor!r}; choose {' or '.join(EXECUTORS)}")
    if executor is None and settings.sources.get("executor", "default") != "default":
        executor = str(settings.value("executor"))
    plugin = str(configured or "threaded")
    if executor == "celery":
        plugin = CELERY_RUNNER
    elif executor == "threaded" and plugin == CELERY_RUNNER:
        plugin = "threaded"
    if plugin == CELERY_RUNNER:
        from netauto.executor.app import require_postgres

        require_postgres(settings)
    return plugin


def uses_registry(settings: Settings) -> bool:
    """Whether the project's inventory of record is the database (the device registry)."""
    inventory = settings.nornir.get("inventory") or {}
    return bool(inventory.get("plugin") == DATABASE_INVENTORY)


def seed_registry(settings: Settings) -> None:
    """Seed an empty registry from the YAML files config.yaml names (as a run's first load
    would), so that the registry's first change finds the lab's routers and groups."""
    if not uses_registry(settings):
        return
    options = nornir_config(settings, None)["inventory"]["options"]
    if options.get("host_file"):
        from netauto.db.migrate import ensure_schema
        from netauto.plugins.inventory import seed_once

        ensure_schema(settings.database_url)
        group_file = options.get("group_file")
        seed_once(
            settings.database_url,
            Path(options["host_file"]),
            Path(group_file) if group_file else None,
        )
