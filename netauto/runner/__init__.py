"""``init_nornir``: the one entry point that wires config, inventory, credentials and the log.

Other tools import it::

    from netauto import init_nornir
    nr = init_nornir("config.yaml", user="ci-bot")
    result = nr.filter(name="R15").run(task=backup_config)

Its parts: :mod:`~netauto.runner.nornir_config` (Nornir's configuration from the settings),
:mod:`~netauto.runner.hosts` (timeouts, workers, the lab's port), :mod:`~netauto.runner.oplog`
(the operations-log writer and processor), :mod:`~netauto.runner.store` (the run's store).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from nornir.core import Nornir
from nornir.core.plugins.inventory import InventoryPluginRegister, TransformFunctionRegister
from nornir.core.plugins.runners import RunnersPluginRegister

from netauto.context import settings_or_none
from netauto.exceptions import ConfigError, InventoryError, NetautoError
from netauto.identity import current_username
from netauto.runner.hosts import apply_lab_port, apply_timeouts, default_workers
from netauto.runner.nornir_config import CELERY_RUNNER, DATABASE_INVENTORY, nornir_config
from netauto.runner.oplog import attach_oplog
from netauto.runner.store import run_context
from netauto.settings import Settings, load_settings

log = logging.getLogger(__name__)


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
    document = nornir_config(settings, num_workers, executor)
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
        default_workers(nr)
    apply_timeouts(nr, settings)
    context = run_context(settings, current_username(user))
    apply_lab_port(nr, context)
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


def settings_of(nr: Nornir) -> Settings:
    """The netauto settings a Nornir object was built with."""
    settings = settings_or_none(nr)
    if settings is None:
        raise ConfigError("this Nornir object was not created by netauto.init_nornir")
    return settings
