"""The WSGI entry point for gunicorn (or any WSGI server): ``netauto.web.wsgi:app``.

::

    NETAUTO_CONFIG=/srv/netauto/config.yaml \\
        gunicorn -c python:netauto.web.gunicorn_conf 'netauto.web.wsgi:app'

The project is ``NETAUTO_CONFIG`` (its config file or folder), else ./config.yaml of the
working directory; the log format ``NETAUTO_LOG_FORMAT`` (text or json). The schema is
checked and the devices synced from the inventory once per worker, as ``netauto web`` does.
A project that cannot be opened is one line on stderr, and the worker exits with gunicorn's
"cannot boot" code so that the server stops instead of restarting it forever.
"""

from __future__ import annotations

import os
import sys

from flask import Flask

from netauto.exceptions import NetautoError

# gunicorn's WORKER_BOOT_ERROR: the arbiter shuts down rather than spawning it again.
BOOT_ERROR = 3


def _load() -> Flask:
    from netauto import logs
    from netauto.project import Project
    from netauto.web.app import create_app
    from netauto.web.server import THREADS, sync_inventory

    try:
        logs.configure()
        project = Project.open(os.environ.get("NETAUTO_CONFIG") or None)
        application = create_app(project, feed={"max_subscribers": THREADS - 8})
        sync_inventory(project)
    except NetautoError as exc:
        print(f"Error: {str(exc).splitlines()[0]}", file=sys.stderr, flush=True)
        raise SystemExit(BOOT_ERROR) from None
    return application


app = _load()
