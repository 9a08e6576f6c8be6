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
from netauto.context import context_of, store_of
from netauto.exceptions import DeployError as DeployError  # re-exported
from netauto.identity import current_username
from netauto.secrets import fill_secrets

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


def snapshot(task: Task, config: str, *, reason: str) -> str | None:
    """Keep the pre-change config in the run's store; returns its id (None: no store)."""
    store = store_of(task)
    if store is None:
        return None
    return store.save_snapshot(task.host.name, config, reason)


def running_error(config: str) -> str | None:
    """Why a ``show running-config`` answer is not a configuration, or None if it is one.

    The router's own complaint (``% Invalid input``, ``% Authorization failed``) or a cut
    answer (no final ``end``): NAPALM would take either for a config and fail later with a
    misleading message (an SCP problem, a wrong diff).
    """
    lines = [line.strip() for line in config.splitlines() if line.strip()]
    complaint = next((line for line in lines if line.startswith("%")), None)
    if complaint is not None:
        return f"the router answered {complaint[:80]!r}"
    if "end" not in lines:
        last = lines[-1][:60] if lines else "(nothing)"
        return f"incomplete answer (no 'end' line; last line: {last!r})"
    return None


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
    before = _with_secrets(task, before)
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


def _with_secrets(task: Task, config: str) -> str:
    """A stored snapshot holds secret placeholders: fill them from the router (best effort)."""
    if "<SECRET_" not in config:
        return config
    try:
        return fill_secrets(config, _running(task))
    except Exception as exc:
        log.warning("%s: cannot read the router's secrets back: %s", task.host.name, exc)
        return config


def _replace(task: Task, config: str) -> None:
    if "<SECRET_" in config:
        raise DeployError("the snapshot's secrets could not be filled in: not replaced")
    device = connection(task, "napalm")
    device.load_replace_candidate(config=config)
    device.commit_config()
