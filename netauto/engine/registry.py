"""Which runbooks exist: the modules of :mod:`netauto.runbooks` and the entry points of others.

A built-in runbook is a module of :mod:`netauto.runbooks` (not starting with ``_``) holding
its declaration as ``RUNBOOK``; the listing needs no import. Another package adds runbooks in
the ``netauto.runbooks`` entry-point group, each naming a
:class:`~netauto.engine.declaration.Runbook` (``grep = "netauto_grep:RUNBOOK"``). An entry
point may also name a click command: the command line runs it as it is, the other front ends
skip it (they need a declaration). A built-in wins over an entry point of the same name.
"""

from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
from importlib import metadata

from netauto.engine.declaration import Runbook
from netauto.exceptions import UsageError

GROUP = "netauto.runbooks"
PACKAGE = "netauto.runbooks"
log = logging.getLogger("netauto.runbooks")


def builtin_names() -> dict[str, str]:
    """Runbook name -> module name of every built-in runbook (a listing, no import)."""
    return dict(_listing(tuple(importlib.import_module(PACKAGE).__path__)))


@functools.cache
def _listing(path: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    # Once per process and package path: `netauto --help` asks for every runbook.
    return tuple(
        (module.name.replace("_", "-"), module.name)
        for module in pkgutil.iter_modules(path)
        if not module.name.startswith("_")
    )


def entry_points() -> dict[str, metadata.EntryPoint]:
    """Name -> entry point of the ``netauto.runbooks`` group (not loaded)."""
    return {ep.name: ep for ep in metadata.entry_points(group=GROUP)}


def names() -> list[str]:
    return sorted({*builtin_names(), *entry_points()})


def builtin(name: str) -> Runbook | None:
    """The declaration of built-in runbook ``name``; None when there is none."""
    module = builtin_names().get(name)
    if module is None:
        return None
    found = getattr(importlib.import_module(f"{PACKAGE}.{module}"), "RUNBOOK", None)
    if not isinstance(found, Runbook) or found.name != name:
        raise UsageError(f"runbook module {PACKAGE}.{module} declares no runbook {name!r}")
    return found


def loaded(entry_point: metadata.EntryPoint) -> object:
    """What an entry point names: a declaration, or a click command (command line only)."""
    try:
        found = entry_point.load()
    except Exception as exc:  # a broken plugin is its problem, never the caller's crash
        raise UsageError(f"runbook {entry_point.name!r} cannot be loaded: {exc}") from None
    if isinstance(found, Runbook) and found.name != entry_point.name:
        raise UsageError(
            f"entry point {entry_point.name!r} names the declaration of runbook {found.name!r}"
        )
    return found


def find(name: str) -> Runbook:
    """The declaration of runbook ``name``, built-in or from an entry point."""
    found = builtin(name)
    if found is not None:
        return found
    entry_point = entry_points().get(name)
    if entry_point is None:
        raise UsageError(f"unknown runbook {name!r}; choose from {', '.join(names())}")
    declared = loaded(entry_point)
    if not isinstance(declared, Runbook):
        raise UsageError(f"runbook {name!r} has no declaration (a command-line command only)")
    return declared


def declared() -> dict[str, Runbook]:
    """Every declared runbook by name, sorted; entry points that fail to load are logged."""
    found = {name: runbook for name in builtin_names() if (runbook := builtin(name))}
    for name, entry_point in entry_points().items():
        if name in found:
            continue
        try:
            named = loaded(entry_point)
        except UsageError as exc:
            log.warning("%s", exc)
            continue
        if isinstance(named, Runbook):
            found[name] = named
    return dict(sorted(found.items()))
