"""Which runbooks a schedule may run, and their options: the runbooks' declarations.

Every declared runbook (:mod:`netauto.engine.registry`: the built-ins and those of other
packages) may be scheduled. A schedule's options are the runbook's parameters, typed after
``--runbook NAME`` as on its own command (``mask_secrets`` -> ``--mask-secrets``, a flag;
``post_checks`` is on by default, ``--no-post-checks`` turns it off; ``--getters a,b``;
``--params key=value``), stored under the parameter names and checked by the declaration
(:meth:`~netauto.engine.declaration.Runbook.accept`). Nothing here is a hand-kept list and
nothing is read off the functions: a runbook is schedulable as soon as it is declared.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netauto.engine.declaration import Param, Runbook, option_of
from netauto.exceptions import UsageError

if TYPE_CHECKING:
    from netauto.auth import Permission


def runbooks() -> dict[str, Runbook]:
    """Name -> declaration of every runbook a schedule may run."""
    from netauto.engine.registry import declared

    return declared()


def declaration(name: str) -> Runbook:
    from netauto.engine.registry import find

    return find(name)


def runbook(name: str) -> Callable[..., Any]:
    """The library function of runbook ``name``."""
    return declaration(name).load()


def _spellings(declared: Runbook) -> dict[str, tuple[Param, bool]]:
    """Each way an option may be typed -> (its parameter, the value of a flag)."""
    found: dict[str, tuple[Param, bool]] = {}
    for param in declared.params:
        for spelling in (option_of(param.name), *param.aliases):
            found[spelling] = (param, True)
        if param.kind == "flag":
            found["--no-" + option_of(param.name)[2:]] = (param, False)
    return found


def _usage(declared: Runbook) -> str:
    return ", ".join(param.option for param in declared.params) or "no options"


def parse_options(name: str, tokens: Sequence[str]) -> dict[str, Any]:
    """Runbook options from command-line tokens (``--template ios/ntp.j2 --commit``).

    The tokens are the command line's, so are the errors (``--revert-in expects ...``).
    """
    declared = declaration(name)
    spellings = _spellings(declared)
    found: dict[str, Any] = {}
    items = list(tokens)
    while items:
        token = items.pop(0)
        if not token.startswith("--") or token == "--":
            raise UsageError(
                f"unexpected argument {token!r} (runbook {name} takes {_usage(declared)})"
            )
        typed, has_value, value = token.partition("=")
        if typed not in spellings:
            raise UsageError(f"runbook {name} has no option {typed} (it takes {_usage(declared)})")
        param, on = spellings[typed]
        try:
            if param.kind == "flag":
                if has_value:
                    raise UsageError(f"{typed} is a flag: it takes no value")
                found[param.name] = on
                continue
            if not has_value:
                if not items or items[0].startswith("--"):
                    raise UsageError(f"{typed} needs a value")
                value = items.pop(0)
            if param.kind == "path":  # fired later from another folder: made absolute now
                value = os.path.abspath(os.path.expanduser(value))
            found[param.name] = param.parse(value, found.get(param.name))
        except UsageError as exc:
            raise UsageError(exc.spelled(option_of)) from None
    return found


def check_options(name: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """The options, checked by the runbook's declaration (names, values, required ones)."""
    return declaration(name).accept(options)


def check_required(name: str, options: Mapping[str, Any]) -> None:
    check_options(name, options)


def option_tokens(name: str, options: Mapping[str, Any]) -> list[str]:
    """The options as they would be typed (for lists and ``schedule show``)."""
    tokens: list[str] = []
    for key, value in options.items():
        flag = option_of(key)
        if isinstance(value, bool):
            tokens.append(flag if value else "--no-" + flag[2:])
        elif isinstance(value, list):
            tokens += [flag, ",".join(str(item) for item in value)]
        elif isinstance(value, dict):
            for item, text in value.items():
                tokens += [flag, f"{item}={text}"]
        elif value is not None:
            tokens += [flag, str(value)]
    return tokens


def changes_routers(name: str, options: Mapping[str, Any]) -> bool:
    """Whether a run commits changes: a runbook that changes routers, with ``commit`` set."""
    try:
        return declaration(name).commits(options)
    except UsageError:  # a runbook no longer installed: managed as if it committed
        return bool(options.get("commit"))


def needed(name: str, options: Mapping[str, Any]) -> Permission:
    """What managing or firing a schedule of this runbook needs of its user: the runbook's
    declared permission, ``CHANGE`` when it commits."""
    from netauto.auth import Permission

    try:
        return declaration(name).needs(options)
    except UsageError:  # a runbook no longer installed: managed as if it committed
        return Permission.CHANGE if options.get("commit") else Permission.READ
