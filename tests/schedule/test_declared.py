"""The schedules config.yaml declares: a new project gets its poll schedule once."""

from __future__ import annotations

from pathlib import Path

import pytest

from netauto.project import Project
from netauto.scaffold import init_project
from netauto.schedule import store
from netauto.schedule.declared import add_declared


def test_new_project_gets_the_poll_schedule_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NETAUTO_DATABASE_URL", raising=False)
    init_project(tmp_path)
    project = Project.open(tmp_path / "config.yaml")
    project.ensure_schema()
    assert add_declared(project) == ["poll"]
    (schedule,) = store.all_schedules(project.url)
    assert schedule.name == "poll" and schedule.runbook == "poll"
    assert schedule.timing.every == 300 and list(schedule.selection.groups) == ["routers"]
    assert schedule.active and schedule.next_run is not None
    assert add_declared(project) == []  # already there: left as it is
    assert len(store.all_schedules(project.url)) == 1
