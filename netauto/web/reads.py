"""What pages and the API both parse: filters, page limits and cursors from a query string;
an interface table from a device's facts; a lookup's miss as a 404. The reads themselves are
the project's (``project().operations``, ``project().devices``...)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import NotFound

from netauto.db.browse import MAX_PAGE, Cursor
from netauto.db.queries import parse_when
from netauto.exceptions import UsageError
from netauto.web.state import project

if TYPE_CHECKING:
    from netauto.db.rows import ComplianceRow

_LISTS = {"host": "hosts", "type": "types", "status": "statuses", "user": "users"}


@contextmanager
def not_found() -> Iterator[None]:
    """A lookup's UsageError (no such router, run or chat session) as a 404 with its message,
    in the pages and the API alike."""
    try:
        yield
    except UsageError as exc:
        raise NotFound(str(exc)) from None


def _names(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def limit_of(args: Mapping[str, str], default: int = 50) -> int:
    from netauto.web.params import number

    return number(args, "limit", default=default, low=1, high=MAX_PAGE)


def cursor_of(args: Mapping[str, str]) -> Cursor | None:
    text = args.get("before") or ""
    return Cursor.decode(text) if text else None


def operation_filters(args: Mapping[str, str]) -> dict[str, Any]:
    """Keyword arguments of ``project.operations.page`` from a query string.

    ``host``, ``type``, ``status``, ``user``: comma-separated; ``since``/``until``: an age
    (``30m``, ``2d``) or an ISO time; ``run``: a run id.
    """
    found: dict[str, Any] = {}
    for arg, keyword in _LISTS.items():
        if args.get(arg):
            found[keyword] = _names(args[arg])
    for arg in ("since", "until"):
        if args.get(arg):
            found[arg] = parse_when(args[arg], option=arg)
    if args.get("run"):
        try:
            found["run"] = uuid.UUID(args["run"].strip())
        except ValueError:
            raise UsageError(f"run must be a full run id, got {args['run']!r}") from None
    return found


def compliance_cell(name: str, feature: str) -> ComplianceRow:
    """One router's feature for its page and the API: 404 when it was never judged."""
    with not_found():
        return project().compliance.cell(name, feature)


def interfaces(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows for an interface table from the ``interfaces`` and ``interfaces_ip`` getters."""
    state = facts.get("interfaces") or {}
    addresses = facts.get("interfaces_ip") or {}
    rows = []
    for name in sorted(state) if isinstance(state, dict) else []:
        values = state[name] if isinstance(state[name], dict) else {}
        ipv4 = (addresses.get(name) or {}).get("ipv4") or {} if isinstance(addresses, dict) else {}
        rows.append(
            {
                "name": name,
                "enabled": bool(values.get("is_enabled")),
                "up": bool(values.get("is_up")),
                "description": str(values.get("description") or ""),
                "speed": values.get("speed"),
                "mac": values.get("mac_address") or "",
                "ipv4": [f"{ip}/{info.get('prefix_length')}" for ip, info in ipv4.items()],
            }
        )
    return rows
