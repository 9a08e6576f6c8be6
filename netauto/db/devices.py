"""Keep ``network_devices`` in step with the Nornir inventory, and update device state."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from netauto.db.engine import error_text, get_engine, redacted_url, session_scope
from netauto.db.models import NetworkDevice
from netauto.db.types import utcnow
from netauto.exceptions import DatabaseError


def sync_inventory(url: str, hosts: Iterable[tuple[str, str, str | None]]) -> int:
    """Upsert a device per (name, address, platform); returns how many were synced."""
    rows = [
        {
            "id": uuid.uuid4(),
            "name": name,
            "ip_address": address,
            "platform": platform,
            "created_at": utcnow(),
            "updated_at": utcnow(),
        }
        for name, address, platform in hosts
    ]
    if not rows:
        return 0
    table = NetworkDevice.__table__
    try:
        with get_engine(url).begin() as connection:
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            statement = dialect.insert(table)
            statement = statement.on_conflict_do_update(
                index_elements=[table.c.name],
                set_={
                    "ip_address": statement.excluded.ip_address,
                    "platform": statement.excluded.platform,
                    "updated_at": statement.excluded.updated_at,
                },
                # Only touch rows that really changed: a no-op sync writes nothing.
                where=(table.c.ip_address != statement.excluded.ip_address)
                | (table.c.platform.is_distinct_from(statement.excluded.platform)),
            )
            connection.execute(statement, rows)
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot sync devices into {redacted_url(url)}: {error_text(exc)}"
        ) from exc
    return len(rows)


def update_device(url: str, name: str, **values: Any) -> None:
    """Set columns of one device (status, last_seen, model, config_backup, metadata_...)."""
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
    try:
        with session_scope(url) as session:
            return list(session.scalars(select(NetworkDevice).order_by(NetworkDevice.name)))
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read devices: {error_text(exc)}") from exc
