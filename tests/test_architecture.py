"""The layers stay where issue 23 put them, checked on the source (ast).

- SQL is built in ``netauto/db`` only: no other module imports SQLAlchemy's statement
  builders or opens sessions, and none calls ``.execute()`` & co.; the operations-log writer
  path (its store and the stale-run sweep, on ``netauto.db.direct``) is the one exception.
- Front ends (``netauto/cli``, ``web``, ``mcp_server``, ``scheduler``, ``worker``), and the
  assistant and the schedules they drive (``chat``, ``schedule``), hold a
  :class:`netauto.project.Project`: none calls ``init_nornir``, ``load_settings`` or
  ``ensure_schema`` itself.
- Front ends (those above but ``schedule``, and ``listener``) read and change the database
  through the project (``project.operations``, ``project.run_requests``...): what they
  import from ``netauto.db`` is a row type (a class) or a pure helper of
  :data:`DB_HELPERS`, never a module and never a query or store function. This check
  imports the ``netauto.db`` modules named, to tell a class from a function.
- Nornir is opened by the engine: ``init_nornir`` is called or imported only in
  ``netauto/engine`` and ``netauto/runner`` (where it is defined); ``netauto/__init__.py``
  re-exports it as the library's entry point and calls nothing.
- Library messages name parameters, not flags (``revert_in``, ``{force}`` in a UsageError):
  no string outside the command line's own code holds a ``--flag``, but for a whole command
  a user runs (``netauto worker --queue q``) and an argument list for another program.

Which package may import which is pyproject.toml's import-linter contracts (test_layers.py).
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("netauto", "tasks", "plugins")

# Statement builders and session openers: what only netauto/db may use.
SQL_NAMES = {"select", "text", "insert", "update", "delete", "union", "exists", "Session"}
SQL_MODULES = ("sqlalchemy", "sqlalchemy.orm", "sqlalchemy.sql", "sqlalchemy.dialects")
SESSION_OPENERS = {"session_scope", "sessionmaker"}
EXECUTES = {"execute", "executemany", "executescript", "scalars", "scalar"}
# The operations log's writer path: plain SQL on netauto.db.direct, kept beside the writer.
SQL_ALLOWED: dict[str, str] = {}

FRONT_ENDS = (
    "netauto/cli",
    "netauto/web",
    "netauto/mcp_server.py",
    "netauto/scheduler.py",
    "netauto/worker",
    "netauto/chat",
    "netauto/schedule",
)
OPENERS = {"init_nornir", "load_settings", "ensure_schema"}
OPENERS_ALLOWED: dict[str, set[str]] = {}


# The front ends that read the database only through the project, and what they may import
# from netauto.db besides its row types (classes): pure helpers, none of which reads or
# writes the database.
DB_READERS = (
    "netauto/cli",
    "netauto/web",
    "netauto/chat",
    "netauto/mcp_server.py",
    "netauto/scheduler.py",
    "netauto/worker",
    "netauto/listener.py",
)
DB_HELPERS = {
    "parse_when": "an age (30m, 2d) or ISO time from a filter, as a datetime",
    "parse_id": "a run request's id from its text, or None",
    "jsonable": "a row's values as JSON values",
    "day_labels": "a chart's day labels from a timeline's days",
    "redacted_url": "a database URL with its password hidden, for a message",
    "error_text": "a database exception as one line",
    "new_session_id": "a fresh chat session id (stored with the session's first message)",
    "MAX_PAGE": "the largest page browse serves: a constant, the web's limit checks it",
    "dispose_engines": "drops the connection pools a forked worker inherited; no query",
}


# Where init_nornir may be called or imported: the engine opens Nornir for everyone else.
NORNIR_OPENERS = ("netauto/engine/", "netauto/runner/")
NORNIR_REEXPORT = "netauto/__init__.py"


# Where a --flag may be written: the command line's own code, and the processes that parse
# their own command line (the scheduler's runner, a declaration's check of its aliases).
FLAGS_AT_HOME = ("netauto/cli/", "netauto/web/server.py", "netauto/lab/")
FLAGS_ALLOWED = {"netauto/scheduler.py", "netauto/engine/param.py"}
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
COMMANDS = ("netauto ", "python -m", "git ")  # a whole command may carry its flags


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def flags_in(name: str, tree: ast.Module) -> list[str]:
    """The string literals (f-string parts too) of ``tree`` that name a --flag."""
    found = []
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if id(node) in docs or re.fullmatch(r"--[\w=%.-]*", text):  # one argv token
            continue
        for match in FLAG.finditer(text):
            if not any(command in text[: match.start()] for command in COMMANDS):
                found.append(f"{name}:{node.lineno}: {text!r}")
                break
    return found


def _sources(*roots: str) -> Iterator[tuple[str, ast.Module]]:
    for root in roots:
        folder = REPO / root
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*.py"))
        for path in paths:
            if "migrations" in path.parts:
                continue
            name = path.relative_to(REPO).as_posix()
            yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def _imported(tree: ast.Module) -> Iterator[tuple[str, str, int]]:
    """(module, name, line) of every ``from module import name``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                yield node.module, alias.name, node.lineno


def _calls(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """(called name, line): ``f(...)`` as ``f``, ``x.f(...)`` as ``.f``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                yield node.func.id, node.lineno
            elif isinstance(node.func, ast.Attribute):
                yield "." + node.func.attr, node.lineno


def sql_outside_db() -> list[str]:
    found = []
    for name, tree in _sources(*PACKAGES):
        if name.startswith("netauto/db/") or name in SQL_ALLOWED:
            continue
        for module, imported, line in _imported(tree):
            builds = module.startswith(SQL_MODULES) and imported in SQL_NAMES
            opens = module.startswith("netauto.db") and imported in SESSION_OPENERS
            if builds or opens:
                found.append(f"{name}:{line}: imports {module}.{imported}")
        for called, line in _calls(tree):
            if called.lstrip(".") in EXECUTES and called.startswith("."):
                found.append(f"{name}:{line}: calls {called}()")
    return found


def _module_names(tree: ast.Module) -> set[str]:
    """Names the file binds to netauto's modules (``from netauto.db import migrate``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("netauto"):
            names |= {a.asname or a.name for a in node.names}
    return names


def openers_in_front_ends() -> list[str]:
    """Calls of the openers by name or through a module (``migrate.ensure_schema``); a
    Project's own ``project.ensure_schema()`` is the way, and not flagged."""
    found = []
    for name, tree in _sources(*FRONT_ENDS):
        wanted = OPENERS - OPENERS_ALLOWED.get(name, set())
        modules = _module_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in wanted:
                found.append(f"{name}:{node.lineno}: calls {func.id}()")
            elif (
                isinstance(func, ast.Attribute)
                and func.attr in wanted
                and isinstance(func.value, ast.Name)
                and func.value.id in modules
            ):
                found.append(f"{name}:{node.lineno}: calls {func.value.id}.{func.attr}()")
        for _module, imported, line in _imported(tree):
            if imported in wanted:
                found.append(f"{name}:{line}: imports {imported}")
    return found


def nornir_opened_outside_the_engine() -> list[str]:
    found = []
    for name, tree in _sources(*PACKAGES):
        if name.startswith(NORNIR_OPENERS):
            continue
        for called, line in _calls(tree):
            if called.lstrip(".") == "init_nornir":
                found.append(f"{name}:{line}: calls init_nornir()")
        if name == NORNIR_REEXPORT:
            continue
        for module, imported, line in _imported(tree):
            if imported == "init_nornir" and module.startswith("netauto"):
                found.append(f"{name}:{line}: imports {module}.init_nornir")
    return found


def _outside_type_checking(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes under ``node``, but those of ``if TYPE_CHECKING:`` blocks (their else kept)."""
    for child in ast.iter_child_nodes(node):
        test = child.test if isinstance(child, ast.If) else None
        if isinstance(test, ast.Name | ast.Attribute) and ast.unparse(test).endswith(
            "TYPE_CHECKING"
        ):
            for other in child.orelse:
                yield other
                yield from _outside_type_checking(other)
            continue
        yield child
        yield from _outside_type_checking(child)


def _db_name(module: str, name: str) -> Any:
    """What ``from module import name`` binds (a submodule of a package is imported)."""
    parent = importlib.import_module(module)
    if hasattr(parent, "__path__"):
        try:
            return importlib.import_module(f"{module}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{module}.{name}":
                raise
    return getattr(parent, name)


def db_imports_in(name: str, tree: ast.Module) -> list[str]:
    """The imports of ``netauto.db`` in ``tree`` that are neither a class nor a helper of
    :data:`DB_HELPERS`: a database module, a query or store function."""
    found = []
    for node in _outside_type_checking(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "netauto.db" or alias.name.startswith("netauto.db."):
                    found.append(f"{name}:{node.lineno}: imports module {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            module = node.module
            if not (module == "netauto.db" or module.startswith("netauto.db.")):
                if module == "netauto" and any(a.name == "db" for a in node.names):
                    found.append(f"{name}:{node.lineno}: imports module netauto.db")
                continue
            for alias in node.names:
                value = _db_name(module, alias.name)
                if isinstance(value, ModuleType):
                    found.append(f"{name}:{node.lineno}: imports module {value.__name__}")
                elif not isinstance(value, type) and alias.name not in DB_HELPERS:
                    found.append(f"{name}:{node.lineno}: imports {module}.{alias.name}")
    return found


def db_reads_in_front_ends() -> list[str]:
    found = []
    for name, tree in _sources(*DB_READERS):
        found += db_imports_in(name, tree)
    return found


def test_sql_is_built_in_netauto_db_only() -> None:
    assert sql_outside_db() == []


def test_front_ends_open_the_project_instead_of_settings_nornir_or_schema() -> None:
    assert openers_in_front_ends() == []


def test_front_ends_read_the_database_through_the_project() -> None:
    assert db_reads_in_front_ends() == []


def flags_in_library_messages() -> list[str]:
    found = []
    for name, tree in _sources(*PACKAGES):
        if not name.startswith(FLAGS_AT_HOME) and name not in FLAGS_ALLOWED:
            found += flags_in(name, tree)
    return found


def test_library_messages_name_parameters_not_flags() -> None:
    assert flags_in_library_messages() == []
    sample = ast.parse(
        "def f(n):\n"
        '    """Docs may say --commit."""\n'
        '    a = f"over --max-fail {n}%"\n'
        '    b = "start one: netauto worker --queue q"\n'
        '    c = ["pg_dump", "--format=custom"]\n'
    )
    assert [line.split(": ", 1)[1] for line in flags_in("x.py", sample)] == ["'over --max-fail '"]


def test_only_the_engine_opens_nornir() -> None:
    assert nornir_opened_outside_the_engine() == []


def test_the_checks_see_what_they_look_for() -> None:
    """The scanners flag a builder import, a session, an execute, an opener and a front
    end's database module or store function."""
    sample = ast.parse(
        "from sqlalchemy import select\n"
        "from netauto.db.engine import session_scope\n"
        "from netauto.runner import init_nornir\n"
        "def f(c):\n"
        "    c.execute('SELECT 1')\n"
        "    init_nornir()\n"
    )
    imports = [(m, n) for m, n, _ in _imported(sample)]
    assert ("sqlalchemy", "select") in imports and ("netauto.db.engine", "session_scope") in imports
    assert {c for c, _ in _calls(sample)} == {".execute", "init_nornir"}
    # A database module or a store function refused, a row type or a helper let through
    # (at any depth); what only type checking imports is not looked at.
    reads = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "from netauto.db import requests as store\n"
        "from netauto.db.rows import OperationRow, jsonable\n"
        "import netauto.db.browse\n"
        "if TYPE_CHECKING:\n"
        "    from netauto.db.browse import devices\n"
        "def f():\n"
        "    from netauto.db.devices import list_devices\n"
        "    from netauto.db.queries import parse_when\n"
    )
    assert [line.split(": ", 1)[1] for line in db_imports_in("x.py", reads)] == [
        "imports module netauto.db.requests",
        "imports module netauto.db.browse",
        "imports netauto.db.devices.list_devices",
    ]
