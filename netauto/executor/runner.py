"""The ``netauto.celery`` Nornir runner plugin: shards of hosts to Celery workers, results back.

``run(task, hosts)`` groups the hosts by queue (``celery.queue_by``), cuts each group into
shards, sends one Celery task per shard and, as shards finish, turns each host's results
into the ``MultiResult`` a threaded run would have made. The processors see every host as
in a threaded run (the progress bar moves, reports are the same), except the operations-log
processor: the worker wrote that host's row, so the caller's only counts it for the run.
Ctrl-C revokes the shards no worker has started; the started ones finish and are logged.
"""

from __future__ import annotations

import contextlib
import math
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from netauto.context import context_of
from netauto.exceptions import ConfigError, ExecutorError, ExecutorUnavailable, NetautoError
from netauto.text import names, plural

if TYPE_CHECKING:
    from celery import Celery
    from nornir.core.inventory import Host
    from nornir.core.task import AggregatedResult, MultiResult, Task

    from netauto.settings import Settings

PROBE_TIMEOUT = 1.0  # seconds workers have to say which queues they serve
WATCH_EVERY = 30.0  # seconds between checks that a queue still has a worker
Shard = tuple[str, list["Host"]]  # (queue, hosts) of one Celery task


class CeleryRunner:
    """Runs a task on ``netauto worker`` processes; ``num_workers`` hosts at once per shard."""

    def __init__(self, num_workers: int = 20) -> None:
        self.num_workers = num_workers
        self._served: dict[str, int] | None = None

    def run(self, task: Task, hosts: list[Host]) -> AggregatedResult:
        from nornir.core.task import AggregatedResult

        from netauto.executor.app import celery_app, check_broker, require_postgres

        result = AggregatedResult(task.name)
        if not hosts:
            return result
        context = context_of(task)
        if context is None:
            raise ConfigError("the celery executor runs Nornir objects of netauto.init_nornir")
        settings = context.settings
        require_postgres(settings)
        app = celery_app(settings)
        by_queue = _by_queue(settings, hosts)
        if self._served is None:
            check_broker(app)
            try:
                self._served = served_queues(app)
            except ExecutorError as exc:  # before anything is sent: a refusal
                raise ExecutorUnavailable(str(exc)) from None
        _require_workers(self._served, by_queue)
        shards = self._shards(settings, by_queue)
        if context.processor is not None:
            # The run's row goes first: the workers' rows refer to it.
            context.processor.writer.flush(30)
        sent = self._send(app, task, settings, context.username, context.run_id, shards)
        self._collect(app, task, sent, result)
        return result

    def _shards(
        self, settings: Settings, by_queue: Mapping[str, list[Host]]
    ) -> dict[str, list[list[Host]]]:
        fixed = settings.value("celery.shard_size")
        shards = {}
        for queue, members in by_queue.items():
            if fixed:
                size = int(fixed)
            else:
                # Every worker of the queue gets two shards or more, none over num_workers.
                workers = max(1, (self._served or {}).get(queue, 1))
                size = max(1, min(self.num_workers, math.ceil(len(members) / (2 * workers))))
            shards[queue] = [members[i : i + size] for i in range(0, len(members), size)]
        return shards

    def _send(
        self,
        app: Celery,
        task: Task,
        settings: Settings,
        username: str,
        run_id: uuid.UUID | None,
        shards: Mapping[str, list[list[Host]]],
    ) -> dict[str, Shard]:
        from netauto.db.engine import redacted_url
        from netauto.executor.app import MESSAGE_VERSION, TASK_NAME
        from netauto.executor.codec import encode_params, import_path

        path = import_path(task.task)
        dispatch = str(uuid.uuid4())
        base = {
            "v": MESSAGE_VERSION,
            "dispatch": dispatch,
            "run_id": str(run_id) if run_id else None,
            "username": username,
            "task": path,
            "name": task.name,
            "dry_run": bool(task.global_dry_run),
            "workers": self.num_workers,
            "database": redacted_url(settings.database_url),
        }
        # Encode everything first: an option no worker can receive sends nothing at all.
        messages = []
        for queue, groups in shards.items():
            for group in groups:
                names = [host.name for host in group]
                payload = {**base, "hosts": names, "params": encode_params(task.params, names)}
                messages.append((queue, group, payload))
        sent: dict[str, Shard] = {}
        try:
            for queue, group, payload in messages:
                sent[app.send_task(TASK_NAME, args=[payload], queue=queue).id] = (queue, group)
        except BaseException:
            _revoke(app, sent)
            raise
        return sent

    def _collect(
        self, app: Celery, task: Task, sent: dict[str, Shard], result: AggregatedResult
    ) -> None:
        from celery.result import AsyncResult, ResultSet

        pending = dict(sent)
        watch = _Watch(app, pending)
        results = ResultSet([AsyncResult(task_id, app=app) for task_id in sent], app=app)
        try:
            for task_id, meta in results.iter_native(on_interval=watch, no_ack=True):
                shard = pending.pop(task_id, None)
                if shard is None:
                    continue
                _, group = shard
                for host, multi in _host_results(task, group, meta).items():
                    report_host(task, host, multi)
                    result[host.name] = multi
                AsyncResult(task_id, app=app).forget()
        except (KeyboardInterrupt, SystemExit, NetautoError):
            # Ctrl-C, or no worker left: what has not started is not started any more.
            _revoke(app, pending)
            for waiting in results.results:
                if waiting.id in pending:
                    with contextlib.suppress(Exception):  # stop listening for it now
                        app.backend.remove_pending_result(waiting)
            raise
        except Exception as exc:
            # The broker or result store went away while waiting (no revoke: it would wait
            # for the broker too). The workers may still finish their shards and log them.
            raise lost_results(app, pending, exc) from None


def lost_results(app: Celery, pending: Mapping[str, Shard], exc: BaseException) -> ExecutorError:
    """One line: the result store is gone, and what it leaves unknown."""
    from netauto.db.engine import redacted_url

    hosts = sorted(host.name for _, group in pending.values() for host in group)
    first = str(exc).strip().splitlines()
    why = first[0] if first else type(exc).__name__
    return ExecutorError(
        f"lost the Celery broker at {redacted_url(str(app.conf.result_backend))} while waiting "
        f"for results ({why}); {plural(len(hosts), 'host')} not known to have finished: "
        f"{names(hosts, 5)} (see netauto ops for what the workers logged)"
    )


def _by_queue(settings: Settings, hosts: list[Host]) -> dict[str, list[Host]]:
    from netauto.executor.app import queue_of

    found: dict[str, list[Host]] = {}
    for host in hosts:
        found.setdefault(queue_of(host, settings), []).append(host)
    return found


class _Watch:
    """Called while waiting: a queue whose last worker is gone twice in a row ends the wait."""

    def __init__(self, app: Celery, pending: dict[str, Shard]) -> None:
        self.app = app
        self.pending = pending
        self.next = time.monotonic() + WATCH_EVERY
        self.misses = 0

    def __call__(self) -> None:
        if time.monotonic() < self.next or not self.pending:
            return
        served = served_queues(self.app)
        self.next = time.monotonic() + WATCH_EVERY
        queues = {queue for queue, _ in self.pending.values()}
        missing = sorted(queue for queue in queues if not served.get(queue))
        self.misses = self.misses + 1 if missing else 0
        if self.misses >= 2:
            count = sum(len(group) for _, group in self.pending.values())
            raise ExecutorError(
                f"no netauto worker serves queue {missing[0]} any more; "
                f"{plural(count, 'host')} not run (start one: netauto worker --queue {missing[0]})"
            )


def served_queues(app: Celery) -> dict[str, int]:
    """Queue name -> how many running workers consume it."""
    try:
        replies = app.control.inspect(timeout=PROBE_TIMEOUT).active_queues() or {}
    except Exception as exc:
        raise ExecutorError(
            f"cannot ask the Celery workers which queues they serve: {exc}"
        ) from None
    counts: dict[str, int] = {}
    for queues in replies.values():
        for queue in queues or ():
            counts[queue["name"]] = counts.get(queue["name"], 0) + 1
    return counts


def _require_workers(served: Mapping[str, int], shards: Iterable[str]) -> None:
    """Every queue of the run has a worker, or the run is refused before anything is sent."""
    for queue in sorted(shards):
        if not served.get(queue):
            raise ExecutorUnavailable(
                f"no netauto worker serves queue {queue!r} "
                f"(start one: netauto worker --queue {queue})"
            )


def _revoke(app: Celery, pending: Mapping[str, Any]) -> None:
    if pending:
        with contextlib.suppress(Exception):  # the broker is gone too: nothing more to do
            app.control.revoke(list(pending))


def _host_results(
    task: Task, group: list[Host], meta: Mapping[str, Any]
) -> dict[Host, MultiResult]:
    from netauto.executor.codec import decode_multi, failed_multi

    body = meta.get("result")
    found: Mapping[str, Any] = {}
    error: BaseException | None = None
    if meta.get("status") == "SUCCESS" and isinstance(body, Mapping):
        found = body.get("hosts") or {}
    else:
        why = f"{type(body).__name__}: {body}" if isinstance(body, BaseException) else body
        error = ExecutorError(f"the worker's task ended {meta.get('status')}: {why}")
    results = {}
    for host in group:
        items = found.get(host.name)
        if items:
            results[host] = decode_multi(task.name, host, items)
        else:
            missing = error or ExecutorError(f"the worker sent no result for {host.name}")
            results[host] = failed_multi(task.name, host, missing)
    return results


def report_host(task: Task, host: Host, multi: MultiResult) -> None:
    """The processors' per-host calls a threaded run would have made for ``host``."""
    host_task = task.copy()
    host_task.host = host
    host_task.results = multi
    for processor in task.processors:
        remote = getattr(processor, "remote_instance_completed", None)
        if remote is not None:
            remote(host_task, host, multi)
            continue
        processor.task_instance_started(host_task, host)
        processor.task_instance_completed(host_task, host, multi)
