"""The Celery app of a project: broker, result backend and delivery rules from the settings.

The caller and the workers build the same app from ``celery.*`` settings; a worker
(:mod:`netauto.worker`) registers the shard task on its own. Delivery is
at-least-once on purpose: a message is acknowledged only once its shard has finished
(``task_acks_late``), a worker process that dies takes nothing with it
(``task_reject_on_worker_lost``), and a worker prefetches no more than it runs. Celery is
imported only when a run or a worker needs it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from netauto.exceptions import ConfigError, ExecutorUnavailable

if TYPE_CHECKING:
    from celery import Celery
    from nornir.core.inventory import Host

    from netauto.settings import Settings

TASK_NAME = "netauto.run_shard"
# The shard messages' format: a worker refuses a message of another version.
MESSAGE_VERSION = 1
DEFAULT_QUEUE = "netauto"
# How long a shard's results wait in the backend for the caller (it deletes them once read).
RESULT_EXPIRES = 3600

_apps: dict[tuple[str, str, float, bool], Celery] = {}
_lock = threading.Lock()


def require_postgres(settings: Settings) -> None:
    """Workers share one operations log: refuse SQLite with one line (exit 2)."""
    if not settings.database_url.startswith("postgresql"):
        raise ConfigError(
            "the celery executor needs the PostgreSQL operations log shared by the workers; "
            "database_url is SQLite (set NETAUTO_DATABASE_URL=postgresql+psycopg://...)",
            key="user_defined.netauto.database_url",
            file=str(settings.config_file),
        )


def broker_url(settings: Settings) -> str:
    return str(settings.value("celery.broker_url"))


def backend_url(settings: Settings) -> str:
    return str(settings.value("celery.result_backend") or broker_url(settings))


def queue_of(host: Host, settings: Settings) -> str:
    """The queue a host's tasks go to: its ``celery.queue_by`` attribute or data key."""
    key = settings.value("celery.queue_by")
    if not key:
        return DEFAULT_QUEUE
    # An attribute, else data of the host, then of its groups and defaults.
    attribute = key in ("name", "hostname", "platform")
    value = getattr(host, key, None) if attribute else host.get(key)
    return str(value) if value not in (None, "") else DEFAULT_QUEUE


def celery_app(settings: Settings, *, worker: Callable[[Celery], None] | None = None) -> Celery:
    """The process's app for these settings. A worker's is an app of its own, which
    ``worker(app)`` gives its tasks when it is made."""
    visibility = float(settings.value("celery.visibility_timeout"))
    key = (broker_url(settings), backend_url(settings), visibility, worker is not None)
    with _lock:
        app = _apps.get(key)
        if app is None:
            app = _apps[key] = _make_app(*key[:3], caller=worker is None)
            if worker is not None:
                worker(app)
        return app


# A caller waiting for results gives a lost result store a few seconds, not Celery's 20
# retries (minutes): then its run fails with one line (``netauto.executor.runner``).
CALLER_RETRY = {"max_retries": 3, "interval_start": 0, "interval_step": 1, "interval_max": 1}


def _make_app(broker: str, backend: str, visibility: float, *, caller: bool = True) -> Celery:
    from celery import Celery

    app = Celery("netauto", broker=broker, backend=backend, set_as_current=False)
    # A dead worker's unacknowledged messages come back after the visibility timeout; look
    # for them at least every 10 s (a tenth of a short timeout, for tests).
    restore_every = max(1, min(10, int(visibility // 4)))
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=DEFAULT_QUEUE,
        result_expires=RESULT_EXPIRES,
        result_extended=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": visibility,
            "unacked_restore_interval": restore_every,
            "unacked_restore_throttle": 1,
        },
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_send_sent_event=False,
        enable_utc=True,
    )
    if caller:
        app.conf.result_backend_transport_options = {"retry_policy": CALLER_RETRY}
        # Its retries are logged line by line; the run's one-line error says it instead.
        for name in ("celery.backends.redis", "celery.backends.asynchronous"):
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    return app


def check_broker(app: Celery, timeout: float = 3.0) -> None:
    """One line when the broker cannot be reached, instead of Celery retrying forever: a
    refusal (exit 2), nothing has been sent."""
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:
        from netauto.db.engine import redacted_url

        raise ExecutorUnavailable(
            f"cannot reach the Celery broker at {redacted_url(str(app.conf.broker_url))}: "
            f"{str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}"
        ) from None
