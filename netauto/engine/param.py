"""One parameter of a runbook (:class:`Param`): its kind, checks and spellings.

Part of the declaration of a runbook (:mod:`netauto.engine.declaration`): a parameter is a
keyword argument of the runbook's function. :meth:`Param.accept` checks a JSON-like value (the
API, the assistant, a stored schedule), :meth:`Param.parse` a typed one (the command line, a
schedule's options); both raise a UsageError naming the parameter (``{revert_in}``), which
each front end spells. :func:`option_of` is the command line's spelling (``--revert-in``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from netauto.exceptions import UsageError

Kind = Literal["flag", "int", "text", "template", "path", "list", "map", "choice"]
KINDS: tuple[str, ...] = ("flag", "int", "text", "template", "path", "list", "map", "choice")
# Names the front ends use around a runbook's own parameters (selection, run options).
RESERVED = frozenset(
    {
        "selection", "options", "confirm", "preview", "runbook", "hosts", "group", "groups",
        "filter", "filters", "config", "config_file", "workers", "executor", "json", "as_json",
        "user", "yes", "help", "debug", "quiet",
    }
)  # fmt: skip
_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def is_name(text: str) -> bool:
    """A runbook's or an option's name: ``a-z`` first, then ``a-z``, ``0-9``, ``-``."""
    return 0 < len(text) <= 50 and text[0].islower() and set(text) <= _NAME_CHARACTERS


def option_of(name: str) -> str:
    """The command-line spelling of a parameter name: ``revert_in`` -> ``--revert-in``."""
    return "--" + name.replace("_", "-")


@dataclass(frozen=True)
class Param:
    """One parameter of a runbook: a keyword argument of its function.

    ``kind``: ``flag`` (bool), ``int`` (within ``minimum``/``maximum``), ``text``,
    ``template`` (a template name under the templates folder; on the command line also a
    file), ``path`` (a file or folder of the machine running the command: never taken from
    the web or the assistant), ``list`` (of text; ``choices`` name the known items, each an
    ``item``), ``map`` (text keys to text), ``choice`` (one of ``choices``).
    ``short``: a command-line short alias (``-t``); ``aliases``: older command-line
    spellings, accepted and hidden. ``with_commit``: only meaningful when committing.
    """

    name: str
    kind: Kind
    help: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    short: str | None = None
    aliases: tuple[str, ...] = ()
    metavar: str | None = None
    item: str = "value"
    with_commit: bool = False

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or self.name.startswith("_") or self.name in RESERVED:
            raise ValueError(f"parameter name {self.name!r}: a keyword argument, not reserved")
        if self.kind not in KINDS:
            raise ValueError(f"parameter {self.name}: kind {self.kind!r} is not one of {KINDS}")
        if self.kind == "flag" and not isinstance(self.default, bool):
            object.__setattr__(self, "default", bool(self.default))
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"parameter {self.name}: a choice needs choices")
        short = self.short
        if short is not None and not (len(short) == 2 and short[0] == "-" and short[1].isalpha()):
            raise ValueError(f"parameter {self.name}: short alias {short!r} is not -X")
        if any(not (alias[:2] == "--" and is_name(alias[2:])) for alias in self.aliases):
            raise ValueError(f"parameter {self.name}: aliases are --long-names")

    @property
    def option(self) -> str:
        """How the command line writes it: ``--revert-in``, or ``--no-post-checks`` for a flag
        that is on by default."""
        if self.kind == "flag" and self.default is True:
            return "--no-" + option_of(self.name)[2:]
        return option_of(self.name)

    @property
    def remote(self) -> bool:
        """Whether the web, the API and the assistant may give it (not a local path)."""
        return self.kind != "path"

    def _error(self, text: str) -> UsageError:
        return UsageError(f"{{{self.name}}} {text}", params=(self.name,))

    def accept(self, value: Any) -> Any:
        """A JSON-like value (API, chat, a stored schedule, a parsed option) checked and
        converted; a bad one is a UsageError naming the parameter."""
        if self.kind == "flag":
            if not isinstance(value, bool):
                raise self._error(f"must be true or false, got {value!r}")
            return value
        if self.kind == "int":
            return self._int(value)
        if self.kind == "list":
            return self._list(value)
        if self.kind == "map":
            return self._map(value)
        if self.kind == "path" and isinstance(value, os.PathLike):
            value = os.fspath(value)
        if not isinstance(value, str):
            raise self._error(f"must be text, got {value!r}")
        if self.kind == "choice" and value not in self.choices:
            raise self._error(f"must be one of {', '.join(self.choices)}, got {value!r}")
        if self.required and not value.strip():
            raise self._error("is empty")
        return value

    def _int(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._error(f"must be a whole number, got {value!r}")
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = (
                f"{low} to {high}" if low is not None and high is not None
                else f"at least {low}" if low is not None else f"at most {high}"
            )  # fmt: skip
            raise self._error(f"must be {bounds}, got {value}")
        return value

    def _list(self, value: Any) -> list[str]:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
            raise self._error(f"must be a list of text, got {value!r}")
        cleaned = [item.strip() for item in items if item.strip()]
        for item in cleaned:
            if self.choices and item not in self.choices:
                raise UsageError(
                    f"unknown {self.item} {item!r}; choose from {', '.join(self.choices)}",
                    params=(self.name,),
                )
        return cleaned

    def _map(self, value: Any) -> dict[str, str]:
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and k.strip() and isinstance(v, str) for k, v in value.items()
        ):
            raise self._error(f"must be an object of key: text, got {value!r}")
        return {key.strip(): text.strip() for key, text in value.items()}

    def parse(self, text: str, previous: Any = None) -> Any:
        """A value typed as text (``300``, ``facts,environment``, ``key=value``), added to
        what earlier ones gave (lists and maps), then :meth:`accept`-ed."""
        if self.kind == "int":
            try:
                return self.accept(int(text.strip()))
            except ValueError:
                raise self._error(f"expects a whole number, got {text!r}") from None
        if self.kind == "list":
            return [*(previous or []), *self.accept(text)]
        if self.kind == "map":
            key, sep, item = text.partition("=")
            if not sep or not key.strip():
                raise self._error(f"expects KEY=VALUE, got {text!r}")
            return {**(previous or {}), **self.accept({key: item})}
        if self.kind == "flag":
            raise self._error("is a flag: it takes no value")
        return self.accept(text)

    def to_dict(self) -> dict[str, Any]:
        """What a form needs to draw it (``GET /api/runbooks``)."""
        return {
            "name": self.name,
            "kind": self.kind,
            "help": self.help,
            "default": list(self.default) if isinstance(self.default, tuple) else self.default,
            "required": self.required,
            "choices": list(self.choices),
            "minimum": self.minimum,
            "maximum": self.maximum,
            "item": self.item,
            "with_commit": self.with_commit,
            "remote": self.remote,
        }

    def json_schema(self) -> dict[str, Any]:
        """Its JSON schema (the assistant's tool arguments)."""
        schema: dict[str, Any]
        if self.kind == "flag":
            schema = {"type": "boolean"}
        elif self.kind == "int":
            schema = {"type": "integer"}
            if self.minimum is not None:
                schema["minimum"] = self.minimum
            if self.maximum is not None:
                schema["maximum"] = self.maximum
        elif self.kind == "list":
            items: dict[str, Any] = {"type": "string"}
            if self.choices:
                items["enum"] = list(self.choices)
            schema = {"type": "array", "items": items}
        elif self.kind == "map":
            schema = {"type": "object", "additionalProperties": {"type": "string"}}
        else:
            schema = {"type": "string"}
            if self.kind == "choice":
                schema["enum"] = list(self.choices)
        return {**schema, "description": self.help}
