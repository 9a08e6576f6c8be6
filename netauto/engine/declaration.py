"""Runbooks declared once: what a runbook takes, and every front end made from that.

A runbook is a library function of :mod:`netauto.runbooks` and, next to it in the same
module, one :class:`Runbook` declaration, the module constant ``RUNBOOK``::

    RUNBOOK = Runbook(
        "backup",
        "netauto.runbooks.backup:backup",
        "Save each router's running-config to backups/<host>.cfg and commit it to git.",
        params=(Param("startup", "flag", "Also save the startup-config."),),
    )

It holds the runbook's name, one-line summary and help, the import path of its function
(imported when a run starts, so listing runbooks loads no Nornir and no driver), whether it
can change routers (then it has a ``commit`` flag and changes need ``Permission.CHANGE``), the
permission any run of it needs, and its parameters: name (the function's keyword argument),
kind, default, help, bounds, choices. Every front end is derived from it; none writes an
option twice:

- the command line (:mod:`netauto.cli.declared`): ``revert_in`` is ``--revert-in``, a flag on
  by default is ``--no-post-checks``, older spellings stay as hidden aliases;
- schedules (:mod:`netauto.schedule.runbooks`): the same spellings after ``--runbook NAME``,
  stored under the parameter names;
- the JSON API (``POST /api/runs``, ``GET /api/runbooks``) and the web's run form: the JSON
  names are the parameter names, values checked by :meth:`Runbook.accept`;
- the assistant's tools (chat and MCP) for runbooks that only read routers.

Adding a built-in runbook takes its task, its function and its declaration, in a new module
of :mod:`netauto.runbooks` (exported by the package): nothing in the CLI, schedules, web or
chat changes. Another package registers its declaration in the ``netauto.runbooks``
entry-point group and gets the same (:mod:`netauto.engine.registry`).

Errors name parameters, not flags: ``UsageError("{revert_in} needs {commit}", params=...)``
reads ``revert_in needs commit`` in JSON and ``--revert-in needs --commit`` on the command line.
This module stays light (no Nornir, no SQLAlchemy): ``netauto --help`` imports it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from netauto.exceptions import UsageError, spell

if TYPE_CHECKING:
    from netauto.auth import Permission
    from netauto.engine.report import RunReport

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
# netauto.auth.Permission values, weakest first (a Permission is one of these strings).
PERMISSIONS = ("read", "change", "admin")


def _is_name(text: str) -> bool:
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
        if any(not (alias[:2] == "--" and _is_name(alias[2:])) for alias in self.aliases):
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


@dataclass(frozen=True)
class Runbook:
    """A runbook's declaration: its name, summary, function and parameters.

    ``function``: ``"module:attribute"`` of the library function, called as
    ``function(selection, **arguments, options=RunOptions(...))`` (plus ``confirm=`` when
    ``changes_routers``). ``help``: more about it; ``{param}`` in it is spelled by each front
    end. ``permission``: what any run of it needs, a :class:`~netauto.auth.Permission` (a
    commit needs ``CHANGE`` too; kept as its string so that reading declarations stays light).
    ``ai_tool``: offered to the assistant (chat, MCP) when it only reads routers, as
    ``tool_name`` (default: the runbook's name).
    """

    name: str
    function: str
    summary: str
    help: str = ""
    params: tuple[Param, ...] = ()
    changes_routers: bool = False
    permission: str = "read"  # a netauto.auth.Permission (Permission.ADMIN) or its value
    ai_tool: bool = True
    tool_name: str = ""

    def __post_init__(self) -> None:
        if not _is_name(self.name):
            raise ValueError(f"runbook name {self.name!r}: lower case letters, digits and '-'")
        module, sep, attribute = self.function.partition(":")
        if not sep or not module or not attribute:
            raise ValueError(f"runbook {self.name}: function {self.function!r} is not module:name")
        if not self.summary.strip() or "\n" in self.summary.strip():
            raise ValueError(f"runbook {self.name}: the summary is one line")
        names = [param.name for param in self.params]
        if len(set(names)) != len(names):
            raise ValueError(f"runbook {self.name}: a parameter is declared twice")
        if self.permission not in PERMISSIONS:
            raise ValueError(f"runbook {self.name}: permission {self.permission!r}")
        commit = self.param("commit")
        if self.changes_routers and (commit is None or commit.kind != "flag"):
            raise ValueError(f"runbook {self.name} changes routers: it needs a commit flag")

    def param(self, name: str) -> Param | None:
        return next((param for param in self.params if param.name == name), None)

    @property
    def tool(self) -> str | None:
        """The assistant's tool name; None when it is not offered (or may change routers)."""
        if self.changes_routers or not self.ai_tool:
            return None
        return self.tool_name or self.name.replace("-", "_")

    def load(self) -> Callable[..., RunReport]:
        """The library function (imported now)."""
        import importlib

        module, _, attribute = self.function.partition(":")
        try:
            found = getattr(importlib.import_module(module), attribute)
        except (ImportError, AttributeError) as exc:
            raise UsageError(f"runbook {self.name}: cannot load {self.function}: {exc}") from None
        if not callable(found):
            raise UsageError(f"runbook {self.name}: {self.function} is not a function")
        function: Callable[..., RunReport] = found
        return function

    def accept(
        self, options: Mapping[str, Any], *, remote: bool = False, complete: bool = True
    ) -> dict[str, Any]:
        """The arguments of a run from ``options`` (parameter name -> JSON-like value).

        Unknown names, bad values and (with ``complete``) missing required parameters are
        UsageErrors naming the parameter; ``None`` means not given. ``remote``: from the web,
        the API or the assistant: no local paths, templates by name only.
        """
        accepted: dict[str, Any] = {}
        for name, value in options.items():
            param = self.param(str(name))
            if param is None:
                raise UsageError(f"runbook {self.name} has no option {{{name}}}", params=(name,))
            if value is None:
                continue
            if remote and not param.remote:
                raise UsageError(
                    f"{{{name}}} is a path on the machine running netauto: give it on the "
                    "command line, not from the web or the assistant",
                    params=(name,),
                )
            accepted[param.name] = param.accept(value)
            if remote and param.kind == "template":
                _template_name(param, accepted[param.name])
        if complete:
            for param in self.params:
                if param.required and param.name not in accepted:
                    raise UsageError(
                        f"runbook {self.name} needs {{{param.name}}}", params=(param.name,)
                    )
        return accepted

    def commits(self, arguments: Mapping[str, Any]) -> bool:
        """Whether a run with these arguments commits changes to routers."""
        return self.changes_routers and bool(arguments.get("commit"))

    def needs(self, arguments: Mapping[str, Any]) -> Permission:
        """The permission a run with these arguments needs of its user."""
        from netauto.auth import Permission

        if not self.commits(arguments):
            return Permission(self.permission)
        return Permission(max(self.permission, "change", key=PERMISSIONS.index))

    def described(self, spelling: Callable[[str], str] = str) -> str:
        """The help, each ``{param}`` spelled by the front end (``--commit``, ``commit``)."""
        return spell(self.help, [param.name for param in self.params], spelling)

    def to_dict(self) -> dict[str, Any]:
        """What a form or an API client needs (``GET /api/runbooks``)."""
        return {
            "name": self.name,
            "summary": self.summary,
            "help": self.described(),
            "changes_routers": self.changes_routers,
            "permission": str(self.permission),  # read, change or admin
            "params": [param.to_dict() for param in self.params],
        }


def _template_name(param: Param, value: str) -> None:
    """A template named from afar must be one of the templates folder, not any file."""
    parts = value.replace("\\", "/").split("/")
    if os.path.isabs(value) or ".." in parts or value.startswith("~"):
        raise UsageError(
            f"{{{param.name}}} must name a template of the templates folder (ios/ntp.j2), "
            f"not a path: {value!r}",
            params=(param.name,),
        )


# The change flow's own parameters (deploy, rollback, generate).
COMMIT = Param("commit", "flag", "Commit the change (default: a dry run, each router's diff).")
REVERT_IN = Param(
    "revert_in",
    "int",
    "Commit with a revert timer (60-7200 s); confirmed only if the post-checks pass.",
    minimum=60,
    maximum=7200,
    metavar="SECONDS",
    with_commit=True,
)
POST_CHECKS = Param(
    "post_checks",
    "flag",
    "Check each router after its commit: session alive, a fresh login, getters answer, "
    "intended lines present (turning it off is not recommended).",
    default=True,
    with_commit=True,
)
ROLLOUT = (
    Param(
        "canary",
        "int",
        "Commit N routers first; stop if any fails its commit or post-checks.",
        minimum=1,
        metavar="N",
        with_commit=True,
    ),
    Param(
        "batch",
        "text",
        "Then commit in waves of N routers (or P% of those that would change).",
        metavar="N|P%",
        with_commit=True,
    ),
    Param(
        "max_fail",
        "text",
        "Stop the rollout, leaving the rest untouched, once over P% of the routers failed.",
        metavar="P%",
        with_commit=True,
    ),
)
