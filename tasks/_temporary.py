"""The temporary config of a change, gone on every path (helper, not a task).

NAPALM's IOS driver configures ``file prompt quiet`` before its file operations (the
rollback copy, the commit, a rollback) and takes it out only in ``close()``, which a
dropped session, an error path that cuts the session, a signal or a kill -9 never reach;
its commit also saves the config with the line in, so the startup-config keeps it.

So the change flow does it itself: :func:`added_lines` says which temporary lines a change
may add (those the router did not have before); :func:`note_temporary` records them in the host's
lock row for the commit's duration (a run that takes over the lock of a dead one inherits the
list); :func:`remove_temporary` takes them out of the running-config, and out of the
startup-config too when the change ended in a state that is saved anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from nornir.core.task import Task

from netauto.connect import connection, drop_connection
from netauto.context import store_of
from netauto.exceptions import DatabaseError, DeviceError

from ._changes import short_error

log = logging.getLogger(__name__)

TEMPORARY = ("file prompt quiet",)
# Noted with the temporary lines while a commit's revert timer may be pending: no config line
# (a comment), it tells the run that takes over a dead run's lock to settle that timer first.
REVERT_PENDING = "! revert timer pending"


def added_lines(before: str) -> list[str]:
    """The temporary lines a change may add: those the router does not have already."""
    present = {line.strip() for line in before.splitlines()}
    return [line for line in TEMPORARY if line not in present]


def note_temporary(task: Task, lines: Sequence[str]) -> None:
    """List ``lines`` in the host's lock row (none: clear it); a dead run's successor sees it."""
    store = store_of(task)
    if store is None:
        return
    try:
        store.note_temporary(task.host.name, lines)
    except DatabaseError as exc:  # never fails the change itself; removing them is what counts
        level = logging.WARNING if lines else logging.DEBUG
        log.log(level, "%s", exc)


def remove_temporary(task: Task, lines: Sequence[str], *, save: bool) -> str | None:
    """Take ``lines`` off the router (``no <line>``); None when done, else why not.

    ``save`` writes the startup-config again (NAPALM saved it with the lines in), unless a
    revert timer is pending: that config is not confirmed. The lock row's list is cleared.
    """
    lines = [line for line in lines if line != REVERT_PENDING]
    if not lines:
        return None
    try:
        device = connection(task, "napalm")
        device.device.send_config_set([f"no {line}" for line in lines])
        # NAPALM must neither think the line is still there nor remove it again on close().
        device.prompt_quiet_changed = False
        device.prompt_quiet_configured = None
        if save and not device.has_pending_commit():
            device.device.save_config()
    except Exception as exc:
        drop_connection(task.host, "napalm")
        why = f"could not remove {', '.join(lines)!r}: {short_error(exc)}"
        log.warning("%s: %s", task.host.name, why)
        return why
    note_temporary(task, [])
    return None


def revert_pending_change(task: Task) -> bool:
    """Revert the change a revert timer still guards (``configure revert now``): the one a
    dead run committed and never confirmed. Returns whether one was pending."""
    device = connection(task, "napalm")
    if not device.has_pending_commit():
        return False
    output = str(device.device.send_command("configure revert now"))
    if "%" in output:
        raise DeviceError(f"configure revert now: {output.strip().splitlines()[0]}")
    device.prompt_quiet_configured = None  # the revert may have taken NAPALM's line out too
    return True
