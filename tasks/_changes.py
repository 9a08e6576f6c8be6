"""What the change tasks share (helper, not a task): who runs, snapshots, getting back.

:func:`recover` is the one path back after a failed commit: it reads the running-config
again (reconnecting if the session died), and unless it already equals the pre-change config
it asks NAPALM to roll back (``configure revert now`` with a pending timer, else the rollback
file), and as a last resort replaces the config with the pre-change snapshot.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, NoReturn

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto.connect import connection, drop_connection
from netauto.engine.context import context_of
from netauto.exceptions import DeployError as DeployError  # re-exported
from netauto.identity import current_username

from ._device import database_url

log = logging.getLogger(__name__)

# Lines NAPALM adds and removes itself during a session; never a difference that matters.
_SESSION_LINES = ("file prompt quiet",)


def short_error(exc: BaseException) -> str:
    """One line: the router's own complaint (``% Invalid input ...``) if there is one."""
    text = str(exc).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if line.startswith("%"):
            command = next(
                (c for c in reversed(lines[:index]) if c.strip("^ ") and "#" not in c), None
            )
            return f"{line} (at {command!r})" if command else line
    first = lines[0] if lines else type(exc).__name__
    return first if first != type(exc).__name__ else type(exc).__name__


def reraise_subtask(exc: NornirSubTaskError) -> NoReturn:
    """Raise the error a subtask failed with, instead of Nornir's wrapper."""
    for result in exc.result or []:
        if result.exception is not None:
            raise result.exception
    raise exc


def operator(task: Task) -> tuple[str, uuid.UUID | None]:
    """The operator and the run id of the run's context (the OS login under plain Nornir)."""
    context = context_of(task)
    if context is None:
        return current_username(), None
    return context.username, context.run_id


def lock_ttl(revert_in: int | None) -> float:
    """Hold the lock at least as long as a revert timer could still fire."""
    from netauto.db.locks import DEFAULT_TTL

    return max(DEFAULT_TTL, float(revert_in or 0) + 600)


def snapshot(task: Task, config: str, *, reason: str) -> str | None:
    """Store the pre-change config; returns its id (None without a database)."""
    url = database_url(task)
    if url is None:
        return None
    from netauto.db.snapshots import save_snapshot

    username, run_id = operator(task)
    return str(
        save_snapshot(url, task.host.name, config, reason=reason, run_id=run_id, username=username)
    )


def config_lines(config: str) -> list[str]:
    """The lines that matter when comparing two running-configs."""
    return [
        line.rstrip()
        for line in config.splitlines()
        if line.strip() and not line.startswith("!") and line.strip() not in _SESSION_LINES
    ]


def _running(task: Task) -> str:
    return str(connection(task, "napalm").get_config(retrieve="running")["running"])


def _restored(task: Task, before: str) -> bool:
    return config_lines(_running(task)) == config_lines(before)


def recover(task: Task, before: str, diff: str, summary: dict[str, Any], reason: str) -> Result:
    """Put the router back to ``before``; a failed Result saying how that went."""
    steps: list[str] = []
    attempts = (
        ("napalm rollback", lambda: connection(task, "napalm").rollback()),
        ("replace with the snapshot", lambda: _replace(task, before)),
    )
    restored = False
    for name, attempt in (("check", None), *attempts):
        try:
            if attempt is not None:
                attempt()
                steps.append(name)
            if _restored(task, before):
                restored = True
                break
        except Exception as exc:
            log.warning("%s: %s failed: %s", task.host.name, name, exc)
            steps.append(f"{name} failed: {short_error(exc)}")
            drop_connection(task.host, "napalm")
    summary.update(rolled_back=restored, recovery=steps, error=reason)
    if restored:
        summary["status"] = "rolled back"
        message = f"{reason}; rolled back, unchanged"
    else:
        summary["status"] = "rollback failed"
        message = f"{reason}; ROLLBACK FAILED, check the router ({'; '.join(steps)})"
    return Result(
        host=task.host,
        result=summary,
        changed=not restored,
        diff=diff,
        failed=True,
        exception=DeployError(message),
    )


def _replace(task: Task, config: str) -> None:
    device = connection(task, "napalm")
    device.load_replace_candidate(config=config)
    device.commit_config()
