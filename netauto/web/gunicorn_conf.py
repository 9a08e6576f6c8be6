"""gunicorn's settings for netauto's web: ``gunicorn -c python:netauto.web.gunicorn_conf``.

- threads, not processes: one worker with ``THREADS`` threads (``gthread``), as ``netauto
  web`` serves with waitress. A live stream (server-sent events) holds a thread; the login
  throttle and the live feed are per process. More workers (``--workers``) serve more pages
  at once, each with its own feed.
- forwarded headers: gunicorn trusts none (``forwarded_allow_ips`` empty); the
  ``web.trusted_proxies`` setting alone decides which proxy's ``X-Forwarded-*`` count
  (:mod:`netauto.web.proxy`), so one setting says it for waitress and gunicorn alike.
- the address: ``NETAUTO_WEB_BIND`` (default 127.0.0.1:8080); any option given on the
  command line wins over this file.
- the log: ``NETAUTO_LOG_FORMAT=json`` writes gunicorn's own lines (start, stop, errors)
  as JSON too, with netauto's formatter; no access log (nginx keeps one).
- on SIGTERM a worker ends its live streams first (as ``netauto web`` does), so a graceful
  stop does not wait ``graceful_timeout`` for streams that never end by themselves.
- no control socket (gunicorn 24+): systemd signals the server, and several servers on one
  machine would share its default path.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from typing import Any

from netauto.logs import formatter as _formatter
from netauto.web.server import DEFAULT_BIND, THREADS

formatter = _formatter()  # NETAUTO_LOG_FORMAT: text or json

bind = [os.environ.get("NETAUTO_WEB_BIND", DEFAULT_BIND)]
worker_class = "gthread"
workers = 1
threads = THREADS
forwarded_allow_ips = ""
# A live stream may stay open for hours: no request timeout; the worker's own heartbeat
# (timeout) still catches a hung worker.
graceful_timeout = 30
proc_name = "netauto-web"
control_socket_disable = True
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"netauto": {"()": f"netauto.logs.{type(formatter).__name__}"}},
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "netauto",
            "stream": "ext://sys.stderr",
        },
    },
    # The root logger is netauto's (netauto.web.wsgi configures it in each worker).
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}


def _end_streams(worker: Any) -> None:
    with contextlib.suppress(AttributeError, KeyError):
        worker.wsgi.extensions["netauto"].feed.close()


def post_worker_init(worker: Any) -> None:
    """Chain the worker's SIGTERM handler: end the live streams, then stop gracefully."""
    previous = signal.getsignal(signal.SIGTERM)

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=_end_streams, args=(worker,), daemon=True).start()
        if callable(previous):
            previous(signum, frame)

    signal.signal(signal.SIGTERM, stop)


def worker_int(worker: Any) -> None:
    """SIGINT or SIGQUIT: the worker stops at once; end the streams on the way."""
    _end_streams(worker)
