"""The Celery executor: runbooks on ``netauto worker`` processes instead of local threads.

``--executor celery`` (or ``executor: celery`` in config.yaml) makes ``init_nornir`` use the
``netauto.celery`` runner plugin (:mod:`netauto.executor.runner`). It shards the selected
hosts into Celery tasks, one queue per site or group if asked; each worker (``netauto
worker``, :mod:`netauto.worker.shard`) opens its own connections, runs the same task plugin
by its import path, writes each host's row to the shared PostgreSQL operations log under a
row id fixed by the run, the dispatch and the host, and sends back each host's results,
which the caller turns into the same ``AggregatedResult`` a threaded run gives
(:mod:`.codec`). This package is the caller's side, below the engine; the worker's side is
a front end (:mod:`netauto.worker`).

Messages are acknowledged late and rejected when a worker dies, so a lost worker's hosts
are delivered again (Redis restores them after ``celery.visibility_timeout``); the fixed
row ids make each host end with exactly one final row, and ``commit_config`` never commits
a router twice in one run (the run's change lock and its snapshot tell).
"""

from __future__ import annotations

from netauto.executor.app import DEFAULT_QUEUE, TASK_NAME

__all__ = ["DEFAULT_QUEUE", "TASK_NAME"]
