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
permission any run of it needs, and its parameters (:class:`~netauto.engine.param.Param`):
name (the function's keyword argument), kind, default, help, bounds, choices. Every front end
is derived from it; none writes an option twice:

- the command line (:mod:`netauto.cli.declared`): ``revert_in`` is ``--revert-in``, a flag on
  by default is turned off with ``--no-post-checks``, older spellings stay as hidden aliases;
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
from typing import TYPE_CHECKING, Any

from netauto.engine.param import Kind, Param, is_name, option_of
from netauto.exceptions import UsageError, spell

if TYPE_CHECKING:
    from netauto.auth import Permission
    from netauto.report import RunReport

__all__ = [
    "COMMIT",
    "POST_CHECKS",
    "REVERT_IN",
    "ROLLOUT",
    "Kind",
    "Param",
    "Runbook",
    "option_of",
]
# netauto.auth.Permission values, weakest first (a Permission is one of these strings).
PERMISSIONS = ("read", "change", "admin")


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
        if not is_name(self.name):
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
