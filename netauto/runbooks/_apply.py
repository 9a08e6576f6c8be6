"""What ``netauto deploy`` and ``netauto rollback`` share: locks, preview, confirm, report.

A change run holds the change lock of every selected host from the preview to the end, so the
diff an operator confirms is the diff that gets committed. Hosts locked by another run are
reported as failed right away; the others go on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import click
from nornir.core.task import AggregatedResult, MultiResult

from netauto.cli.runbook import HostRow, RunbookSession, error_of
from netauto.exceptions import UsageError
from netauto.secrets import mask

DESCRIBE = {
    "no change": "no change",
    "would change": "would change",
    "committed": "committed",
    "rolled back": "rolled back, unchanged",
}


def _usage_error(result: AggregatedResult) -> UsageError | None:
    """A bad template or input fails every host the same way: that is exit 2, not 1."""
    for multi in result.values():
        for each in multi:
            if isinstance(each.exception, UsageError):
                return each.exception
    return None


def _indent_diff(host: str, diff: str) -> list[str]:
    width = max(len(host), 4) + 2
    lines = mask(diff).splitlines() or [""]
    return [f"{host:<{width}}{lines[0]}"] + [" " * width + line for line in lines[1:]]


def print_diffs(result: AggregatedResult) -> None:
    for host in sorted(result):
        multi = result[host]
        if not multi.failed and multi[0].diff:
            click.echo("\n".join(_indent_diff(host, multi[0].diff)))


def detail(multi: MultiResult) -> tuple[str, str, bool]:
    """(status, detail, changed) of one host."""
    main = multi[0]
    data = main.result if isinstance(main.result, dict) else {}
    status = str(data.get("status") or "")
    if multi.failed:
        return "failed", error_of(multi), bool(main.changed)
    text = DESCRIBE.get(status, status or "ok")
    if data.get("warning"):
        text += f"; {data['warning']}"
    if status == "committed":
        checks = data.get("post_checks")
        if checks is not None:
            text += ", post-checks passed"
        if data.get("confirmed"):
            text += ", confirmed"
    plus = sum(1 for line in (main.diff or "").splitlines() if line.lstrip().startswith("+"))
    minus = sum(1 for line in (main.diff or "").splitlines() if line.lstrip().startswith("-"))
    if main.diff:
        text += f" (+{plus} -{minus})"
    return "ok", text, bool(main.changed)


def rows_of(result: AggregatedResult, refused: dict[str, str]) -> list[HostRow]:
    rows = [HostRow(host, "failed", detail=why) for host, why in sorted(refused.items())]
    for host in sorted(result):
        status, text, changed = detail(result[host])
        data = result[host][0].result if isinstance(result[host][0].result, dict) else {}
        public = {k: v for k, v in data.items() if k not in ("candidate",)}
        rows.append(HostRow(host, status, changed=changed, detail=text, data=public))
    return sorted(rows, key=lambda row: row.host)


def tally(result: AggregatedResult, commit: bool) -> str:
    """The closing sentence: what would change, or what was committed and rolled back."""
    states = [
        (m[0].result or {}).get("status") if isinstance(m[0].result, dict) else None
        for m in result.values()
    ]
    if not commit:
        changing = sum(1 for s in states if s == "would change")
        return f"{changing} would change. Dry run: nothing was committed (add --commit)."
    parts = [f"{states.count('committed')} committed"]
    for state in ("rolled back", "rollback failed"):
        if states.count(state):
            parts.append(f"{states.count(state)} {state}")
    return ", ".join(parts) + "."


def run_change(
    session: RunbookSession,
    task: Callable[..., Any],
    *,
    commit: bool,
    yes: bool,
    owner: str,
    ttl: float,
    **kwargs: Any,
) -> int:
    """Lock, (preview and confirm,) run ``task`` on the selected hosts; returns the exit code."""
    from netauto.db.locks import hold_many

    nr = session.nr
    run_id = uuid.UUID(session.run_id) if session.run_id else None
    url = session.settings.database_url
    hosts = sorted(nr.inventory.hosts)
    with hold_many(url, hosts, owner=owner, run_id=run_id, ttl=ttl) as refused:
        free = nr.filter(filter_func=lambda h: h.name not in refused)
        if commit and not yes and free.inventory.hosts:
            preview = free.run(task=task, dry_run=True, lock=False, **kwargs)
            error = _usage_error(preview)
            if error is not None:
                raise error
            changing = sorted(h for h, m in preview.items() if not m.failed and m[0].changed)
            if not session.as_json:
                print_diffs(preview)
            if not changing:
                result = preview
            else:
                names = " ".join(changing)
                click.echo(f"{len(changing)} routers will change: {names}.", err=session.as_json)
                if not click.confirm("Commit?", default=False, err=session.as_json):
                    click.echo("Nothing was committed.", err=session.as_json)
                    return 1
                target = free.filter(filter_func=lambda h: h.name in changing)
                result = target.run(task=task, dry_run=False, lock=False, **kwargs)
                unchanged = {h: m for h, m in preview.items() if h not in changing}
                result.update(unchanged)
            return session.report(rows_of(result, refused), tally(result, True))
        result = free.run(task=task, dry_run=not commit, lock=False, **kwargs)
    error = _usage_error(result)
    if error is not None:
        raise error
    if not session.as_json:
        print_diffs(result)
    return session.report(rows_of(result, refused), tally(result, commit))
