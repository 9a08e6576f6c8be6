"""``netauto worker``'s work: check the project, then run a real Celery worker until stopped.

Before Celery starts: the operations log must be PostgreSQL and reachable (its schema is
brought up to date), and the broker must answer; each failure is one line. The drivers are
imported once in the parent, so the worker processes forked from it start warm, and no
database connection crosses the fork. Ctrl-C (or SIGTERM) lets running shards finish;
a second one stops at once, and those shards are delivered again to another worker.
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from netauto.exceptions import DatabaseError
from netauto.executor.app import DEFAULT_QUEUE
from netauto.text import noun, plural

if TYPE_CHECKING:
    from netauto.project import Project

# Imported before the fork: every worker process gets them for free.
_PRELOAD = (
    "netauto.worker.shard",
    "netauto.worker.record",
    "netauto.runner",
    "netauto.tasks",
    "netauto.db.oplog_store",
    "nornir_netmiko.connections",
    "nornir_napalm.plugins.connections",
    "napalm.ios",
)


def node_name(name: str | None) -> str:
    """The worker's node name, Celery's ``%h`` (host) and ``%n`` (name) expanded."""
    from celery.utils.nodenames import host_format

    return str(host_format(name or f"netauto-{os.getpid()}@%h"))


def serve(
    project: Project,
    *,
    queues: Sequence[str] = (),
    concurrency: int | None = None,
    name: str | None = None,
    loglevel: str = "WARNING",
    log_format: str = "text",
) -> int:
    """Run a Celery worker for this project; returns its exit code.

    ``log_format`` ``json``: Celery's own log lines and netauto's are JSON lines
    (:mod:`netauto.logs`), Celery leaving the root logger alone; ``text``: Celery's format.
    """
    from netauto.db.engine import dispose_engines, redacted_url
    from netauto.executor.app import broker_url, celery_app, check_broker, require_postgres
    from netauto.worker.shard import register

    settings = project.settings
    require_postgres(settings)
    # The shards read the same project: the config file this worker was started with.
    os.environ["NETAUTO_CONFIG"] = str(project.config_file)
    app = celery_app(settings, worker=register)
    if log_format == "json":
        from netauto.logs import configure

        app.conf.worker_hijack_root_logger = False
        app.conf.worker_redirect_stdouts = False  # stderr stays the log's, not a logger
        configure("json", level=logging.getLevelName(loglevel))
    check_broker(app)
    try:
        project.ensure_schema()
    except DatabaseError:
        # Two workers started at once race to create the schema: the loser looks again.
        time.sleep(2)
        project.ensure_schema()
    for module in _PRELOAD:
        try:
            importlib.import_module(module)
        except ImportError:  # an optional driver: imported on first use instead
            logging.getLogger(__name__).debug("cannot preload %s", module)
    dispose_engines()
    served = list(dict.fromkeys(queues)) or [DEFAULT_QUEUE]
    processes = concurrency or os.cpu_count() or 1
    node = node_name(name)
    print(
        f"netauto worker {node}: {noun(len(served), 'queue')} {', '.join(served)}; "
        f"{plural(processes, 'process', 'processes')}; "
        f"broker {redacted_url(broker_url(settings))}; "
        f"log {project.redacted_url}",
        flush=True,
    )
    worker = app.Worker(
        queues=served,
        concurrency=processes,
        pool="prefork",
        hostname=node,
        loglevel=loglevel,
        quiet=True,
        optimization="fair",
        without_gossip=True,
    )
    worker.start()
    return int(worker.exitcode or 0)
