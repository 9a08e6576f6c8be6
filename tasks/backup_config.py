"""Task ``backup_config``: save a router's running-config (and startup-config) to a file."""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path
from typing import Any

from nornir.core.task import Result, Task

from netauto.connect import command_timeout_of, connection, device_errors
from netauto.context import settings_or_none
from netauto.filenames import file_in
from netauto.private import private_dir
from netauto.secrets import mask
from netauto.tasks._device import record_device

# Lines that change without the configuration changing (Oxidized drops the same ones).
_VOLATILE = (
    "Building configuration",
    "Current configuration :",
    "Using ",
    "! Last configuration change",
    "! NVRAM config last updated",
    "! No configuration change since last restart",
    "ntp clock-period",
)


def clean_config(text: str) -> str:
    """The configuration without the header and timestamps IOS adds to every show."""
    lines = [line.rstrip() for line in text.splitlines()]
    kept = [line for line in lines if not line.startswith(_VOLATILE)]
    while kept and not kept[0].strip():
        kept.pop(0)
    return "\n".join(kept).rstrip() + "\n"


def _write_atomically(path: Path, text: str) -> None:
    private_dir(path.parent)  # mkstemp makes the file itself 0600
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save(path: Path, text: str, label: str) -> tuple[bool, str, bool]:
    """Write ``text`` if it differs; returns (changed, unified diff, first backup)."""
    first = not path.exists()
    previous = "" if first else path.read_text(encoding="utf-8")
    if previous == text:
        return False, "", first
    diff = "\n".join(
        difflib.unified_diff(
            previous.splitlines(),
            text.splitlines(),
            fromfile=f"a/{label}",
            tofile=f"b/{label}",
            lineterm="",
        )
    )
    _write_atomically(path, text)
    return True, diff, first


def _default_dir(task: Task) -> Path:
    settings = settings_or_none(task)
    folder = settings.backups_dir if settings is not None else None
    return Path(folder) if folder is not None else Path("backups")


def backup_config(
    task: Task,
    *,
    backups_dir: str | os.PathLike[str] | None = None,
    startup: bool = False,
    mask_secrets: bool = False,
    update_device: bool = True,
) -> Result:
    """Save the running-config to ``<backups_dir>/<host>.cfg`` (startup to ``<host>.startup.cfg``).

    Reading a router never changes it, so there is no dry run: the file is always written when
    the configuration differs from the previous backup. ``backups_dir`` defaults to the
    ``backups_dir`` setting (``backups``). With ``mask_secrets`` passwords, secrets, SNMP
    communities and keys are saved as ``<removed>``. With ``update_device`` (and a netauto
    Nornir) network_devices gets config_backup (always masked), status online and last_seen.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``path``, ``lines``, ``added``, ``removed``, ``first`` and,
            with ``startup``, ``startup_path`` and ``startup_changed``
          * changed (``bool``): a saved file differs from the previous backup
          * diff (``str``): unified diff against the previous backup (empty when unchanged)
    """
    from netauto.clock import utcnow

    folder = Path(backups_dir) if backups_dir is not None else _default_dir(task)
    name = task.host.name
    path = file_in(folder, name)  # before the router: a name like ../x writes nowhere
    conn = connection(task, "netmiko")
    timeout = command_timeout_of(task)
    with device_errors(task, "netmiko", "show running-config"):
        running = clean_config(conn.send_command("show running-config", read_timeout=timeout))
    startup_text = None
    if startup:
        with device_errors(task, "netmiko", "show startup-config"):
            startup_text = clean_config(
                conn.send_command("show startup-config", read_timeout=timeout)
            )
    if "\nend" not in "\n" + running:
        raise_incomplete(running)

    render = mask if mask_secrets else (lambda text: text)
    changed, diff, first = save(path, render(running), f"{name}.cfg")
    result: dict[str, Any] = {
        "path": str(path),
        "lines": running.count("\n"),
        "added": sum(1 for line in diff.splitlines() if _is_change(line, "+")),
        "removed": sum(1 for line in diff.splitlines() if _is_change(line, "-")),
        "first": first,
    }
    diffs = [diff] if diff else []
    if startup_text is not None:
        label = f"{name}.startup.cfg"
        startup_path = file_in(folder, name, ".startup.cfg")
        startup_changed, startup_diff, _ = save(startup_path, render(startup_text), label)
        result.update(startup_path=str(startup_path), startup_changed=startup_changed)
        changed = changed or startup_changed
        diffs += [startup_diff] if startup_diff else []
    if update_device:
        now = utcnow()
        record_device(task, config_backup=mask(running), status="online", last_seen=now)
    return Result(host=task.host, result=result, changed=changed, diff="\n".join(diffs))


def _is_change(line: str, sign: str) -> bool:
    return line.startswith(sign) and not line.startswith(sign * 3)


def raise_incomplete(text: str) -> None:
    from netauto.exceptions import DeviceError

    last = text.strip().splitlines()[-1:] or ["(nothing)"]
    raise DeviceError(f"incomplete running-config (no 'end' line; last line: {last[0][:60]!r})")


backup_config.operation_type = "config_backup"  # type: ignore[attr-defined]
