"""Task modules are discovered by file name; one without its function is an ImportError."""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import netauto.tasks

TASKS_DIR = Path(netauto.tasks.__file__).parent
FOUND = sorted(
    p.stem if p.is_file() else p.name
    for p in [*TASKS_DIR.glob("*.py"), *(i.parent for i in TASKS_DIR.glob("*/__init__.py"))]
    if not p.name.startswith("_")
)


def test_every_module_is_listed() -> None:
    assert FOUND and "backup_config" in FOUND
    assert dir(netauto.tasks) == FOUND


@pytest.mark.parametrize("name", FOUND)
def test_each_task_is_its_function(name: str) -> None:
    task = getattr(netauto.tasks, name)
    assert callable(task) and task.__name__ == name
    assert next(iter(inspect.signature(task).parameters)) == "task"
    assert importlib.import_module(f"netauto.tasks.{name}").__dict__[name] is task


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        netauto.tasks.no_such_task  # noqa: B018
    with pytest.raises(ImportError, match="cannot import name"):
        from netauto.tasks import no_such_task  # noqa: F401


@pytest.fixture
def extra_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder added to the package's path, removed again with what was imported from it."""
    path = netauto.tasks.__path__
    path.append(str(tmp_path))
    importlib.invalidate_caches()
    try:
        yield tmp_path
    finally:
        path.remove(str(tmp_path))
        for name, module in list(sys.modules.items()):
            if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path)):
                del sys.modules[name]
                vars(netauto.tasks).pop(name.rsplit(".", 1)[1], None)


def test_a_new_module_is_found_without_an_edit(extra_dir: Path) -> None:
    (extra_dir / "zz_new_task.py").write_text("def zz_new_task(task):\n    return 1\n")
    assert "zz_new_task" in dir(netauto.tasks)
    from netauto.tasks import zz_new_task

    assert callable(zz_new_task) and zz_new_task.__name__ == "zz_new_task"


def test_a_module_without_its_function_is_an_import_error(extra_dir: Path) -> None:
    (extra_dir / "zz_bad_task.py").write_text("def something_else(task):\n    return 1\n")
    message = r"^task module netauto.tasks.zz_bad_task defines no function zz_bad_task\(\)"
    with pytest.raises(ImportError, match=message):
        from netauto.tasks import zz_bad_task  # noqa: F401

    import netauto.tasks.zz_bad_task  # the module itself loads; the package will not give it

    with pytest.raises(ImportError, match=message):
        netauto.tasks.zz_bad_task  # noqa: B018
    assert "zz_bad_task" not in vars(netauto.tasks)


def test_a_helper_module_is_not_a_task(extra_dir: Path) -> None:
    (extra_dir / "_zz_helper.py").write_text("VALUE = 1\n")
    assert "_zz_helper" not in dir(netauto.tasks)
    from netauto.tasks import _zz_helper

    assert _zz_helper.VALUE == 1
