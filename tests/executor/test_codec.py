"""What crosses the broker, and the checks made before anything is sent (no Redis needed)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from netauto_testing import write_project
from nornir.core.inventory import Host
from nornir.core.task import MultiResult, Result

from netauto.cli import cli
from netauto.exceptions import GenerationFailed, RemoteError, TemplateError, UsageError
from netauto.executor import codec
from netauto.plan import ChangePlan, PlannedChange
from netauto.tasks import backup_config
from netauto.worker.record import row_id


def check(task: Any, device: Any) -> str | None:
    return None


def test_params_round_trip_with_only_the_shards_changes() -> None:
    plan = ChangePlan(
        "deploy",
        "run-1",
        [],
        {h: PlannedChange(h, f"ntp server {h}", f"+{h}") for h in ("R15", "R16", "R17")},
    )
    sent = codec.encode_params(
        {"plan": plan, "checks": (check,), "backups_dir": Path("/x"), "revert_in": None},
        ["R16"],
    )
    back = codec.decode_params(sent)
    assert list(back["plan"].changes) == ["R16"]
    assert back["plan"].changes["R16"] == plan.changes["R16"]
    assert str(back["plan"]) == str(plan)  # the log's command column is the same
    assert back["checks"] == [check] and back["backups_dir"] == "/x"
    with pytest.raises(UsageError, match="cannot send the task option when=object"):
        codec.encode_params({"when": object()}, [])
    with pytest.raises(UsageError, match="not importable"):
        codec.encode_params({"checks": [lambda task, device: None]}, [])


def test_tasks_go_by_import_path() -> None:
    path = codec.import_path(backup_config)
    assert path == "netauto.tasks.backup_config:backup_config"
    assert codec.load_task(path) is backup_config
    with pytest.raises(UsageError, match="is not a Nornir task"):
        codec.load_task("os.path:join")


def test_results_and_errors_come_back_as_they_were() -> None:
    host = Host("R15")
    multi = MultiResult("deploy_config")
    main = Result(host, result={"status": "x", "when": Path("/p")}, changed=True, diff="+a")
    main.name = "deploy_config"  # type: ignore[assignment]
    failing = Result(host, failed=True, exception=GenerationFailed("no candidate", {"attempts": 3}))
    failing.name = "generate"  # type: ignore[assignment]
    multi += [main, failing]
    back = codec.decode_multi("deploy_config", host, codec.encode_multi(multi))
    assert back[0].result == {"status": "x", "when": "/p"} and back[0].changed
    assert back[0].diff == "+a" and back[0].name == "deploy_config"
    assert back.failed and isinstance(back[1].exception, GenerationFailed)
    assert back[1].exception.summary == {"attempts": 3}
    assert str(back[1].exception) == "no candidate"
    usage = codec.decode_exception(codec.encode_exception(TemplateError("bad")))
    assert isinstance(usage, UsageError)  # a bad template is still exit 2 on the caller
    other = codec.decode_exception(
        codec.encode_exception(TimeoutError("username ops password 0 hunter2"))
    )
    assert isinstance(other, RemoteError) and other.remote_type == "builtins.TimeoutError"
    assert "hunter2" not in str(other)


def test_row_ids_are_fixed_by_dispatch_and_host() -> None:
    dispatch = uuid.uuid4()
    assert row_id(dispatch, "R15") == row_id(dispatch, "R15") != row_id(dispatch, "R16")
    assert row_id(dispatch, "R15") != row_id(uuid.uuid4(), "R15")


def test_sqlite_is_refused_with_one_line(tmp_path: Path, sqlite_url: str) -> None:
    config = write_project(tmp_path, sqlite_url)
    for args in (["backup", "--executor", "celery"], ["worker"]):
        result = CliRunner().invoke(cli, [args[0], "--config", str(config), *args[1:]])
        assert result.exit_code == 2, result.output
        [line] = result.output.strip().splitlines()
        assert line.startswith("Error: the celery executor needs the PostgreSQL operations log")


def test_executor_setting_is_checked(tmp_path: Path, sqlite_url: str) -> None:
    config = write_project(tmp_path, sqlite_url, netauto={"executor": "dask"})
    result = CliRunner().invoke(cli, ["backup", "--config", str(config)])
    assert result.exit_code == 2
    assert "executor must be one of threaded, celery, got 'dask'" in result.output
