"""What crosses the broker: task options out, each host's results back, as plain JSON.

Options are JSON values, paths (sent as text), change plans (only the shard's hosts'
changes travel) and module-level functions (sent by import path, like the task itself).
Results come back as one entry per Nornir ``Result`` of a host (the task's own, then its
subtasks'): ``result``, ``changed``, ``diff``, ``failed`` and the exception's type and
message, secrets masked. A netauto exception is rebuilt as its own class with its
attributes (``GenerationFailed.summary``); any other becomes a :class:`RemoteError`. Values
JSON cannot hold (datetimes, sets, objects) come back as text or lists.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import inspect
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netauto.exceptions import NetautoError, RemoteError, UsageError
from netauto.plan import ChangePlan, PlannedChange
from netauto.text import plural

if TYPE_CHECKING:
    from nornir.core.inventory import Host
    from nornir.core.task import MultiResult

_TAG = "__netauto__"
MAX_ERROR = 4000


def import_path(function: Callable[..., Any]) -> str:
    """``module:qualname`` of a module-level function; UsageError for anything else."""
    module = getattr(function, "__module__", None)
    qualname = getattr(function, "__qualname__", "")
    if not module or not qualname or "<" in qualname or module == "__main__":
        raise UsageError(
            f"the celery executor runs functions by import path; {qualname or function!r} "
            "is not importable by a worker (define it at module level in an installed module)"
        )
    return f"{module}:{qualname}"


def load_function(path: str) -> Callable[..., Any]:
    """The function an import path names."""
    module, _, qualname = path.partition(":")
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    if not callable(target):
        raise UsageError(f"{path} is not callable")
    return target  # type: ignore[no-any-return]


def load_task(path: str) -> Callable[..., Any]:
    """A Nornir task plugin by import path: a function whose first parameter is ``task``."""
    function = load_function(path)
    try:
        first = next(iter(inspect.signature(function).parameters), None)
    except (TypeError, ValueError):
        first = None
    if first != "task":
        raise UsageError(f"{path} is not a Nornir task (its first parameter is not 'task')")
    return function


# -- options --------------------------------------------------------------------------------
def encode_params(params: Mapping[str, Any], hosts: Sequence[str]) -> dict[str, Any]:
    """The task's keyword options for a shard of ``hosts``."""
    return {key: _encode(value, hosts, key) for key, value in params.items()}


def _encode(value: Any, hosts: Sequence[str], key: str) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, ChangePlan):
        changes = {h: dataclasses.asdict(c) for h, c in value.changes.items() if h in hosts}
        return {
            _TAG: "plan",
            "runbook": value.runbook,
            "run_id": value.run_id,
            "count": len(value.changes),
            "changes": changes,
        }
    if isinstance(value, Mapping):
        return {str(k): _encode(v, hosts, key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item, hosts, key) for item in value]
    if inspect.isfunction(value):
        return {_TAG: "function", "path": import_path(value)}
    raise UsageError(
        f"the celery executor cannot send the task option {key}={type(value).__name__} "
        "to a worker (JSON values, paths, change plans and module-level functions only)"
    )


def decode_params(data: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _decode(value) for key, value in data.items()}


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    tag = value.get(_TAG)
    if tag == "plan":
        return _plan(value)
    if tag == "function":
        return load_function(str(value["path"]))
    return {key: _decode(item) for key, item in value.items()}


@dataclasses.dataclass
class ShardPlan(ChangePlan):
    """The changes of a shard's hosts, out of a plan of ``count`` changes."""

    count: int = 0

    def __str__(self) -> str:  # the whole plan's size, as the threaded log shows it
        return f"<{self.runbook} plan: {plural(self.count, 'host')} would change>"


def _plan(data: Mapping[str, Any]) -> ShardPlan:
    changes = {host: PlannedChange(**change) for host, change in data["changes"].items()}
    return ShardPlan(str(data["runbook"]), data.get("run_id"), [], changes, int(data["count"]))


# -- results --------------------------------------------------------------------------------
def plain(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of a task's result: dicts, lists, text, numbers."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if depth > 20:
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item, depth + 1) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value), depth + 1)
    return str(value)


def encode_exception(exc: BaseException | None) -> dict[str, Any] | None:
    from netauto.secrets import mask

    if exc is None:
        return None
    kind = type(exc)
    attributes = {}
    if isinstance(exc, NetautoError):
        attributes = {k: plain(v) for k, v in vars(exc).items() if not k.startswith("_")}
    text = mask(str(exc))
    return {
        "type": f"{kind.__module__}.{kind.__qualname__}",
        "text": text if len(text) <= MAX_ERROR else text[:MAX_ERROR],
        "attributes": attributes,
    }


def decode_exception(data: Mapping[str, Any] | None) -> BaseException | None:
    if data is None:
        return None
    kind_path, text = str(data["type"]), str(data.get("text") or "")
    module, _, name = kind_path.rpartition(".")
    kind: Any = None
    if module.startswith("netauto"):
        try:
            kind = getattr(importlib.import_module(module), name, None)
        except ImportError:
            kind = None
    if isinstance(kind, type) and issubclass(kind, NetautoError):
        # Not the class's own __init__ (its arguments vary): the message and attributes.
        exc: BaseException = kind.__new__(kind)
        BaseException.__init__(exc, text)
        vars(exc).update(data.get("attributes") or {})
        return exc
    remote = RemoteError(text)
    remote.remote_type = kind_path
    return remote


def encode_multi(multi: MultiResult) -> list[dict[str, Any]]:
    return [
        {
            "name": result.name,
            "result": plain(result.result),
            "changed": bool(result.changed),
            "diff": str(result.diff or ""),
            "failed": bool(result.failed),
            "severity_level": int(result.severity_level),
            "exception": encode_exception(result.exception),
        }
        for result in multi
    ]


def decode_multi(name: str, host: Host, items: Sequence[Mapping[str, Any]]) -> MultiResult:
    from nornir.core.task import MultiResult, Result

    multi = MultiResult(name)
    for item in items:
        result = Result(
            host=host,
            result=item.get("result"),
            changed=bool(item.get("changed")),
            diff=str(item.get("diff") or ""),
            failed=bool(item.get("failed")),
            exception=decode_exception(item.get("exception")),
            severity_level=int(item.get("severity_level") or logging.INFO),
        )
        result.name = item.get("name") or name  # type: ignore[assignment]
        multi.append(result)
    return multi


def failed_multi(name: str, host: Host, error: BaseException) -> MultiResult:
    """A host's results when its shard never ran or its worker failed outright."""
    from nornir.core.task import MultiResult, Result

    multi = MultiResult(name)
    result = Result(host=host, result=str(error), failed=True, exception=error)
    result.severity_level = logging.ERROR
    result.name = name  # type: ignore[assignment]
    multi.append(result)
    return multi
