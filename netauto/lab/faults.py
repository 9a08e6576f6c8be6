"""Faults a lab router can be told to show, set at start-up or at run time.

=================  ==========================================================================
``latency``        seconds added before every command's answer
``auth``           ``"fail"``: every password is wrong; ``"refuse"``: the TCP connection is
                   closed before the SSH banner (the client sees a dead device)
``drop``           regular expression: a command matching it gets half its output, then the
                   connection is cut (``".*"``: the first non-empty command)
``hang``           the session stays open but never answers again after login
``flash_full``     flash: reports almost no free space and refuses writes
``scp_disabled``   the SCP server refuses every transfer, whatever the config says
``archive_disabled``  the archive feature behaves as if not configured
``down``           the router's listener is closed: connection refused
``invalid``        commands answered with ``% Invalid input`` (e.g. ``show ipv6 interface``)
``nul``            regular expression: a command matching it answers with a NUL byte at the end
                   of its output's first line (garbage a real router's buffer can hold)
``slow``           regular expression: a command matching it answers ``SLOW_SECONDS`` late (a
                   router busy with a long diff or a big show), whatever the machine's speed
=================  ==========================================================================
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from netauto.exceptions import LabError

AUTH_MODES = (None, "fail", "refuse")
SLOW_SECONDS = 6.0


@dataclass
class Faults:
    latency: float = 0.0
    auth: str | None = None
    drop: str | None = None
    hang: bool = False
    flash_full: bool = False
    scp_disabled: bool = False
    archive_disabled: bool = False
    down: bool = False
    invalid: list[str] = field(default_factory=list)
    nul: str | None = None
    slow: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def active(self) -> dict[str, Any]:
        """Only the faults that differ from a healthy router."""
        healthy = Faults().to_dict()
        return {k: v for k, v in self.to_dict().items() if v != healthy[k]}

    def update(self, **changes: Any) -> None:
        """Change some faults; unknown names or bad values raise LabError."""
        names = {f.name for f in fields(self)}
        for name, value in changes.items():
            if name not in names:
                raise LabError(f"unknown fault {name!r}; known: {', '.join(sorted(names))}")
            if name == "latency":
                value = float(value)
                if value < 0:
                    raise LabError("latency must be >= 0 seconds")
            elif name == "auth" and value not in AUTH_MODES:
                raise LabError(f"auth fault must be 'fail' or 'refuse', got {value!r}")
            elif name == "invalid":
                value = [value] if isinstance(value, str) else list(value or [])
            elif name in ("nul", "slow"):
                value = str(value) if value else None
            elif name in ("hang", "flash_full", "scp_disabled", "archive_disabled", "down"):
                value = bool(value)
            setattr(self, name, value)
