"""Schedules added, edited and removed from a page or the API, as ``netauto schedule`` does.

A change is read from a page's form (options typed as on the command line:
``--template ios/ntp.j2 --commit``) or from a JSON body (options by name, as ``POST
/api/runs`` takes them), then made by :mod:`netauto.schedule.manage`, which checks it as the
command line's (runbook options, hosts, timing, the user's permission). Options that are
paths on the server's machine are refused here, as for runs started from the web.

A schedule that commits changes to routers (``commit`` set) commits them at every fire with
nobody asked: adding or editing such a schedule needs a confirmation
(:class:`NeedsConfirm`; a page shows what will commit and asks, the API wants
``"confirm": true``).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netauto.exceptions import UsageError
from netauto.web.params import flag, text

if TYPE_CHECKING:
    from netauto.engine.options import Selection
    from netauto.project import Project
    from netauto.schedule.store import Schedule
    from netauto.schedule.timing import Timing


class NeedsConfirm(UsageError):
    """The schedule would commit changes to routers at each fire: confirm first."""


@dataclass
class Change:
    name: str
    runbook: str | None = None
    selection: Selection | None = None
    tokens: list[str] = field(default_factory=list)
    timing: Timing | None = None
    description: str | None = None
    confirmed: bool = False


def _names(value: Any, key: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{key} must be a list of names")
    return tuple(item.strip() for item in value if item.strip())


def _selection(body: Mapping[str, Any]) -> Selection | None:
    from netauto.engine.options import Selection

    if not any(key in body for key in ("hosts", "groups", "filters")):
        return None
    filters = body.get("filters") or {}
    if isinstance(filters, str):  # a form: "site=lab,role=core"
        pairs = [part.partition("=") for part in filters.split(",") if part.strip()]
        if any(not sep for _, sep, _ in pairs):
            raise UsageError("filters are key=value, separated by commas")
        filters = {key.strip(): value.strip() for key, _, value in pairs}
    if not isinstance(filters, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in filters.items()
    ):
        raise UsageError("filters must be an object of key: value strings")
    return Selection(
        _names(body.get("hosts"), "hosts"), _names(body.get("groups"), "groups"), filters
    )


def _timing(body: Mapping[str, Any], *, new: bool) -> Timing | None:
    from netauto.schedule.timing import Timing

    cron, every = text(body, "cron"), text(body, "every")
    if cron is None and every is None and not new:
        return None
    return Timing.parse(cron, every, text(body, "timezone"))


def from_json(
    name: str, body: Mapping[str, Any], *, new: bool, current: str | None = None
) -> Change:
    """A change from a JSON body: ``runbook``, ``hosts``/``groups``/``filters``, ``options``
    (by name), ``cron`` or ``every`` (with ``timezone``), ``description``, ``confirm``.
    ``current``: the runbook of the schedule edited (options without a runbook are its)."""
    from netauto.schedule.runbooks import declaration, option_tokens

    runbook = text(body, "runbook", required=new)
    options = body.get("options") or {}
    if not isinstance(options, dict):
        raise UsageError('options must be an object: {"name": value}')
    tokens: list[str] = []
    if options:
        chosen = runbook or current
        if chosen is None:
            raise UsageError("options go with runbook")
        accepted = declaration(chosen).accept(options, remote=True, complete=False)
        tokens = option_tokens(chosen, accepted)
    return Change(
        name=name,
        runbook=runbook,
        selection=_selection(body),
        tokens=tokens,
        timing=_timing(body, new=new),
        description=text(body, "description"),
        confirmed=bool(flag(body, "confirm")),
    )


def from_form(name: str, form: Mapping[str, str], *, new: bool) -> Change:
    """A change from a page's form; options typed as on the command line."""
    try:
        tokens = shlex.split(form.get("options", ""))
    except ValueError as exc:
        raise UsageError(f"options: {exc}") from None
    body = {key: value for key, value in form.items() if value != ""}
    if not new:  # an edit form sends every field: the selection is replaced as shown
        body.setdefault("hosts", "")
    return Change(
        name=name,
        runbook=text(body, "runbook", required=new),
        selection=_selection(body),
        tokens=tokens,
        timing=_timing(body, new=new),
        description=form.get("description") if "description" in form else None,
        confirmed=form.get("confirm") == "yes",
    )


def commits(project: Project, change: Change, current: Schedule | None) -> bool:
    """Whether the schedule commits changes to routers once changed (options checked)."""
    from netauto.schedule.runbooks import changes_routers, declaration, parse_options

    runbook = change.runbook or (current.runbook if current is not None else "")
    parsed = parse_options(runbook, change.tokens)
    declaration(runbook).accept(parsed, remote=True, complete=False)  # no server paths
    base = current.options if current is not None and runbook == current.runbook else {}
    return changes_routers(runbook, {**base, **parsed})


def check_confirmed(project: Project, name: str, what: str, confirmed: bool) -> Schedule:
    """The schedule ``name``; NeedsConfirm when it commits changes and ``what`` (firing it
    now, enabling it) is not confirmed."""
    from netauto.schedule.runbooks import changes_routers

    found = project.schedules.get(name)
    if changes_routers(found.runbook, found.options) and not confirmed:
        raise NeedsConfirm(
            f"schedule {found.name} commits changes to routers: confirm {what} (the page "
            'asks; the API takes "confirm": true)'
        )
    return found


def apply(project: Project, change: Change, *, new: bool) -> Schedule:
    """Add or edit the schedule; NeedsConfirm when it would commit and is not confirmed."""
    schedules = project.schedules
    current = None if new else schedules.get(change.name)
    if commits(project, change, current) and not change.confirmed:
        raise NeedsConfirm(
            f"schedule {change.name} commits changes to routers at every fire, with nobody "
            'asked: confirm it (the page asks; the API takes "confirm": true)'
        )
    if new:
        assert change.runbook is not None and change.timing is not None
        from netauto.engine.options import Selection

        return schedules.add(
            change.name,
            runbook_name=change.runbook,
            selection=change.selection or Selection(),
            tokens=change.tokens,
            timing=change.timing,
            description=change.description,
        )
    return schedules.edit(
        change.name,
        runbook_name=change.runbook,
        selection=change.selection,
        tokens=change.tokens,
        timing=change.timing,
        description=change.description,
    )
