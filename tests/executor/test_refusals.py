"""The celery executor's refusals before anything is sent: one line, exit 2, no router touched.

Real Redis (database 9 and a queue of this module only, so no worker of another test or
session can serve it) and a real PostgreSQL operations log; one lab router, never logged into.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import Project, make_project

REDIS = "redis://127.0.0.1:6379/9"  # no other test uses database 9
QUEUE = f"refusals-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 1


@pytest.fixture(scope="module")
def redis_db() -> str:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=3):
            pass
    except OSError as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Redis unreachable at 127.0.0.1:6379: {exc}")
        pytest.skip(f"Redis unreachable at 127.0.0.1:6379: {exc}")
    return REDIS


def celery_project(tmp_path: Path, url: str, fleet: Any, broker: str) -> Project:
    celery = {"broker_url": broker, "queue_by": "celery_queue"}
    return make_project(
        tmp_path, url, fleet, router_data={"celery_queue": QUEUE}, executor="celery", celery=celery
    )


def logins(fleet: Any) -> int:
    return sum(int(router["logins"]) for router in fleet.status()["routers"])


def one_line_refusal(project: Project, *args: str) -> str:
    before = logins(project.fleet)
    result = project.run(*args)
    assert result.exit_code == 2, result.output
    [line] = result.output.strip().splitlines()
    assert logins(project.fleet) == before  # no router was touched
    return line


def test_no_worker_on_the_queue_is_refused(
    tmp_path: Path, postgres_server: Callable[[], str], redis_db: str, fleet: Any
) -> None:
    from netauto.executor.app import celery_app
    from netauto.executor.runner import served_queues
    from netauto.settings import load_settings

    project = celery_project(tmp_path, postgres_server(), fleet, redis_db)
    app = celery_app(load_settings(project.config, database=False))
    assert served_queues(app).get(QUEUE) is None  # nobody serves this module's queue
    line = one_line_refusal(project, "backup", "--executor", "celery")
    start = f"(start one: netauto worker --queue {QUEUE})"
    assert line == f"Error: no netauto worker serves queue '{QUEUE}' {start}"


def test_unreachable_broker_is_refused(
    tmp_path: Path, postgres_server: Callable[[], str], fleet: Any
) -> None:
    project = celery_project(tmp_path, postgres_server(), fleet, "redis://127.0.0.1:1/9")
    line = one_line_refusal(project, "facts", "--executor", "celery")
    assert line.startswith("Error: cannot reach the Celery broker at redis://127.0.0.1:1/9: ")


def test_sqlite_log_is_refused(tmp_path: Path, sqlite_url: str, fleet: Any) -> None:
    project = celery_project(tmp_path, sqlite_url, fleet, REDIS)
    line = one_line_refusal(project, "check", "--executor", "celery")
    assert line.startswith("Error: the celery executor needs the PostgreSQL operations log")
