"""``init_nornir``: the one entry point that wires config, inventory, credentials and the log.

Other tools import it::

    from netauto import init_nornir
    nr = init_nornir("config.yaml", user="ci-bot")
    result = nr.filter(name="R15").run(task=backup_config)
"""

from __future__ import annotations

import atexit
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nornir.core import Nornir
from nornir.core.plugins.inventory import InventoryPluginRegister, TransformFunctionRegister
from nornir.core.plugins.runners import RunnersPluginRegister

from netauto.context import RunContext, context_of, settings_or_none
from netauto.exceptions import ConfigError, InventoryError, NetautoError, UsageError
from netauto.identity import current_username
from netauto.runner.store import run_context
from netauto.settings import Settings, load_settings, read_yaml

if TYPE_CHECKING:
    from netauto.plugins.oplog import OperationsLogProcessor

log = logging.getLogger(__name__)

_INVENTORY_FILES = ("host_file", "group_file", "defaults_file")
_NORNIR_SECTIONS = ("inventory", "ssh", "logging", "core", "runner", "user_defined")
EXECUTORS = ("threaded", "celery")
CELERY_RUNNER = "netauto.celery"  # our runner plugin's name in Nornir's registry
DATABASE_INVENTORY = "netauto.database"  # the registry's inventory plugin (plugins/inventory.py)


def _nornir_config(
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
    runner["plugin"] = _runner_plugin(settings, runner.get("plugin"), executor)
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


def _runner_plugin(settings: Settings, configured: Any, executor: str | None) -> str:
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


def _default_workers(nr: Nornir) -> None:
    """No worker count given anywhere: the inventory's size and the machine decide."""
    from netauto.workers import default_workers

    workers = default_workers(len(nr.inventory.hosts))
    nr.runner.num_workers = workers  # type: ignore[attr-defined]
    nr.config.runner.options["num_workers"] = workers


def _apply_timeouts(nr: Nornir, settings: Settings) -> None:
    for host in nr.inventory.hosts.values():
        netmiko = host.connection_options.get("netmiko")
        if netmiko is not None and netmiko.extras is not None:
            netmiko.extras.setdefault("conn_timeout", settings.connect_timeout)
            netmiko.extras.setdefault("auth_timeout", settings.connect_timeout)
            netmiko.extras.setdefault("banner_timeout", settings.connect_timeout)
            netmiko.extras.setdefault("read_timeout_override", settings.command_timeout)
        napalm = host.connection_options.get("napalm")
        if napalm is not None and napalm.extras is not None:
            napalm.extras.setdefault("timeout", int(settings.command_timeout))
            optional = napalm.extras.setdefault("optional_args", {})
            optional.setdefault("conn_timeout", settings.connect_timeout)
            optional.setdefault("auth_timeout", settings.connect_timeout)
            optional.setdefault("banner_timeout", settings.connect_timeout)
            # Every command NAPALM sends waits the command timeout, not netmiko's own 10 s
            # (compare_config) or NAPALM's 90 s (commit): the figure an error quotes is real.
            optional.setdefault("read_timeout_override", settings.command_timeout)


def _apply_lab_port(nr: Nornir, context: RunContext) -> None:
    """Loopback routers with no port take the port of this project's lab (lab/target.py)."""
    from netauto.plugins.credentials import is_loopback

    names = [
        host.name
        for host in nr.inventory.hosts.values()
        if host.port is None and is_loopback(host.hostname or "")
    ]
    if not names:
        return
    from netauto.lab.target import lab_target

    target = lab_target(context.settings)
    for name in names:
        nr.inventory.hosts[name].port = target.port
    context.lab_hosts = frozenset(names)
    context.lab_problem = target.problem


def init_nornir(
    config_file: str | os.PathLike[str] | None = None,
    *,
    dry_run: bool = True,
    user: str | None = None,
    num_workers: int | None = None,
    record: bool = True,
    executor: str | None = None,
    settings: Settings | None = None,
) -> Nornir:
    """A Nornir object with credentials, timeouts and the operations-log processor wired in.

    ``dry_run`` defaults to True: tasks that write to a device only do so when it is False.
    With ``record=False`` nothing is written to the operations log. ``executor`` is
    ``threaded`` (local threads) or ``celery`` (``netauto worker`` processes, the
    ``netauto.celery`` runner; needs the PostgreSQL log); default: the ``executor`` setting.
    ``settings``: settings already read (an open :class:`~netauto.project.Project`'s), instead
    of reading ``config_file`` again.
    """
    if settings is None:
        settings = load_settings(config_file)
    document = _nornir_config(settings, num_workers, executor)
    try:
        nr = _build_nornir(document, dry_run)
    except NetautoError:
        raise
    except TypeError as exc:
        raise ConfigError(
            f"invalid Nornir settings: {exc}", file=str(settings.config_file)
        ) from None
    except (KeyError, ValueError, AttributeError) as exc:
        raise InventoryError(f"cannot load the inventory: {type(exc).__name__}: {exc}") from None
    except Exception as exc:
        # Nornir's plugin registry raises its own errors for unknown plugins.
        raise ConfigError(
            f"cannot initialise Nornir: {exc}", file=str(settings.config_file)
        ) from None
    nr.config.user_defined.setdefault("netauto", {})
    if "num_workers" not in document["runner"]["options"]:
        _default_workers(nr)
    _apply_timeouts(nr, settings)
    context = run_context(settings, current_username(user))
    _apply_lab_port(nr, context)
    if record:
        context.processor = attach_oplog(nr, settings, context.username)
        nr = nr.with_processors([context.processor])
    context.attach(nr)
    return nr


def _build_nornir(document: dict[str, Any], dry_run: bool) -> Nornir:
    """``InitNornir`` without importing every connection plugin up front."""
    from nornir.core.configuration import Config
    from nornir.core.state import GlobalState
    from nornir.init_nornir import load_inventory, load_runner

    from netauto.executor.runner import CeleryRunner
    from netauto.plugins.connections import register_lazy_connections
    from netauto.plugins.credentials import credentials
    from netauto.plugins.inventory import DatabaseInventory

    if DATABASE_INVENTORY not in InventoryPluginRegister.available:
        InventoryPluginRegister.register(DATABASE_INVENTORY, DatabaseInventory)
    if "netauto.credentials" not in TransformFunctionRegister.available:
        TransformFunctionRegister.register("netauto.credentials", credentials)
    if CELERY_RUNNER not in RunnersPluginRegister.available:
        RunnersPluginRegister.register(CELERY_RUNNER, CeleryRunner)
    register_lazy_connections()
    config = Config.from_dict(**document)
    config.logging.configure()
    return Nornir(
        inventory=load_inventory(config),
        runner=load_runner(config),
        config=config,
        data=GlobalState(dry_run=dry_run),
    )


def uses_registry(settings: Settings) -> bool:
    """Whether the project's inventory of record is the database (the device registry)."""
    inventory = settings.nornir.get("inventory") or {}
    return bool(inventory.get("plugin") == DATABASE_INVENTORY)


def seed_registry(settings: Settings) -> None:
    """Seed an empty registry from the YAML files config.yaml names (as a run's first load
    would), so that the registry's first change finds the lab's routers and groups."""
    if not uses_registry(settings):
        return
    options = _nornir_config(settings, None)["inventory"]["options"]
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


def settings_of(nr: Nornir) -> Settings:
    """The netauto settings a Nornir object was built with."""
    settings = settings_or_none(nr)
    if settings is None:
        raise ConfigError("this Nornir object was not created by netauto.init_nornir")
    return settings


def attach_oplog(nr: Nornir, settings: Settings, username: str) -> OperationsLogProcessor:
    """Start the writer and return the processor.

    Creating or checking the schema and syncing network_devices happen first thing in the
    writer thread, so the run starts talking to routers at once.
    """
    from netauto.oplog.writer import OplogWriter
    from netauto.plugins.oplog import OperationsLogProcessor

    url = settings.database_url
    hosts = [(h.name, h.hostname or "", h.platform) for h in nr.inventory.hosts.values()]
    if uses_registry(settings):
        hosts = []  # the inventory is network_devices itself: nothing to keep in step

    def prepare() -> None:
        from netauto.db.devices import sync_inventory
        from netauto.db.migrate import ensure_schema

        ensure_schema(url)
        sync_inventory(url, hosts)

    writer = OplogWriter(url, settings.spool_file, on_start=prepare).start()
    atexit.register(writer.close)
    return OperationsLogProcessor(writer, username)


def oplog_processor(nr: Nornir) -> OperationsLogProcessor | None:
    """The operations-log processor of ``nr``, if it has one."""
    context = context_of(nr)
    return context.processor if context is not None else None
