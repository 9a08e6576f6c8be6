"""The ``netauto`` command: a click group of built-in commands and discovered runbooks.

Built-in commands are the modules of ``netauto.cli.commands``, found by listing the package
(adding one needs no registry edit and no reinstall). Every runbook is a command too, made from
its declaration (:mod:`netauto.cli.declared`): the modules of ``netauto.runbooks`` and what
other packages register in the ``netauto.runbooks`` entry-point group (as flask's
``_load_plugin_commands`` does; an entry point may also name a click command of its own).
Commands are imported only when used, which keeps ``netauto --help`` fast: napalm alone pulls
in junos-eznc, ncclient and pyeapi.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from typing import Any, NoReturn

import click

from netauto.exceptions import NetautoError, UsageError

COMMANDS_PACKAGE = "netauto.cli.commands"


def _builtin_commands() -> dict[str, str]:
    """Command name -> module name of every built-in command (a listing, no import)."""
    package = importlib.import_module(COMMANDS_PACKAGE)
    return {
        module.name.replace("_", "-"): module.name
        for module in pkgutil.iter_modules(package.__path__)
        if not module.name.startswith("_")
    }


class CliError(click.ClickException):
    """A NetautoError shown as one line with the error's exit code; the parameters a
    UsageError names are spelled as options (``revert_in`` -> ``--revert-in``)."""

    def __init__(self, error: NetautoError) -> None:
        from netauto.engine.declaration import option_of
        from netauto.secrets import mask_message

        text = error.spelled(option_of) if isinstance(error, UsageError) else str(error)
        line = text.splitlines()[0] if text else type(error).__name__
        super().__init__(mask_message(line))
        self.error = error
        vars(self)["exit_code"] = error.exit_code  # ClickException declares it a class var


def _broken(name: str, problem: str) -> click.Command:
    """Stands in for a command that cannot load: --help still works, using it is an error."""

    def fail() -> None:
        raise click.ClickException(f"command {name!r} {problem}")

    return click.Command(name, callback=fail, help=f"(unavailable: {problem})")


def _runbook_command(name: str) -> click.Command | None:
    """The command of runbook ``name``: made from its declaration (built-in, or an entry
    point's), or the click command an entry point names."""
    from netauto.cli.declared import runbook_command
    from netauto.engine import registry
    from netauto.engine.declaration import Runbook

    loaded: object
    try:
        loaded = registry.builtin(name)
        if loaded is None:
            entry_point = registry.entry_points().get(name)
            if entry_point is None:
                return None
            loaded = entry_point.load()
    except (ImportError, UsageError) as exc:
        return _broken(name, f"cannot be loaded: {exc}")
    if isinstance(loaded, Runbook):
        if loaded.name != name:
            return _broken(name, f"declares runbook {loaded.name!r}")
        return runbook_command(loaded)
    if not isinstance(loaded, click.Command):
        return _broken(name, "is not a runbook declaration or a click command")
    return loaded


class NetautoGroup(click.Group):
    """Lazily loads built-in commands and runbooks; turns NetautoError into one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from netauto.engine import registry

        names = {*super().list_commands(ctx), *_builtin_commands(), *registry.names()}
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        module = _builtin_commands().get(cmd_name)
        if module is None:
            return _runbook_command(cmd_name)
        try:
            loaded = getattr(importlib.import_module(f"{COMMANDS_PACKAGE}.{module}"), module, None)
        except ImportError as exc:
            return _broken(cmd_name, f"cannot be loaded: {exc}")
        if not isinstance(loaded, click.Command):
            return _broken(cmd_name, "is not a click command")
        return loaded

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's, but a built-in runbook's line is its declaration's summary: its
        command (options, presenter) is not built for ``netauto --help``."""
        from gettext import gettext

        from netauto.engine import registry

        commands = _builtin_commands()
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            declared = None
            if name not in commands and name in registry.builtin_names():
                try:
                    declared = registry.builtin(name)
                except (ImportError, UsageError):
                    declared = None  # get_command says why
            if declared is not None:  # a stand-in with the same help line
                rows.append((name, click.Command(name, help=declared.summary)))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _what in rows)
            lines = [(name, command.get_short_help_str(limit)) for name, command in rows]
            with formatter.section(gettext("Commands")):
                formatter.write_dl(lines)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetautoError as error:
            if ctx.find_root().params.get("debug"):
                raise
            raise CliError(error) from error


@click.group(cls=NetautoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="netauto")
def cli(debug: bool) -> None:
    """Network automation for Cisco IOS fleets, on Nornir.

    Runbooks run against the inventory in config.yaml and record every result in the
    operations log. Start the simulated fleet with `netauto lab up`.
    """
    _configure_logging(debug)


def _masked_excepthook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
    import traceback

    from netauto.secrets import mask_message

    sys.stderr.write(mask_message("".join(traceback.format_exception(kind, value, tb))))


def _configure_logging(debug: bool) -> None:
    """One-line warnings from netauto; Nornir's per-host tracebacks only with --debug.

    A failed host is already reported in the summary and the operations log.
    """
    from netauto.logs import MaskingFormatter, StderrHandler

    root = logging.getLogger()
    if not any(getattr(h, "netauto_stderr", False) for h in root.handlers):
        handler = StderrHandler()
        handler.setFormatter(MaskingFormatter("%(levelname)s: %(message)s"))
        root.addHandler(handler)
    if debug:
        sys.excepthook = _masked_excepthook
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    for noisy in ("nornir", "paramiko", "asyncssh", "napalm", "netmiko", "httpx"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if debug else logging.CRITICAL)


def main() -> None:
    """The ``netauto`` console script."""
    try:
        cli.main(prog_name="netauto")
        code: Any = 0
    except SystemExit as stop:
        code = stop.code
    _leave(code)


def _leave(code: Any) -> NoReturn:
    """Exit with ``code`` without tearing the interpreter down, as mypy's ``hard_exit``.

    Freeing every module and object after the command is done costs 40-60 ms of CPU, a
    sixth of an 11-router backup, and changes nothing: the exit handlers run first (the
    writer's close, logging's flush) and the output is flushed. With a non-daemon thread
    still running, or without the exit-handler hook, the ordinary exit (which waits).
    """
    import atexit
    import contextlib
    import os
    import threading

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    waiting = [
        t for t in threading.enumerate() if not t.daemon and t is not threading.main_thread()
    ]
    if run_exit_handlers is None or waiting:
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (netauto ... | head)
            stream.flush()
    os._exit(code)
