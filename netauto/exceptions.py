"""Exceptions raised by netauto.

Every error netauto raises on purpose derives from one root, so a caller (and the CLI) can
catch them all with one ``except NetautoError``::

    NetautoError
    ├── UsageError            bad input from the user; the CLI exits 2
    │   ├── ConfigError       a bad or missing setting in config.yaml or the environment
    │   ├── InventoryError    broken inventory YAML, an invalid address, missing credentials
    │   ├── HostSelectionError  no host matches the selection (unknown host, empty filter)
    │   ├── TemplateError     a template cannot be found, parsed or rendered for a host
    │   ├── PermissionDenied  the operator is unknown, disabled or lacks the role (auth.enforce)
    │   └── CommandRefused    a command the show allow-list refuses; no router was contacted
    ├── DatabaseError         the operations log could not be read or written
    │   └── RecordRefused     the database refused a record's data (not an outage): set aside
    ├── BackupRepoError       git failed in the backups folder
    ├── LabError              the simulated fleet could not start, stop or be reached
    ├── ScheduleBusy          a schedule's previous fire still runs: not started; the CLI exits 2
    ├── ExecutorError         the Celery broker or workers cannot be reached, or a worker failed
    │   └── ExecutorUnavailable  no broker or no worker for a queue: nothing sent; the CLI exits 2
    ├── Interrupted           SIGINT or SIGTERM stopped the run; the CLI exits 128 + the signal
    ├── RemoteError           a Celery worker's task failed with an error that is not netauto's
    ├── DeviceError           a router refused, dropped or failed an operation
    │   ├── LockError         another run holds the router's change lock
    │   └── DeployError       a commit failed on a router (rolled back or not, the message says)
    └── AIError               no provider configured, or every provider failed
        ├── AIConfigError     no usable AI provider (no key, no base_url); the CLI exits 2
        ├── ProvidersFailed   every provider of the chain failed; ``calls`` says how
        └── CandidateRejected the model's answer failed a verification check
            └── GenerationFailed  no candidate passed the gate; ``summary`` says what happened

The CLI prints ``Error: <message>`` on one line and exits with ``exit_code``.

Errors name parameters, not flags: a :class:`UsageError` about a runbook parameter carries its
name in ``params`` and writes it ``{revert_in}`` in the message (as click's
``BadParameter(param_hint=...)``). ``str(error)`` shows the name (``revert_in needs commit``),
which the JSON API and the chat keep; the command line spells it with :meth:`UsageError.spelled`
(``--revert-in needs --commit``).

Not in the tree, on purpose: exceptions that never leave the module that raises them. The
simulated router's command parser signals a mismatch with ``netauto.lab.parse.ParseError``,
which the lab shell turns into the router's own ``% Invalid input`` text (the caller sees
router output, never the exception); ``netauto.lab.shell.Dropped`` ends a simulated session,
and ``netauto.templating._MissingEnvironment`` becomes a :class:`TemplateError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netauto.ai.providers import CallRecord


def spell(text: str, names: Sequence[str], spelling: Callable[[str], str] = str) -> str:
    """``text`` with each ``{name}`` of ``names`` written as ``spelling(name)``."""
    for name in names:
        text = text.replace("{" + name + "}", spelling(name))
    return text


class NetautoError(Exception):
    """Root of every error netauto raises on purpose."""

    exit_code = 1


class UsageError(NetautoError):
    """Bad input from the user: the command cannot start.

    ``params``: the runbook parameters the error is about, written ``{name}`` in the message
    (``UsageError("{revert_in} needs {commit}", params=("revert_in", "commit"))``).
    """

    exit_code = 2

    def __init__(self, message: str = "", *, params: Sequence[str] = ()) -> None:
        self.template = message
        self.params = tuple(params)
        super().__init__(spell(message, self.params))

    def spelled(self, spelling: Callable[[str], str]) -> str:
        """The message with each parameter spelled by a front end (``--revert-in``)."""
        return spell(self.template, self.params, spelling)


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


class TemplateError(UsageError):
    """A template cannot be found, parsed or rendered for a host."""


class PermissionDenied(UsageError):
    """The operator may not do this (``auth.enforce``): refused before any router."""


class CommandRefused(UsageError):
    """A command that is not an allowed show command: refused before any router."""


class DatabaseError(NetautoError):
    """The operations log could not be read or written."""


class RecordRefused(DatabaseError):
    """The database refused what a record holds (not an outage): storing it again fails
    again, so it is set aside and the records around it are stored. ``reference``: it names
    a row that is not there (a run whose start is still in the spool: stored later, in order).
    """

    def __init__(self, message: str, *, reference: bool = False) -> None:
        super().__init__(message)
        self.reference = reference


class BackupRepoError(NetautoError):
    """git failed in the backups folder."""


class LabError(NetautoError):
    """The simulated fleet could not start, stop or be reached."""


class ScheduleBusy(NetautoError):
    """A schedule's previous fire still holds its lease: not started again, no router touched."""

    exit_code = 2


class ExecutorError(NetautoError):
    """The Celery executor cannot run: no broker, no worker on a queue, a lost shard."""


class ExecutorUnavailable(ExecutorError):
    """The Celery executor cannot start (no broker, no worker on a queue): nothing was sent."""

    exit_code = 2


class Interrupted(NetautoError):
    """SIGINT or SIGTERM stopped a run: the router in hand was finished or rolled back."""

    def __init__(self, message: str, *, signum: int) -> None:
        super().__init__(message)
        self.signum = signum
        self.exit_code = 128 + signum


class RemoteError(NetautoError):
    """A worker's task failed with a non-netauto error: its type in ``remote_type``."""

    remote_type = ""


class DeviceError(NetautoError):
    """A router refused, dropped or failed an operation."""


class LockError(DeviceError):
    """Another run holds the change lock of a router."""


class DeployError(DeviceError):
    """The commit failed on a router; the message says whether it was rolled back."""


class AIError(NetautoError):
    """No AI provider is configured, or every provider failed."""


class AIConfigError(AIError):
    """No AI provider can be used: nothing to call, so the command cannot start."""

    exit_code = 2


class ProvidersFailed(AIError):
    """Every provider of the chain failed; ``calls`` says how."""

    def __init__(self, message: str, calls: list[CallRecord]) -> None:
        super().__init__(message)
        self.calls = calls


class CandidateRejected(AIError):
    """A generated candidate config failed a verification check."""


class GenerationFailed(CandidateRejected):
    """No candidate passed the gate (or no provider answered); ``summary`` says what happened."""

    def __init__(self, message: str, summary: dict[str, Any]) -> None:
        super().__init__(message)
        self.summary = summary
