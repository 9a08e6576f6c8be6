"""Task ``verify_config``: post-checks after a commit, before its revert timer is confirmed.

The checks run over the NAPALM session that made the change, except the first: a fresh login
over a new SSH session, which is what an operator meets next. A change that locks the
operator out (login user, vty access, management address gone) fails it, so the caller rolls
back while its own session still works.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from nornir.core.task import Result, Task

from netauto.connect import connection, fresh_login
from netauto.secrets import find_secrets
from netauto.templating import ConfigLine, parse_lines

# A user check gets the task and the NAPALM driver; it returns None if fine, else why not.
Check = Callable[[Task, Any], str | None]

# Lines IOS rewrites when it stores them; their absence proves nothing.
_REWRITTEN = ("version ", "end", "banner ")


def missing_lines(candidate: str, running: str) -> list[str]:
    """Candidate lines not in ``running`` (and ``no`` lines whose target still is)."""
    present = {_spaced(line) for line in parse_lines(running)}
    missing: list[str] = []
    for line in parse_lines(candidate):
        if line.text.startswith(_REWRITTEN) or find_secrets(line.text):
            continue
        label = " / ".join((*line.parents, line.text))
        if line.text.startswith("no "):
            target = ConfigLine(line.parents, line.text[3:])
            if _spaced(target) in present:
                missing.append(label)
        elif _spaced(line) not in present:
            missing.append(label)
    return missing


def _spaced(line: ConfigLine) -> ConfigLine:
    """IOS aligns some lines when it prints them (``deny   any`` in a standard ACL): compare
    words, not the spaces between them."""
    return ConfigLine(tuple(" ".join(p.split()) for p in line.parents), " ".join(line.text.split()))


def verify_config(
    task: Task,
    candidate: str,
    *,
    checks: Sequence[Check] = (),
) -> Result:
    """Check a freshly committed router: session alive, a fresh login works, getters answer,
    intended lines present.

    ``checks`` are extra callables ``check(task, driver) -> None | str`` (the string says what
    failed). The task fails, without raising, when any check fails.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``passed`` (names of the checks that passed) and ``failures``
          * failed (``bool``): a check failed
    """
    device = connection(task, "napalm", retries=0)
    passed: list[str] = []
    failures: list[str] = []

    def run(name: str, check: Callable[[], str | None]) -> None:
        try:
            problem = check()
        except Exception as exc:
            first = str(exc).strip().splitlines()
            problem = f"{type(exc).__name__}: {first[0] if first else 'failed'}"
        if problem:
            failures.append(f"{name}: {problem}")
        else:
            passed.append(name)

    def alive() -> str | None:
        return None if device.is_alive().get("is_alive") else "the session is gone"

    def getters() -> str | None:
        facts = device.get_facts()
        return None if facts.get("hostname") else "get_facts returned no hostname"

    def intended() -> str | None:
        running = device.get_config(retrieve="running")["running"]
        missing = missing_lines(candidate, running)
        if not missing:
            return None
        more = f" (+{len(missing) - 3} more)" if len(missing) > 3 else ""
        return "not in running-config: " + "; ".join(missing[:3]) + more

    run("session alive", alive)
    run("fresh login", lambda: fresh_login(task))
    if not failures:
        run("getters answer", getters)
        run("intended lines present", intended)
        for check in checks:
            run(getattr(check, "__name__", "check"), partial(check, task, device))
    return Result(
        host=task.host,
        result={"passed": passed, "failures": failures},
        failed=bool(failures),
    )
