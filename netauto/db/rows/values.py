"""What every row's ``to_json()`` builds on: JSON-ready values, times and ids as text.

Times are ISO 8601 (UTC), ids full UUID strings, paths and decimals text; a value with its
own ``to_json()`` (a row) gives that.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any


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


def iso(value: datetime | None) -> str | None:
    """A time as ISO 8601 text, None kept."""
    return value.isoformat() if value is not None else None


def id_text(value: uuid.UUID | None) -> str | None:
    """An id as its full UUID string, None kept."""
    return str(value) if value is not None else None
