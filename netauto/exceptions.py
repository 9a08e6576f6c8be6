"""Exceptions raised by netauto.

Every error netauto raises on purpose derives from one root, so a caller (and the CLI) can
catch them all with one ``except NetautoError``::

    NetautoError
    ├── UsageError            bad input from the user; the CLI exits 2
    │   ├── ConfigError       a bad or missing setting in config.yaml or the environment
    │   ├── InventoryError    broken inventory YAML, an invalid address, missing credentials
    │   └── HostSelectionError  no host matches the selection (unknown host, empty filter)
    ├── DatabaseError         the operations log could not be read or written
    ├── LabError              the simulated fleet could not start, stop or be reached
    ├── DeviceError           a router refused, dropped or failed an operation
    │   └── LockError         another run holds the router's change lock
    └── AIError               no provider configured, or every provider failed
        ├── AIConfigError     no usable AI provider (no key, no base_url); the CLI exits 2
        └── CandidateRejected the model's answer failed a verification check

The CLI prints ``Error: <message>`` on one line and exits with ``exit_code``.
"""

from __future__ import annotations


class NetautoError(Exception):
    """Root of every error netauto raises on purpose."""

    exit_code = 1


class UsageError(NetautoError):
    """Bad input from the user: the command cannot start."""

    exit_code = 2


class ConfigError(UsageError):
    """A bad or missing setting; the message names the key and the file."""

    def __init__(self, message: str, *, key: str | None = None, file: str | None = None) -> None:
        where = ", ".join(part for part in (f"key {key}" if key else "", file or "") if part)
        super().__init__(f"{message} ({where})" if where else message)
        self.key = key
        self.file = file


class InventoryError(UsageError):
    """The inventory cannot be loaded or holds invalid data."""


class HostSelectionError(UsageError):
    """The host selection matched nothing or named an unknown host."""


class DatabaseError(NetautoError):
    """The operations log could not be read or written."""


class LabError(NetautoError):
    """The simulated fleet could not start, stop or be reached."""


class DeviceError(NetautoError):
    """A router refused, dropped or failed an operation."""


class LockError(DeviceError):
    """Another run holds the change lock of a router."""


class AIError(NetautoError):
    """No AI provider is configured, or every provider failed."""


class AIConfigError(AIError):
    """No AI provider can be used: nothing to call, so the command cannot start."""

    exit_code = 2


class CandidateRejected(AIError):
    """A generated candidate config failed a verification check."""
