"""The default worker count: the fleet and the machine decide; any explicit value wins."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest
from netauto_testing import many_hosts, write_project

from netauto import workers
from netauto.runner import init_nornir
from netauto.workers import default_workers


def test_never_more_workers_than_routers_nor_than_the_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "_cores", lambda: 2)
    assert default_workers(11) == 11
    assert default_workers(0) == 1
    assert default_workers(1000) == 50
    monkeypatch.setattr(workers, "_cores", lambda: 64)
    assert default_workers(5000) == min(1000, workers._by_files(), workers._by_memory())
    monkeypatch.setattr(resource, "getrlimit", lambda _: (256, 1024))
    assert default_workers(1000) == (256 - workers.RESERVED_FILES) // workers.FILES_PER_WORKER


def test_a_run_without_a_worker_count_gets_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NETAUTO_NUM_WORKERS", raising=False)
    config = write_project(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", many_hosts(300))
    nr = init_nornir(config, record=False)
    assert nr.runner.num_workers == default_workers(300)  # type: ignore[attr-defined]
    nr = init_nornir(config, record=False, num_workers=7)
    assert nr.runner.num_workers == 7  # type: ignore[attr-defined]
    monkeypatch.setenv("NETAUTO_NUM_WORKERS", "9")
    nr = init_nornir(config, record=False)
    assert nr.runner.num_workers == 9  # type: ignore[attr-defined]


def test_the_config_file_runner_option_still_counts(tmp_path: Path) -> None:
    import yaml

    config = write_project(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", many_hosts(300))
    document = yaml.safe_load(config.read_text())
    document["runner"]["options"] = {"num_workers": 13}
    config.write_text(yaml.safe_dump(document))
    nr = init_nornir(config, record=False)
    assert nr.runner.num_workers == 13  # type: ignore[attr-defined]
