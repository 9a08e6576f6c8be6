"""The rows the read API hands out, each with its one JSON shape (``to_json()``).

The web API, the chat and MCP tools and the CLI's ``--json`` all call ``to_json()``, so one
operation, run, device, user, token or lock reads the same everywhere (docs/api.md lists the
shapes). Times are ISO 8601 (UTC), ids full UUID strings. Nothing secret ever leaves: no
password or token hash is read into these rows, a lock's release token and a device's stored
configuration are never in the JSON, a secret setting is ``<set>``.

Plain dataclasses, no SQLAlchemy: the command line imports this on its light path.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from netauto.clock import utcnow


def jsonable(value: Any) -> Any:
    """A JSON-ready copy: dataclasses as dicts, datetimes as ISO text, UUIDs as strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Path | Decimal):
        return str(value)
    to_json = getattr(value, "to_json", None)
    if callable(to_json) and not isinstance(value, type):
        return to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _id(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


@dataclass(frozen=True)
class OperationRow:
    """One row of operations_log with its run's runbook and its operator's name."""

    id: uuid.UUID
    run_id: uuid.UUID | None
    runbook: str | None
    host: str | None
    operation_type: str
    status: str
    execution_time_ms: int | None
    changed: bool
    username: str | None
    created_at: datetime
    finished_at: datetime | None
    error_message: str | None
    command: str | None = None
    result: Any = None
    diff: str | None = None

    def to_json(self, *, detail: bool = False) -> dict[str, Any]:
        """``detail`` adds the command, the result and the diff (masked when stored)."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "run_id": _id(self.run_id),
            "runbook": self.runbook,
            "host": self.host,
            "operation_type": self.operation_type,
            "status": self.status,
            "execution_time_ms": self.execution_time_ms,
            "changed": self.changed,
            "username": self.username,
            "created_at": _iso(self.created_at),
            "finished_at": _iso(self.finished_at),
            "error_message": self.error_message,
        }
        if detail:
            data.update(command=self.command, result=jsonable(self.result), diff=self.diff)
        return data


@dataclass(frozen=True)
class RunRow:
    """One row of ``runs``: a runbook's run (or a schedule's fire) and its host counts."""

    id: uuid.UUID
    runbook: str
    username: str | None
    arguments: dict[str, Any] | None
    started_at: datetime
    finished_at: datetime | None
    hosts_total: int
    hosts_ok: int
    hosts_failed: int
    hosts_changed: int
    status: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "runbook": self.runbook,
            "username": self.username,
            "arguments": jsonable(self.arguments),
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "hosts_total": self.hosts_total,
            "hosts_ok": self.hosts_ok,
            "hosts_failed": self.hosts_failed,
            "hosts_changed": self.hosts_changed,
            "status": self.status,
        }


@dataclass(frozen=True)
class RunDetail:
    """A run with every operation it recorded (by host), each with result and diff."""

    run: RunRow
    operations: list[OperationRow]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.run.to_json(),
            "operations": [op.to_json(detail=True) for op in self.operations],
        }


@dataclass(frozen=True)
class Device:
    """One row of network_devices, with its last successful backup when it was asked for."""

    name: str
    ip_address: str
    platform: str | None
    model: str
    status: str
    uptime_seconds: int
    last_seen: datetime | None
    metadata: dict[str, Any]
    config_backup: str | None  # secrets masked when it was stored; never in the JSON
    updated_at: datetime | None
    id: uuid.UUID | None = None
    last_backup: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """``address`` repeats ``ip_address`` (the name the command line always printed)."""
        return {
            "id": _id(self.id),
            "name": self.name,
            "ip_address": self.ip_address,
            "address": self.ip_address,
            "platform": self.platform,
            "model": self.model,
            "status": self.status,
            "uptime_seconds": self.uptime_seconds,
            "last_seen": _iso(self.last_seen),
            "metadata": jsonable(self.metadata),
            "updated_at": _iso(self.updated_at),
            "last_backup": _iso(self.last_backup),
        }


@dataclass(frozen=True)
class RegistryEntry:
    """A router of the registry as an operator edits it: where it is, what it belongs to,
    what onboarding learnt. ``credential_set`` is a name; credentials are never in it."""

    name: str
    address: str
    port: int | None = None
    platform: str | None = None
    groups: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    credential_set: str | None = None
    model: str = "unknown"
    serial: str | None = None
    os_version: str | None = None
    status: str = "unknown"
    source: str | None = None
    retired_at: datetime | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def spec(self) -> dict[str, Any]:
        """What an import or export file holds of it (what an operator sets)."""
        return {
            "name": self.name,
            "address": self.address,
            "port": self.port,
            "platform": self.platform,
            "groups": list(self.groups),
            "data": jsonable(self.data),
            "credential_set": self.credential_set,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            **self.spec(),
            "model": self.model,
            "serial": self.serial,
            "os_version": self.os_version,
            "status": self.status,
            "source": self.source,
            "retired": self.retired,
            "retired_at": _iso(self.retired_at),
            "metadata": jsonable(self.metadata),
        }


@dataclass(frozen=True)
class UserInfo:
    """A user, without its password hash (``has_password`` says whether one is set)."""

    id: uuid.UUID
    username: str
    email: str
    display_name: str | None
    role: str
    active: bool
    has_password: bool
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "email": self.email,
            "display_name": self.display_name,
            "role": self.role,
            "active": self.active,
            "has_password": self.has_password,
            "created_at": _iso(self.created_at),
        }


@dataclass(frozen=True)
class TokenInfo:
    """An API token as stored: its shown prefix, never the token or its hash."""

    id: uuid.UUID
    email: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= utcnow():
            return "expired"
        return "active"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "email": self.email,
            "name": self.name,
            "prefix": self.prefix,
            "state": self.state,
            "created_at": _iso(self.created_at),
            "expires_at": _iso(self.expires_at),
            "last_used_at": _iso(self.last_used_at),
            "revoked_at": _iso(self.revoked_at),
        }


@dataclass(frozen=True)
class LockInfo:
    """A router's change lock, with whether its owner still lives."""

    host: str
    owner: str
    run_id: uuid.UUID | None
    owner_pid: int | None
    owner_host: str | None
    acquired_at: datetime
    renewed_at: datetime | None
    expires_at: datetime
    state: str  # alive, alive (lease renewed), stale: why, unknown owner
    stale: bool
    token: uuid.UUID = field(repr=False)  # what releases it: compared on release, never shown

    def to_json(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "owner": self.owner,
            "run_id": _id(self.run_id),
            "owner_pid": self.owner_pid,
            "owner_host": self.owner_host,
            "acquired_at": _iso(self.acquired_at),
            "renewed_at": _iso(self.renewed_at),
            "expires_at": _iso(self.expires_at),
            "state": self.state,
            "stale": self.stale,
        }


@dataclass(frozen=True)
class SettingRow:
    """One setting as it may be shown: secrets ``<set>``, the database URL without password."""

    key: str
    value: str
    source: str
    secret: bool
    description: str
    storable: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "source": self.source,
            "secret": self.secret,
            "description": self.description,
            "storable": self.storable,
        }


@dataclass(frozen=True)
class ComplianceRow:
    """One router's feature as a compliance run judged it (``compliance_results``).

    ``status``: ``compliant``, ``non-compliant`` or ``error`` (the intent could not be
    rendered: ``error_message``). Lines are IOS-indented, secrets masked.
    """

    id: uuid.UUID
    run_id: uuid.UUID | None
    host: str
    feature: str
    status: str
    compliant: bool
    source: str | None
    missing: list[str]
    extra: list[str]
    order: list[str]
    remediation: list[str]
    error_message: str | None
    created_at: datetime
    intended: list[str] = field(default_factory=list)
    template: str | None = None
    template_version: str | None = None  # the template file's SHA-256, first 12 digits

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "run_id": _id(self.run_id),
            "host": self.host,
            "feature": self.feature,
            "status": self.status,
            "compliant": self.compliant,
            "source": self.source,
            "missing": list(self.missing),
            "extra": list(self.extra),
            "order": list(self.order),
            "remediation": list(self.remediation),
            "intended": list(self.intended),
            "template": self.template,
            "template_version": self.template_version,
            "error_message": self.error_message,
            "created_at": _iso(self.created_at),
        }


@dataclass(frozen=True)
class ComplianceDay:
    """One UTC day's judgements (every router and feature judged that day, each run)."""

    day: str  # YYYY-MM-DD
    compliant: int
    non_compliant: int
    errors: int

    @property
    def judged(self) -> int:
        return self.compliant + self.non_compliant + self.errors

    @property
    def percent(self) -> float | None:
        """Compliant judgements, in percent of all that day; None on a day without any."""
        return round(100 * self.compliant / self.judged, 1) if self.judged else None

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "compliant": self.compliant,
            "non_compliant": self.non_compliant,
            "errors": self.errors,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class RunRequestRow:
    """A run asked for from the web, the API or chat (``run_requests``), as the pages show it.

    ``status``: ``running`` (also while ``queued`` for a runner), ``finished``, ``failed`` or
    ``cancelled``; ``cancel``: a cancel was asked for and the runner is stopping.
    """

    id: uuid.UUID
    runbook: str
    user: str
    target: dict[str, Any]
    state: str
    cancel: bool
    started_at: datetime
    finished_at: datetime | None
    done: int
    total: int
    failed: int
    run_id: uuid.UUID | None
    summary: str | None
    error: str | None
    counts: dict[str, Any]
    options: dict[str, Any]
    would_change: list[str] | None
    holder: str | None = None

    @property
    def status(self) -> str:
        return "running" if self.state in ("queued", "running") else self.state

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id.hex,
            "runbook": self.runbook,
            "user": self.user,
            "target": self.target,
            "status": self.status,
            "queued": self.state == "queued",
            "cancel": self.cancel,
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "done": self.done,
            "total": self.total,
            "failed": self.failed,
            "run_id": _id(self.run_id),
            "summary": self.summary,
            "counts": self.counts,
            "error": self.error,
            "options": self.options,
            "would_change": self.would_change,
        }
