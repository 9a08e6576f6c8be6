"""README's "As a library" example, run as written against a fresh lab and a fresh project.

What it prints must be what its comments say: the backups' git commit, the question of the
commit path, and the deploy's closing note.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import REPO, show_running


def readme_example() -> str:
    text = (REPO / "README.md").read_text()
    block = text.split("<!-- library-example -->")[1].split("<!-- /library-example -->")[0]
    return "\n".join(line for line in block.strip().splitlines() if not line.startswith("```"))


def fresh_project(lab: Any, folder: Path) -> Path:
    """The repository's project (config.yaml, inventory data, templates) for ``lab``."""
    from netauto.lab.inventory import write_project

    specs = [server.spec for server in lab.core.servers.values()]
    database = {"database_url": f"sqlite:///{folder / 'netauto.db'}"}
    config = write_project(folder, specs, lab.port, netauto=database)
    shutil.copytree(REPO / "templates", folder / "templates")
    return config


def test_readme_library_example_on_a_fresh_lab(
    lab: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    example = readme_example()
    folder = tmp_path / "project"
    fresh_project(lab, folder)
    monkeypatch.chdir(folder)  # the example reads config.yaml from where it runs
    exec(compile(example, "README.md", "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out.splitlines()

    assert printed[0].startswith("R15 ok backups/R15.cfg (+") and "first backup" in printed[0]
    # "the git commit of the backups"
    assert re.fullmatch(r'2 ok; git: backups@[0-9a-f]{7,} "backup: R15, R16 changed"', printed[2])
    # the commit path: the question, then the note the comment promises
    names = " ".join(f"R{n}" for n in range(15, 26))
    assert f"11 routers will change: {names}" in printed
    promised = re.search(r'print\(change\.note\)\s+# "([^"]+)"', example)
    assert promised is not None and printed[-1] == promised.group(1) == "11 committed."
    assert any(line.startswith("Progress(kind='finished'") for line in printed)
    for name in lab.names:
        assert "logging trap informational" in show_running(lab, name)

    # Run again on the same lab: nothing is left to change, as the comment says.
    exec(compile(example, "README.md", "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out.splitlines()[-1] == "0 committed."


def test_readme_library_example_in_a_project_with_compliance_rules(
    lab: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The repository and `netauto init` have compliance.yaml: the note goes on as the
    comment after it says, and the follow-up holds each committed router's verdict."""
    example = readme_example()
    assert 'the note goes on "11 committed. Compliance after the commit: R15 ...' in example
    folder = tmp_path / "project"
    fresh_project(lab, folder)
    shutil.copy(REPO / "compliance.yaml", folder / "compliance.yaml")
    monkeypatch.chdir(folder)
    scope: dict[str, Any] = {"__name__": "readme"}
    exec(compile(example, "README.md", "exec"), scope)
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1].startswith("11 committed. Compliance after the commit: R15 "), printed[-1]
    verdicts = scope["change"].followups[0].data["hosts"]
    assert sorted(verdicts) == [f"R{n}" for n in range(15, 26)]
