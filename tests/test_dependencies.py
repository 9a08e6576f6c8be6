"""The lock, the warnings policy and what a test session imports.

requirements-lock.txt pins every package pyproject.toml asks for (dev extra included), at a
release its range allows, with hashes; netauto/depwarnings.py filters exactly the known
import-time warnings of dependencies, no more; a pytest session that never starts a lab
does not import asyncssh (the lab plugin is a pytest11 entry point of every install).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest
from netauto_testing import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from netauto.depwarnings import KNOWN, ignore_known

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: ;(.*?))?(?: \\)?$")


def lock_entries() -> list[tuple[str, str, str, list[str]]]:
    """(name, version, marker, hashes) per pin of the lock."""
    entries: list[tuple[str, str, str, list[str]]] = []
    for line in (REPO / "requirements-lock.txt").read_text().splitlines():
        match = PIN.match(line)
        if match:
            name, version, marker = match.groups()
            entries.append((canonicalize_name(name), version, (marker or "").strip(), []))
        elif line.strip().startswith("--hash=sha256:") and entries:
            entries[-1][3].append(line.strip())
    return entries


def project_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    found = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(r) for r in found]


def test_the_lock_pins_every_requirement_within_its_range() -> None:
    pins: dict[str, list[str]] = {}
    for name, version, _, _ in lock_entries():
        pins.setdefault(name, []).append(version)
    for requirement in project_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in the lock: run python3 tools/lock.py"
        for version in pins[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"the lock's {name}=={version} is outside {requirement}: run tools/lock.py"
            )


def test_every_pin_has_hashes() -> None:
    entries = lock_entries()
    assert len(entries) > 100
    assert all(hashes for *_, hashes in entries), [e[0] for e in entries if not e[3]]


def test_the_installed_releases_are_the_locked_ones() -> None:
    """The environment running the suite was installed from the lock (as .ci/run does)."""
    from importlib import metadata

    from packaging.markers import Marker

    mismatched = []
    for name, version, marker, _ in lock_entries():
        if marker and not Marker(marker).evaluate():
            continue
        try:
            found = metadata.version(name)
        except metadata.PackageNotFoundError:
            mismatched.append(f"{name} missing")
            continue
        if found != version:
            mismatched.append(f"{name} {found} (lock {version})")
    if mismatched and os.environ.get("NETAUTO_UNLOCKED"):
        pytest.skip("tools/newest.py runs the suite on releases newer than the lock")
    assert not mismatched, mismatched


def test_known_warnings_are_filtered_exactly() -> None:
    known = KNOWN[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ignore_known()
        for module in known.modules:
            warnings.warn_explicit(
                known.message + " and more", UserWarning, "x.py", 1, module=module
            )
        with pytest.raises(UserWarning):  # the same text from our own code stays an error
            warnings.warn_explicit(known.message, UserWarning, "x.py", 1, module="netauto.lab")
        with pytest.raises(UserWarning):  # another text from that module too
            warnings.warn_explicit("other", UserWarning, "x.py", 1, module=known.modules[0])


def test_the_lab_runs_under_warnings_as_errors() -> None:
    """`python -W error`: importing netauto first filters the known ones, the rest raise."""
    code = "import netauto, netauto.lab.fleet, netauto.lab.server; print('ok')"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr


def test_a_session_without_the_lab_does_not_import_asyncssh(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text(
        "import sys\n\n\ndef test_plain():\n    assert 'asyncssh' not in sys.modules\n"
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The lab plugin was loaded (its fixtures are offered), only not the fleet.
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--fixtures", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert "lab_fleet" in listed.stdout


def _absolute_imports(tree: ast.Module) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level:
            found.append((node.module or "", node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
    return found


def test_no_test_imports_the_tests_folder_as_a_package() -> None:
    """``tests/`` is no package, and no test imports ``tests.x``: a dependency that installs a
    top-level ``tests`` package (textfsm 2.1.1 does) would win over the folder (a regular
    package beats a namespace one wherever it is on sys.path) and the import would fail under
    pytest-xdist. Tests import their helpers by name (``netauto_testing``) or relatively."""
    tests = REPO / "tests"
    assert not (tests / "__init__.py").exists()
    found = [
        f"{path.relative_to(tests)}:{line}"
        for path in sorted(tests.rglob("*.py"))
        for name, line in _absolute_imports(ast.parse(path.read_text(encoding="utf-8")))
        if name.split(".")[0] == "tests"
    ]
    assert found == []
