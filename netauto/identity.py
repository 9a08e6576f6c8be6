"""Who runs a runbook: ``--user``, else ``NETAUTO_USER``, else the OS login."""

from __future__ import annotations

import getpass
import os


def current_username(explicit: str | None = None) -> str:
    """The operator's name: the argument, else NETAUTO_USER, else the OS login."""
    if explicit:
        return explicit
    if os.environ.get("NETAUTO_USER"):
        return os.environ["NETAUTO_USER"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
