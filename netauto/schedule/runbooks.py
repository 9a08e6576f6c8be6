"""Which runbooks a schedule may run, and their options: read off the runbook functions.

The runbooks are the functions of :mod:`netauto.runbooks` (``__all__``) that return a
``RunReport``; a schedule's options are their keyword arguments, spelled as command-line
options (``mask_secrets`` -> ``--mask-secrets``, a flag; ``post_checks`` -> ``--no-post-checks``
to turn it off). Arguments a schedule cannot hold (``options``, the ``confirm`` callback) are
left out by their type. Nothing here is a hand-kept list: a new runbook is schedulable as
soon as ``netauto.runbooks`` exports it.
"""

from __future__ import annotations

import collections.abc
import inspect
import os
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from netauto.exceptions import UsageError

Kind = Literal["flag", "int", "text", "path", "list", "map"]


@dataclass(frozen=True)
class OptionSpec:
    """One keyword argument of a runbook as a schedule option."""

    name: str
    kind: Kind
    required: bool
    default: Any

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def usage(self) -> str:
        """How it is typed: a flag on by default is turned off with ``--no-``."""
        if self.kind == "flag" and self.default is True:
            return "--no-" + self.flag[2:]
        return self.flag


def runbooks() -> dict[str, Callable[..., Any]]:
    """Name -> function of every runbook exported by :mod:`netauto.runbooks`."""
    import netauto.runbooks as package
    from netauto.engine.report import RunReport

    found = {}
    for name in package.__all__:
        function = getattr(package, name)
        if inspect.isfunction(function) and _hints(function).get("return") is RunReport:
            found[name] = function
    return dict(sorted(found.items()))


def runbook(name: str) -> Callable[..., Any]:
    found = runbooks()
    if name not in found:
        raise UsageError(f"unknown runbook {name!r}; choose from {', '.join(found)}")
    return found[name]


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    return typing.get_type_hints(function)


def _kind(hint: Any) -> Kind | None:
    """The option kind of a type hint; None for what a schedule cannot hold."""
    choices = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if any(typing.get_origin(arg) is collections.abc.Callable for arg in choices):
            return None
        kinds = {_kind(arg) for arg in choices}
        if kinds == {"text", "path"}:
            return "path"
        return kinds.pop() if len(kinds) == 1 else None
    origin = typing.get_origin(hint)
    if hint is bool:
        return "flag"
    if hint is int:
        return "int"
    if hint is str:
        return "text"
    if origin is os.PathLike:
        return "path"
    if origin in (collections.abc.Sequence, list, tuple):
        return "list"
    if origin in (collections.abc.Mapping, dict):
        return "map"
    return None


def option_specs(name: str) -> dict[str, OptionSpec]:
    """The schedulable keyword arguments of runbook ``name``."""
    function = runbook(name)
    hints = _hints(function)
    specs = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue  # the selection
        kind = _kind(hints.get(parameter.name))
        if kind is None:
            continue  # options, confirm: the scheduler's own business
        required = parameter.default is inspect.Parameter.empty
        default = None if required else parameter.default
        specs[parameter.name] = OptionSpec(parameter.name, kind, required, default)
    return specs


def _convert(spec: OptionSpec, value: str, previous: Any) -> Any:
    if spec.kind == "int":
        try:
            return int(value)
        except ValueError:
            raise UsageError(f"{spec.flag} expects a whole number, got {value!r}") from None
    if spec.kind == "list":
        items = [item.strip() for item in value.split(",") if item.strip()]
        return [*(previous or []), *items]
    if spec.kind == "map":
        key, sep, item = value.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{spec.flag} expects KEY=VALUE, got {value!r}")
        return {**(previous or {}), key.strip(): item.strip()}
    if spec.kind == "path":
        # Fired later from another folder: made absolute now.
        return os.path.abspath(os.path.expanduser(value))
    return value


def parse_options(name: str, tokens: Sequence[str]) -> dict[str, Any]:
    """Runbook options from command-line tokens (``--template ios/ntp.j2 --commit``)."""
    specs = option_specs(name)
    known = ", ".join(spec.usage for spec in specs.values()) or "no options"
    found: dict[str, Any] = {}
    items = list(tokens)
    while items:
        token = items.pop(0)
        if not token.startswith("--") or token == "--":
            raise UsageError(f"unexpected argument {token!r} (runbook {name} takes {known})")
        flag, has_value, value = token[2:].partition("=")
        key = flag.replace("-", "_")
        negated = key.startswith("no_") and key[3:] in specs and specs[key[3:]].kind == "flag"
        spec = specs.get(key[3:] if negated else key)
        if spec is None:
            raise UsageError(f"runbook {name} has no option --{flag} (it takes {known})")
        if spec.kind == "flag":
            if has_value:
                raise UsageError(f"--{flag} is a flag: it takes no value")
            found[spec.name] = not negated
            continue
        if not has_value:
            if not items or items[0].startswith("--"):
                raise UsageError(f"{spec.flag} needs a value")
            value = items.pop(0)
        found[spec.name] = _convert(spec, value, found.get(spec.name))
    return found


def check_required(name: str, options: Mapping[str, Any]) -> None:
    for spec in option_specs(name).values():
        if spec.required and options.get(spec.name) is None:
            raise UsageError(f"runbook {name} needs {spec.flag}")


def option_tokens(name: str, options: Mapping[str, Any]) -> list[str]:
    """The options as they would be typed (for lists and ``schedule show``)."""
    specs = option_specs(name)
    tokens: list[str] = []
    for key, value in options.items():
        spec = specs.get(key)
        flag = spec.flag if spec else "--" + key.replace("_", "-")
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
    """Whether a run commits changes: the runbook has ``commit`` and the schedule sets it."""
    return "commit" in option_specs(name) and bool(options.get("commit"))
