"""The router's files by IOS name: ``running-config``, ``startup-config``, ``flash:/name``.

What the archive commands (:mod:`netauto.lab.archive`) and its diffs (:mod:`netauto.lab.diffs`)
both read.
"""

from __future__ import annotations

from netauto.lab.flash import split_path
from netauto.lab.state import RouterState

RUNNING = ("system:running-config", "running-config")
STARTUP = ("nvram:startup-config", "startup-config")


def alias(path: str) -> str:
    """``system:/running-config`` -> ``running-config``; flash paths -> ``flash:/name``."""
    lowered = path.lower().replace(":/", ":")
    if lowered in RUNNING:
        return "running-config"
    if lowered in STARTUP:
        return "startup-config"
    if lowered == "null:":
        return "null:"
    fs, name = split_path(path)
    return f"{fs}/{name}"


def not_found(path: str) -> str:
    return f"%Error opening {path} (No such file or directory)\n"


def read(router: RouterState, path: str) -> str | None:
    where = alias(path)
    if where == "running-config":
        return router.config_text()
    if where == "startup-config":
        return router.startup_text
    fs, name = split_path(where)
    data = router.flash.read(name) if fs == "flash:" else None
    return None if data is None else data.decode("utf-8", "replace")
