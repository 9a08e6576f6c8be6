"""An opened project: settings, database, operator and executor, held by every entry point.

Each entry point (a command, the web server, the scheduler, a worker, the chat, the MCP
server) opens its project once, with :meth:`Project.open`, and hands it to the library::

    project = Project.open("config.yaml", user="alice")    # or a folder holding config.yaml
    project.authorize(Permission.READ)
    rows = project.operations.query(hosts=["R15"], since=parse_when("1h"))
    print([row.to_json() for row in rows])

Reads and admin operations are parts of it (``devices``, ``operations``, ``runs``,
``run_requests``, ``users``, ``tokens``, ``settings_table``, ``schedules``, ``locks``,
``spool``, ``conversations``, ``search``); their rows serialise with ``to_json()``
(:mod:`netauto.db.rows`). The database schema is checked (created or upgraded) lazily, on the
first use of the database.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netauto.identity import current_username
from netauto.schedule import heartbeat
from netauto.settings import DEFAULT_CONFIG_FILE, Settings, find_config_file, load_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from netauto.auth import Identity, Permission
    from netauto.engine.inventory import InventoryHost
    from netauto.engine.options import RunOptions, Selection
    from netauto.project.admin import Conversations, Locks, SettingsTable, Tokens, Users
    from netauto.project.compliance import Compliance
    from netauto.project.database import DatabaseAdmin
    from netauto.project.devices import Devices
    from netauto.project.notify import Notifications
    from netauto.project.reads import Operations, Runs
    from netauto.project.requests import RunRequests
    from netauto.project.schedules import Schedules
    from netauto.project.search import Search
    from netauto.project.spool import SpoolReplay
    from netauto.registry import Registry

Where = str | os.PathLike[str] | None


def config_path(where: Where = None) -> Path:
    """The config file of ``where``: a file, a folder holding config.yaml, else the default
    (``NETAUTO_CONFIG``, else ./config.yaml)."""
    if where is not None and Path(where).expanduser().is_dir():
        where = Path(where).expanduser() / DEFAULT_CONFIG_FILE
    return find_config_file(where)


class _Shared:
    """What every view of one project shares (one per :meth:`Project.open`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.schema_checked: set[str] = set()


class Project:
    """One opened project. ``acting_as`` gives the same project for another operator."""

    def __init__(
        self, settings: Settings, *, user: str | None = None, executor: str | None = None
    ) -> None:
        self._shared = _Shared(settings)
        self.operator = current_username(user)
        self.executor = executor

    @classmethod
    def open(
        cls, where: Where = None, *, user: str | None = None, executor: str | None = None
    ) -> Project:
        """Read the project's settings (environment > database > config file > default).

        ``where``: the config file or its folder (default ``NETAUTO_CONFIG``, else
        ./config.yaml); ``user``: the operator (default ``NETAUTO_USER``, else the OS
        login); ``executor``: ``threaded`` or ``celery`` for its runs (default: the setting).
        """
        return cls(load_settings(config_path(where)), user=user, executor=executor)

    def acting_as(self, username: str) -> Project:
        """This project (same settings, same database) with ``username`` as its operator."""
        other = copy.copy(self)
        other.operator = username
        return other

    @property
    def settings(self) -> Settings:
        return self._shared.settings

    @property
    def config_file(self) -> Path:
        return self.settings.config_file

    @property
    def folder(self) -> Path:
        return self.settings.project_dir

    @property
    def state_dir(self) -> Path:
        """``.netauto`` beside config.yaml: process ids, logs, keys, the scheduler's beat."""
        return self.folder / ".netauto"

    def scheduler_beat(self) -> heartbeat.Beat | None:
        """The last heartbeat of the project's scheduler; None when none runs here."""
        return heartbeat.read(self.state_dir)

    def reload(self) -> None:
        """Read the settings again (after one was stored or removed)."""
        self._shared.settings = load_settings(self.config_file)

    # The database.

    @property
    def database_url(self) -> str:
        """The database's URL, as configured; nothing is connected to."""
        return self.settings.database_url

    @property
    def redacted_url(self) -> str:
        from netauto.db.url import redacted

        return redacted(self.database_url)

    @property
    def url(self) -> str:
        """The database's URL, once its schema is checked (created or upgraded, first use)."""
        url = self.database_url
        if url not in self._shared.schema_checked:
            from netauto.db.migrate import ensure_schema

            ensure_schema(url)  # once per database per process, whatever the thread
            self._shared.schema_checked.add(url)
        return url

    @property
    def database(self) -> DatabaseAdmin:
        """The schema's revision and upgrade, backups and restores of the database."""
        from netauto.project.database import DatabaseAdmin

        return DatabaseAdmin(self)

    def ensure_schema(self) -> None:
        """Check (create, upgrade) the schema now, e.g. before a process forks workers."""
        self.url  # noqa: B018 - the property does it

    @property
    def engine(self) -> Engine:
        from netauto.db.engine import get_engine

        return get_engine(self.url)

    # The operator.

    def authorize(self, permission: Permission) -> Identity | None:
        """Refuse the operator (PermissionDenied) unless allowed ``permission``, when
        ``auth.enforce`` is true; the user found (None when enforcement is off)."""
        from netauto.auth import authorize

        return authorize(self.settings, self.operator, permission)

    def require(self, permission: Permission) -> Project:
        """This project, once its operator may do ``permission`` (see :meth:`authorize`)."""
        self.authorize(permission)
        return self

    def run_options(self, **values: Any) -> RunOptions:
        """The runbook API's options for a run of this project by its operator (``values``:
        ``workers``, ``on_event``, ``schedule_id``... or another ``user``)."""
        import dataclasses

        from netauto.engine.options import RunOptions

        base = RunOptions(config=self.config_file, user=self.operator, executor=self.executor)
        return dataclasses.replace(base, **values)

    # The inventory, through the engine (no run is opened).

    def inventory(self, *, sync: bool = True) -> dict[str, InventoryHost]:
        """The inventory's hosts by name; ``sync`` keeps ``network_devices`` in step."""
        from netauto.engine.inventory import read_inventory

        hosts = read_inventory(self.settings, user=self.operator)
        if sync:
            self.devices.follow_inventory(hosts.values())
        return hosts

    def check_selection(self, selection: Selection) -> list[str]:
        """The host names ``selection`` picks; HostSelectionError when it names an unknown
        host or group, or picks nothing."""
        from netauto.engine.inventory import check_selection

        return check_selection(self.settings, selection, user=self.operator)

    # The parts: reads and admin operations.

    @property
    def registry(self) -> Registry:
        """The device registry: add, edit, retire, import and export routers (as the operator;
        front ends check Permission.CHANGE first)."""
        from netauto.registry import Registry

        return Registry(self.settings, self.url, self.operator)

    @property
    def devices(self) -> Devices:
        from netauto.project.devices import Devices

        return Devices(self)

    @property
    def operations(self) -> Operations:
        from netauto.project.reads import Operations

        return Operations(self)

    @property
    def compliance(self) -> Compliance:
        from netauto.project.compliance import Compliance

        return Compliance(self)

    @property
    def runs(self) -> Runs:
        from netauto.project.reads import Runs

        return Runs(self)

    @property
    def run_requests(self) -> RunRequests:
        """The run requests of the web, the API and chat (a runner process runs each)."""
        from netauto.project.requests import RunRequests

        return RunRequests(self)

    @property
    def users(self) -> Users:
        from netauto.project.admin import Users

        return Users(self)

    @property
    def tokens(self) -> Tokens:
        from netauto.project.admin import Tokens

        return Tokens(self)

    @property
    def settings_table(self) -> SettingsTable:
        from netauto.project.admin import SettingsTable

        return SettingsTable(self)

    @property
    def locks(self) -> Locks:
        from netauto.project.admin import Locks

        return Locks(self)

    @property
    def conversations(self) -> Conversations:
        from netauto.project.admin import Conversations

        return Conversations(self)

    @property
    def schedules(self) -> Schedules:
        from netauto.project.schedules import Schedules

        return Schedules(self)

    @property
    def search(self) -> Search:
        from netauto.project.search import Search

        return Search(self)

    @property
    def notify(self) -> Notifications:
        from netauto.project.notify import Notifications

        return Notifications(self)

    @property
    def spool(self) -> SpoolReplay:
        from netauto.project.spool import SpoolReplay

        return SpoolReplay(self)

    def __repr__(self) -> str:
        return f"<Project {self.config_file} as {self.operator}, {self.redacted_url}>"
