"""The logs of the long-running processes (web, scheduler, worker, lab): text or JSON lines.

``--log-format json`` (or ``NETAUTO_LOG_FORMAT=json``, which gunicorn's workers read) writes
one JSON object per line, for journald, Loki, Elasticsearch...::

    {"time": "2026-12-07T13:40:02.114Z", "level": "info", "logger": "netauto.schedule",
     "message": "fired nightly: success", "run_id": "3f2c...", "user": "scheduler",
     "duration": 1.234}

``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message`` always; ``run_id``,
``router``, ``user`` and ``duration`` (seconds) when the event knows them: given as
``extra={"run_id": ...}`` to the log call, or by a context provider (the web adds the user
of the request). Plain text stays the default: ``TIME LEVEL LOGGER MESSAGE``.

Secrets are masked in both formats as everywhere (:class:`netauto.secrets.MessageMasker`:
a secret seen once stays masked in later lines), exceptions included.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from netauto.exceptions import UsageError
from netauto.secrets import MessageMasker

FORMATS: Final = ("text", "json")
VARIABLE: Final = "NETAUTO_LOG_FORMAT"
FIELDS: Final = ("run_id", "router", "user", "duration")
# Loggers of the libraries under netauto whose chatter is not the process's story.
QUIET: Final = ("nornir", "paramiko", "asyncssh", "napalm", "netmiko", "httpx", "alembic")

Provider = Callable[[], Mapping[str, Any]]
_providers: list[Provider] = []


def add_context(provider: Provider) -> None:
    """Fields for every event logged while ``provider`` returns them (e.g. the request's
    user); an explicit ``extra=`` of the log call wins."""
    if provider not in _providers:
        _providers.append(provider)


def remove_context(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def _context() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for provider in _providers:
        try:
            found.update(provider())
        except Exception:  # a context never breaks a log line
            continue
    return found


class MaskingFormatter(logging.Formatter):
    """Log lines with secrets masked, even in --debug driver logs: a secret seen once (the
    command a driver sends) stays masked in the lines after it (the router's echo of it, read
    in pieces)."""

    def __init__(self, fmt: str | None = None) -> None:
        super().__init__(fmt)
        self.mask = MessageMasker()

    def format(self, record: logging.LogRecord) -> str:
        return self.mask(super().format(record))


class TextFormatter(MaskingFormatter):
    """``TIME LEVEL LOGGER MESSAGE``, secrets masked."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")


class JsonFormatter(MaskingFormatter):
    """One JSON object per event (see the module docstring), secrets masked."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, UTC)
        event: dict[str, Any] = {
            "time": when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": self.mask(record.getMessage()),
        }
        context = _context()
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is None:
                value = context.get(name)
            if value is not None:
                event[name] = _plain(value)
        if record.exc_info:
            event["error"] = self.mask(self.formatException(record.exc_info))
        return json.dumps(event, ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, int | float | bool):
        return round(value, 3) if isinstance(value, float) else value
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def check_format(log_format: str | None) -> str:
    """``text`` or ``json`` (default: ``NETAUTO_LOG_FORMAT``, else text); UsageError else."""
    chosen = (log_format or os.environ.get(VARIABLE) or "text").strip().lower()
    if chosen not in FORMATS:
        raise UsageError(f"log format {chosen!r}: expected text or json")
    return chosen


def formatter(log_format: str | None = None) -> logging.Formatter:
    return JsonFormatter() if check_format(log_format) == "json" else TextFormatter()


def current_format() -> str | None:
    """The format :func:`configure` chose for this process, None when it was not called
    (a process this one starts then follows ``NETAUTO_LOG_FORMAT``)."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "netauto_stderr", False):
            return "json" if isinstance(handler.formatter, JsonFormatter) else "text"
    return None


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (a daemon redirects it to its log, click's
    test runner swaps it)."""

    # Marks a handler of ours on stderr (the command line's too): configure() replaces them.
    netauto_stderr = True

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure(log_format: str | None = None, *, level: int = logging.INFO) -> None:
    """Send the process's log (the root logger) to stderr in ``log_format``, once.

    Called by the entry points of long-running processes, never by the library.
    """
    chosen = formatter(log_format)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "netauto_stderr", False)]:
        root.removeHandler(handler)
    handler = StderrHandler()
    handler.setFormatter(chosen)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("netauto", "netauto.web", "netauto.schedule"):
        logger = logging.getLogger(name)  # once plain handlers of their own (process.py)
        for own in list(logger.handlers):
            logger.removeHandler(own)
        logger.propagate = True
