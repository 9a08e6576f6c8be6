"""A runbook's command, made from its declaration: parameters as options, the run, the report.

Each :class:`~netauto.engine.declaration.Param` is one option, spelled from its name:
``revert_in`` is ``--revert-in`` (``-t`` when it declares a short alias), a flag is
``--startup`` (``--post-checks/--no-post-checks`` when on by default), an int a click range,
a list or a map repeats (``--getters a,b``, ``--params key=value``), a choice a click choice;
older spellings (``--getter``, ``--run``) are accepted and hidden from ``--help``. Values
are checked by the declaration (:meth:`Param.accept`), as on every front end. A runbook that
changes routers gets ``--yes`` and the ``Commit?`` prompt. The rest (columns, what is printed)
is its presenter
(:mod:`netauto.cli.presenters`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from netauto.cli.options import runbook_options, yes_option
from netauto.cli.presenters import presenter_of
from netauto.cli.runbook import change_command, finish, run_options, selection_of
from netauto.engine.declaration import Param, Runbook, option_of
from netauto.exceptions import UsageError

if TYPE_CHECKING:
    from netauto.report import RunReport


class DeclaredOption(click.Option):
    """An option whose older spellings work but are not shown (``--getter`` for ``--getters``)."""

    def __init__(self, *args: Any, hidden_names: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_names = tuple(hidden_names)

    def _shown(self, show: Callable[[], Any]) -> Any:
        every = self.opts
        self.opts = [name for name in every if name not in self.hidden_names]
        try:
            return show()
        finally:
            self.opts = every

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        return self._shown(lambda: super(DeclaredOption, self).get_help_record(ctx))  # type: ignore[no-any-return]

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return self._shown(lambda: super(DeclaredOption, self).get_error_hint(ctx))  # type: ignore[no-any-return]


def _checked(param: Param) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """The option's callback: what click parsed, checked and converted by the declaration."""

    def check(ctx: click.Context, option: click.Parameter, value: Any) -> Any:
        if value is None or value == ():
            return None
        try:
            if param.kind in ("list", "map"):
                found = None
                for text in value:
                    found = param.parse(text, found)
                return found
            return param.accept(value)
        except UsageError as exc:
            raise click.BadParameter(exc.spelled(option_of), ctx, option) from None

    return check


def option(param: Param) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The click option of a declared parameter."""
    first = option_of(param.name)
    if param.kind == "flag" and param.default is True:
        first = f"{first}/{param.option}"  # on by default: --post-checks/--no-post-checks
    names = [first, *([param.short] if param.short else []), *param.aliases]
    settings: dict[str, Any] = {"help": param.help, "callback": _checked(param)}
    if param.kind == "flag":
        settings.update(is_flag=True, default=param.default)
    else:
        settings.update(required=param.required, metavar=param.metavar)
    if param.kind == "int":
        ranged = param.minimum is not None or param.maximum is not None
        settings["type"] = click.IntRange(param.minimum, param.maximum) if ranged else click.INT
    elif param.kind == "choice":
        settings["type"] = click.Choice(param.choices)
    elif param.kind in ("list", "map"):
        settings["multiple"] = True
    return click.option(
        *names, param.name, cls=DeclaredOption, hidden_names=param.aliases, **settings
    )


def runbook_command(runbook: Runbook) -> click.Command:
    """The ``netauto NAME`` command of a declared runbook."""
    presenter = presenter_of(runbook.name)
    words = presenter.words

    def run(**values: Any) -> None:
        arguments = {
            param.name: values[param.name]
            for param in runbook.params
            if values.get(param.name) is not None
        }
        if words is not None:
            arguments[words.param] = words.join(values[words.param])
        if runbook.permission != "read":  # reading and committing: the runbook checks those
            from netauto.project import Project

            project = Project.open(values.get("config_file"), user=values.get("user"))
            project.authorize(runbook.needs(arguments))
        function = runbook.load()
        report: RunReport
        if runbook.changes_routers:
            yes = bool(values["yes"])
            report = change_command(function, values, presenter.changes, yes=yes, **arguments)
        else:
            report = function(selection_of(values), **arguments, options=run_options(values))
        if presenter.before is not None and not values.get("as_json"):
            presenter.before(report, values)
        finish(report, values, columns=presenter.columns)

    decorators: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [runbook_options]
    for param in runbook.params:
        if words is not None and param.name == words.param:
            decorators.append(click.argument(param.name, nargs=-1, required=param.required))
        else:
            decorators.append(option(param))
    if runbook.changes_routers:
        decorators.append(yes_option)
    decorators.extend(presenter.extra)
    command: Callable[..., Any] = run
    for decorate in reversed(decorators):
        command = decorate(command)
    text = runbook.described(option_of)
    return click.command(
        runbook.name, help=f"{runbook.summary}\n\n{text}" if text else runbook.summary
    )(command)
