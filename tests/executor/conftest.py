"""Celery executor fixtures: the real Redis, a PostgreSQL project on the lab, real workers.

- ``redis_url``: Redis on 127.0.0.1:6379, a database of this pytest process alone (13, or
  13, 12, 11, ... for pytest-xdist's workers gw0, gw1, gw2, ...), emptied once; skips without
  it, fails when ``CI=true``.
- ``celery_project``: a ``Project`` on a fresh PostgreSQL database whose inventory is the
  module's fleet, ``executor: celery``, broker ``redis_url``; every router's
  ``celery_queue`` is a queue of this test session only (``celery.queue_by``), so runs of
  other sessions never meet ours.
- ``workers``: two ``netauto worker`` processes (one worker process each) serving that
  queue, started once per module; ``workers.kill(0)`` kill -9's one (its whole process
  group) and ``workers.ensure()`` brings the pair back.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import DEPLOY, Project, write_project

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Database 9 is test_refusals.py's; the others are left to other users of the server.
REDIS_DATABASES = (13, 12, 11, 10)
NETAUTO = str(Path(sys.executable).parent / "netauto")
TIMEOUTS = {"connect_timeout": 5, "command_timeout": 15, "retries": 1}
# NAPALM's own command timeout: a post-check on a dropped session fails in seconds.
NAPALM = {"napalm": {"extras": {"optional_args": {"read_timeout_override": 5}}}}


def redis_database() -> int:
    """This process's Redis database: two xdist workers never flush each other's queues."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")  # unset without xdist
    index = int(worker.removeprefix("gw"))
    if index >= len(REDIS_DATABASES):
        raise pytest.UsageError(f"at most {len(REDIS_DATABASES)} xdist workers (-n) for Redis")
    return REDIS_DATABASES[index]


@pytest.fixture(scope="session")
def redis_url() -> str:
    database = redis_database()
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=3) as sock:
            sock.sendall(f"SELECT {database}\r\nFLUSHDB\r\n".encode())
            sock.recv(100)
    except OSError as exc:
        message = f"Redis unreachable at 127.0.0.1:6379: {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return f"redis://127.0.0.1:6379/{database}"


@pytest.fixture(scope="module")
def celery_queue() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def celery_project(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_server: Callable[[], str],
    redis_url: str,
    fleet: Any,
    celery_queue: str,
) -> Project:
    folder = tmp_path_factory.mktemp("celery")
    url = postgres_server()
    hosts: dict[str, dict[str, object]] = {
        name: {
            "hostname": fleet.address(name),
            "port": fleet.port,
            "groups": ["routers"],
            "data": {"site": "lab", "celery_queue": celery_queue, **DEPLOY["router_data"]},
            "connection_options": NAPALM,
        }
        for name in fleet.names
    }
    settings = {
        **TIMEOUTS,
        "backups_dir": str(folder / "backups"),
        "templates_dir": DEPLOY["templates_dir"],
        "executor": "celery",
        "celery": {
            "broker_url": redis_url,
            "queue_by": "celery_queue",
            "visibility_timeout": 8,
            "shard_size": 2,
        },
    }
    config = write_project(folder, url, hosts, settings)
    return Project(folder, config, url, fleet)


class Workers:
    """Two ``netauto worker`` processes on the project's queue."""

    def __init__(self, project: Project, queue: str) -> None:
        self.project = project
        self.queue = queue
        self.processes: list[subprocess.Popen[bytes] | None] = [None, None]

    def start(self, index: int) -> None:
        log = open(self.project.folder / f"worker{index}.log", "ab")  # noqa: SIM115
        command = [NETAUTO, "worker", "--config", str(self.project.config), "-c", "1"]
        self.processes[index] = subprocess.Popen(
            [*command, "-Q", self.queue, "-n", f"{self.queue}-{index}@%h"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group: kill -9 takes its pool process too
            env={**os.environ, "NETAUTO_EXECUTOR": "threaded"},
        )
        log.close()

    def ensure(self, timeout: float = 90) -> None:
        """Both workers running and serving the queue."""
        for index, process in enumerate(self.processes):
            if process is None or process.poll() is not None:
                self.start(index)
        from netauto.executor.app import celery_app
        from netauto.executor.runner import served_queues
        from netauto.settings import load_settings

        app = celery_app(load_settings(self.project.config, database=False))
        deadline = time.monotonic() + timeout
        while served_queues(app).get(self.queue, 0) < 2:
            if time.monotonic() > deadline:
                logs = [
                    (self.project.folder / f"worker{i}.log").read_text()[-2000:] for i in (0, 1)
                ]
                raise AssertionError(f"workers did not start: {logs}")

    def kill(self, index: int) -> None:
        process = self.processes[index]
        assert process is not None
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)

    def stop(self) -> None:
        for process in self.processes:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            if process is None:
                continue
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(30)


@pytest.fixture(scope="module")
def workers(celery_project: Project, celery_queue: str) -> Iterator[Workers]:
    running = Workers(celery_project, celery_queue)
    try:
        running.ensure()
        yield running
    finally:
        running.stop()
