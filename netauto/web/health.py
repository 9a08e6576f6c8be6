"""``GET /healthz`` and ``GET /readyz``: for a load balancer, a supervisor, Kubernetes probes.

Both answer without a session or token, in JSON, and say nothing a stranger may not know: no
database address, no error text, no router, no user (the reason goes to the server's log).

- ``/healthz``: the process is alive and serves requests. Always 200 while it does.
- ``/readyz``: it can do its work: the database answers, its schema is the one this code
  needs, and the scheduler beats when one is part of the deployment (a heartbeat file was
  left in the project folder, or ``web.require_scheduler`` is set). 200 when every check is
  ``ok`` (or the scheduler is ``not used``), else 503.

::

    $ curl -s http://127.0.0.1:8080/readyz
    {"status": "ready", "checks": {"database": "ok", "schema": "ok", "scheduler": "not used"}}
"""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from netauto.exceptions import DatabaseError
from netauto.process import pid_alive
from netauto.project import Project
from netauto.text import first_line
from netauto.web.security import OPEN, needs
from netauto.web.state import web_state

bp = Blueprint("health", __name__)
log = logging.getLogger("netauto.web")
# What /readyz may answer per check; anything but these means "not ready".
PASSING = frozenset({"ok", "not used"})


def _database(project: Project) -> dict[str, str]:
    try:
        schema = project.database.schema()
    except DatabaseError as exc:
        log.warning("readyz: %s", first_line(exc))
        return {"database": "unreachable", "schema": "unknown"}
    if schema.status == "missing":
        log.warning("readyz: the database has no schema (netauto db upgrade)")
    elif schema.status == "outdated":
        log.warning("readyz: schema at %s, this code needs %s", schema.revision, schema.head)
    return {"database": "ok", "schema": schema.status}


def _scheduler(project: Project, now: datetime) -> str:
    beat = project.scheduler_beat()
    if beat is None:
        if project.settings.value("web.require_scheduler"):
            log.warning("readyz: no scheduler runs for %s", project.folder)
            return "not running"
        return "not used"
    if beat.host == socket.gethostname() and not pid_alive(beat.pid):
        log.warning("readyz: the scheduler (pid %d) died without stopping", beat.pid)
        return "stopped"
    if not beat.fresh(now):
        log.warning("readyz: the scheduler's last beat is %.0f s old", beat.age(now))
        return "stale"
    return "ok"


def readiness(project: Project, now: datetime | None = None) -> dict[str, str]:
    """Each check's state (``ok``, ``not used``, or what is wrong)."""
    checks = _database(project)
    checks["scheduler"] = _scheduler(project, now or datetime.now(UTC))
    return checks


@bp.get("/healthz")
@needs(OPEN)
def healthz() -> ResponseReturnValue:
    return jsonify({"status": "alive"})


@bp.get("/readyz")
@needs(OPEN)
def readyz() -> ResponseReturnValue:
    checks = readiness(web_state().project)
    ready = all(state in PASSING for state in checks.values())
    response = jsonify({"status": "ready" if ready else "not ready", "checks": checks})
    response.status_code = 200 if ready else 503
    return response
