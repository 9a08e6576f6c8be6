"""Task ``show_command``: one allowed ``show`` command on a router, through netmiko."""

from __future__ import annotations

from nornir.core.task import Result, Task

from netauto.connect import command_timeout_of, connection, device_errors
from netauto.context import settings_or_none
from netauto.exceptions import DeviceError
from netauto.show_policy import DEFAULT_ALLOWED, load_policy, parse_policy

# What IOS answers to a command it does not know or cannot complete.
_REFUSED = ("% Invalid input", "% Incomplete command", "% Ambiguous command", "% Unknown command")


def show_command(task: Task, *, command: str) -> Result:
    """Send ``command`` once it passes the show allow-list, and return the router's output.

    The allow-list is the run's (``chat.allowed_commands`` in config.yaml), else the defaults
    of ``netauto.show_policy``; the command sent is the allowed entry written out in full.
    Reading never changes a router, so there is no dry run.

    Raises:
        CommandRefused: the command is not allowed (nothing is sent).
        DeviceError: the router could not be reached or refused the command.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``command`` (as sent), ``output``, ``lines``
          * changed (``bool``): always False
    """
    settings = settings_or_none(task)
    policy = load_policy(settings) if settings is not None else parse_policy(DEFAULT_ALLOWED, "")
    sent = policy.check(command)
    conn = connection(task, "netmiko")
    with device_errors(task, "netmiko", sent):
        output = str(conn.send_command(sent, read_timeout=command_timeout_of(task)))
    refusal = next((line for line in output.splitlines() if line.startswith(_REFUSED)), None)
    if refusal is not None:
        raise DeviceError(f"the router refused {sent!r}: {refusal.strip()}")
    result = {"command": sent, "output": output, "lines": len(output.splitlines())}
    return Result(host=task.host, result=result, changed=False)


show_command.operation_type = "show_command"  # type: ignore[attr-defined]
