"""A worker's side of a shard: run one task plugin on a few hosts, log them, send results back.

Each worker process keeps its settings, its Nornir inventory (the project's config.yaml, the
one the worker was started with) and one operations-log writer. For a shard it builds a
Nornir over the shard's hosts with the caller's operator, run and dry-run flag, runs the
task plugin named by import path on a threaded runner, waits until every row is stored
(before the message is acknowledged), closes the connections and returns each host's
results. Row ids are fixed by the dispatch and the host, so a shard delivered twice
(its first worker was killed) overwrites its own rows instead of adding some.
"""

from __future__ import annotations

import copy
import logging
import os
import socket
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netauto.exceptions import ExecutorError, LockError, NetautoError
from netauto.executor.app import MESSAGE_VERSION, TASK_NAME

if TYPE_CHECKING:
    from celery import Celery
    from nornir.core import Nornir
    from nornir.core.task import MultiResult

    from netauto.oplog.writer import OplogWriter
    from netauto.settings import Settings

log = logging.getLogger(__name__)
FLUSH_TIMEOUT = 120.0


@dataclass(frozen=True)
class Job:
    """One shard as the caller sent it."""

    dispatch: uuid.UUID
    run_id: uuid.UUID | None
    username: str
    task: str
    name: str
    params: Mapping[str, Any]
    dry_run: bool
    hosts: Sequence[str]
    workers: int
    database: str

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Job:
        if payload.get("v") != MESSAGE_VERSION:
            raise ExecutorError(
                f"message version {payload.get('v')!r}, this worker reads {MESSAGE_VERSION}"
            )
        run_id = payload.get("run_id")
        return cls(
            dispatch=uuid.UUID(str(payload["dispatch"])),
            run_id=uuid.UUID(str(run_id)) if run_id else None,
            username=str(payload["username"]),
            task=str(payload["task"]),
            name=str(payload["name"]),
            params=dict(payload.get("params") or {}),
            dry_run=bool(payload["dry_run"]),
            hosts=[str(host) for host in payload["hosts"]],
            workers=max(1, int(payload.get("workers") or 1)),
            database=str(payload.get("database") or ""),
        )


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class _Process:
    """What one worker process keeps between shards (rebuilt after a fork)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._nornir: Nornir | None = None
        self._writer: OplogWriter | None = None

    @property
    def settings(self) -> Settings:
        from netauto.context import context_of

        context = context_of(self.nornir())
        assert context is not None
        return context.settings

    def nornir(self, hosts: Sequence[str] = ()) -> Nornir:
        """The project's Nornir (the worker's ``NETAUTO_CONFIG``), read again once if it
        lacks a host (inventory edited)."""
        from netauto.engine.inventory import local_nornir
        from netauto.project import Project

        if self._nornir is None or any(h not in self._nornir.inventory.hosts for h in hosts):
            self._nornir = local_nornir(Project.open().settings)
        return self._nornir

    def writer(self) -> OplogWriter:
        if self._writer is None:
            from netauto.oplog.writer import OplogWriter
            from netauto.project import Project

            project = Project(self.settings)
            self._writer = OplogWriter(
                project.database_url, project.settings.spool_file, on_start=project.ensure_schema
            ).start()
        return self._writer


_process: _Process | None = None


def _current() -> _Process:
    global _process
    if _process is None or _process.pid != os.getpid():
        _process = _Process()
    return _process


def register(app: Celery) -> None:
    """Give a worker's Celery app the shard task (``celery_app(settings, worker=register)``)."""

    @app.task(name=TASK_NAME, bind=True)  # type: ignore[untyped-decorator]
    def shard(self: Any, payload: dict[str, Any]) -> dict[str, Any]:
        return run_shard(payload)


def run_shard(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The Celery task's body: ``{"hosts": {name: [result, ...]}, "worker": "host:pid"}``."""
    from netauto.executor.codec import encode_exception

    hosts = [str(host) for host in payload.get("hosts") or ()]
    try:
        job = Job.from_payload(payload)
        found = _run(job, _current())
    except NetautoError as exc:
        error = encode_exception(exc)
        name = str(payload.get("name") or "task")
        found = {host: [_failure(name, error)] for host in hosts}
    return {"hosts": found, "worker": worker_name()}


def _failure(name: str, error: Any) -> dict[str, Any]:
    return {
        "name": name,
        "result": error["text"] if error else "failed",
        "changed": False,
        "diff": "",
        "failed": True,
        "severity_level": logging.ERROR,
        "exception": error,
    }


def _run(job: Job, process: _Process) -> dict[str, list[dict[str, Any]]]:
    from netauto.connect import close_all
    from netauto.db.engine import redacted_url
    from netauto.executor.app import require_postgres
    from netauto.executor.codec import decode_params, encode_exception, encode_multi, load_task

    base = process.nornir(job.hosts)
    settings = process.settings
    require_postgres(settings)
    ours = redacted_url(settings.database_url)
    if job.database and job.database != ours:
        raise ExecutorError(f"this worker logs to {ours}, the run is logged in {job.database}")
    task = load_task(job.task)
    params = decode_params(job.params)
    found: dict[str, list[dict[str, Any]]] = {}
    for host in job.hosts:
        if host not in base.inventory.hosts:
            error = ExecutorError(f"{host} is not in the inventory of worker {worker_name()}")
            found[host] = [_failure(job.name, encode_exception(error))]
    refused = _not_locked_by_run(job, params, settings)
    for host, why in refused.items():
        found[host] = [_failure(job.name, encode_exception(LockError(why)))]
    runnable = [host for host in job.hosts if host not in found]
    if not runnable:
        return found
    nr = _shard_nornir(base, job, runnable, process)
    try:
        result = nr.run(task=task, name=job.name, **params)
    finally:
        close_all(nr.inventory.hosts.values(), job.workers)
        # Acknowledged only once every row is stored (or spooled).
        if not process.writer().flush(FLUSH_TIMEOUT):
            log.warning("operations log: rows of shard %s not stored yet", job.dispatch)
    multi: MultiResult
    for host, multi in result.items():
        found[host] = encode_multi(multi)
    return found


def _shard_nornir(base: Nornir, job: Job, hosts: Sequence[str], process: _Process) -> Nornir:
    """The base inventory's ``hosts`` under a context of the caller's run."""
    from nornir.core import Nornir
    from nornir.core.processor import Processors
    from nornir.core.state import GlobalState
    from nornir.plugins.runners import ThreadedRunner

    from netauto.runner.store import run_context
    from netauto.worker.record import ShardLog

    wanted = set(hosts)
    inventory = base.filter(filter_func=lambda h: h.name in wanted).inventory
    config = copy.copy(base.config)
    config.user_defined = dict(base.config.user_defined)
    context = run_context(process.settings, job.username)
    processors = Processors()
    if job.run_id is not None:
        context.processor = ShardLog(
            process.writer(), job.username, run_id=job.run_id, dispatch=job.dispatch
        )
        processors.append(context.processor)
    nr = Nornir(
        inventory=inventory,
        runner=ThreadedRunner(num_workers=min(job.workers, len(hosts))),
        config=config,
        data=GlobalState(dry_run=job.dry_run),
        processors=processors,
    )
    context.attach(nr)
    return nr


def _not_locked_by_run(job: Job, params: Mapping[str, Any], settings: Settings) -> dict[str, str]:
    """A change whose caller holds the locks (``lock=False``) runs only under this run's lock.

    A shard delivered again after its caller ended (or lost a lock) changes nothing.
    """
    dry = params.get("dry_run")
    if params.get("lock") is not False or (job.dry_run if dry is None else bool(dry)):
        return {}
    if job.run_id is None:
        return {}
    from netauto.project import Project

    holders = Project(settings).locks.runs(job.hosts)
    run = str(job.run_id)[:8]
    return {
        host: f"{host}: its change lock is not held by run {run} any more; nothing changed"
        for host in job.hosts
        if holders.get(host) != job.run_id
    }
