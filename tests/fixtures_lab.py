"""Lab fixtures: the simulated fleet in-process (real SSH), a project pointing at it.

Loaded as a plugin (``pytest_plugins`` in tests/conftest.py); the helpers they use are in
netauto_testing.py. Fixtures:

- ``fleet_size``: how many routers the module's fleet runs, 11 (R15-R25). A test module
  overrides it with a module-scoped fixture of the same name (the deploy tests run 3).
- ``fleet``: the running fleet, started once per module.
- ``reset_fleet`` (autouse): after each test that used the fleet, faults are cleared and every
  router's state is reset.
- ``project_options``: the ``make_project`` options of the module's ``project``, none by
  default; a test module overrides it (the deploy tests return ``netauto_testing.DEPLOY``).
- ``project``: a ``Project`` in the test's tmp_path, on its own SQLite database, whose
  inventory is the fleet.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import Project, make_project


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 11


@pytest.fixture(scope="module")
def fleet(fleet_size: int) -> Iterator[Any]:
    from netauto.lab.fleet import start_fleet

    with start_fleet(count=fleet_size) as running:
        yield running


@pytest.fixture(autouse=True)
def reset_fleet(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "fleet" in request.fixturenames:
        request.getfixturevalue("fleet").reset()


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return {}


@pytest.fixture
def project(
    tmp_path: Path, sqlite_url: str, fleet: Any, project_options: dict[str, Any]
) -> Project:
    return make_project(tmp_path, sqlite_url, fleet, **project_options)
