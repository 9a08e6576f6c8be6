"""What a runbook is called with, the same for every runbook: which hosts (:class:`Selection`)
and how the run is made (:class:`RunOptions`); the settings such a run reads
(:func:`settings_of`); and :func:`check_only`, which calls a runbook only as far as its own
option checks."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netauto.engine.events import EventSink

if TYPE_CHECKING:
    from netauto.settings import Settings


@dataclass(frozen=True)
class Selection:
    """Which hosts a run covers: names, groups, ``key=value`` filters; empty means all."""

    hosts: Sequence[str] = ()
    groups: Sequence[str] = ()
    filters: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "hosts": list(self.hosts),
            "groups": list(self.groups),
            "filters": dict(self.filters),
        }


@dataclass(frozen=True)
class RunOptions:
    """How a run is made, the same for every runbook.

    ``config``: the Nornir config file (default ``config.yaml``, or ``NETAUTO_CONFIG``);
    ``user``: the operator recorded in the log (default ``NETAUTO_USER``, else the OS login);
    ``workers``: parallel hosts; ``on_event``: called with each :class:`Progress` event;
    ``schedule_id``: the schedule (``automation_tasks.id``) that fired the run, kept in
    ``runs.task_id``; ``executor``: ``threaded`` or ``celery`` (default: the ``executor``
    setting).
    """

    config: str | os.PathLike[str] | None = None
    user: str | None = None
    workers: int | None = None
    on_event: EventSink | None = None
    schedule_id: uuid.UUID | None = None
    executor: str | None = None


def settings_of(options: RunOptions | None) -> Settings:
    """The settings a run with ``options`` reads (config file, environment, database): what a
    runbook checks its own options against before any router is touched."""
    from netauto.settings import load_settings

    return load_settings(options.config if options else None)


def check_workers(workers: Any) -> None:
    """The same bounds as the num_workers setting: 1 to 1000 threads."""
    from netauto.exceptions import UsageError
    from netauto.settings_schema import BY_KEY

    if workers is None:
        return
    spec = BY_KEY["num_workers"]
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise UsageError(f"workers must be an integer, got {workers!r}")
    if not (spec.minimum or 1) <= workers <= (spec.maximum or workers):
        raise UsageError(f"workers must be {spec.minimum:g} to {spec.maximum:g}, got {workers}")


class OptionsChecked(Exception):
    """Raised by ``open_run`` under :func:`check_only`: the runbook's own checks passed."""


_check_only: ContextVar[bool] = ContextVar("netauto_check_only", default=False)


@contextmanager
def check_only() -> Iterator[None]:
    """Call a runbook only as far as its run: its own option checks, no router, no log.

    Every runbook checks its options before ``open_run``; inside this block open_run
    raises :class:`OptionsChecked` instead of starting (``netauto schedule add`` uses it).
    """
    token = _check_only.set(True)
    try:
        yield
    finally:
        _check_only.reset(token)


def checking_only() -> bool:
    """Whether this call is inside :func:`check_only`."""
    return _check_only.get()
