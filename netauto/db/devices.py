"""Keep ``network_devices`` in step with the Nornir inventory, and update device state.

:func:`sync_inventory` runs at the start of every recorded run: plain SQL
(:mod:`netauto.db.direct`), SQLAlchemy is not loaded for it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from netauto.clock import utcnow
from netauto.db.direct import connected
from netauto.exceptions import DatabaseError

if TYPE_CHECKING:
    from netauto.db.models import NetworkDevice


def sync_inventory(url: str, hosts: Iterable[tuple[str, str, str | None]]) -> int:
    """Upsert a device per (name, address, platform); returns how many were synced.

    Only rows that really changed are written: a no-op sync writes nothing.
    """
    hosts = list(hosts)
    if not hosts:
        return 0
    with connected(url, "sync devices") as database:
        now = database.bind_time(utcnow())
        # SQLite's null-safe "differs" is IS NOT; PostgreSQL's (on INET) IS DISTINCT FROM.
        differs = "IS DISTINCT FROM" if database.dialect == "postgresql" else "IS NOT"
        database.executemany(
            "INSERT INTO network_devices (id, name, ip_address, model, platform, status, "
            "uptime_seconds, created_at, updated_at) "
            "VALUES (?, ?, ?, 'unknown', ?, 'unknown', 0, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET ip_address = excluded.ip_address, "
            "platform = excluded.platform, updated_at = excluded.updated_at "
            f"WHERE network_devices.ip_address {differs} excluded.ip_address "
            f"OR network_devices.platform {differs} excluded.platform",
            [
                (database.bind_id(uuid.uuid4()), name, address, platform, now, now)
                for name, address, platform in hosts
            ],
        )
    return len(hosts)


def update_device(url: str, name: str, **values: Any) -> None:
    """Set columns of one device (status, last_seen, model, config_backup, metadata_...)."""
    from sqlalchemy import update
    from sqlalchemy.exc import SQLAlchemyError

    from netauto.db.engine import error_text, get_engine
    from netauto.db.models import NetworkDevice

    if "metadata" in values:
        values["metadata_"] = values.pop("metadata")
    values.setdefault("updated_at", utcnow())
    try:
        with get_engine(url).begin() as connection:
            connection.execute(
                update(NetworkDevice).where(NetworkDevice.name == name).values(**values)
            )
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot update device {name}: {error_text(exc)}") from exc


def list_devices(url: str) -> list[NetworkDevice]:
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from netauto.db.engine import error_text, session_scope
    from netauto.db.models import NetworkDevice

    try:
        with session_scope(url) as session:
            return list(session.scalars(select(NetworkDevice).order_by(NetworkDevice.name)))
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read devices: {error_text(exc)}") from exc
