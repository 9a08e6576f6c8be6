"""pytest fixtures for tests against the simulated fleet (entry point ``netauto_lab``).

* ``lab_fleet`` (session): R15..R25 on 127.0.0.15-25, on a free port chosen per run;
* ``lab`` (function): the same fleet, factory-reset (configs, flash, faults) around the test;
* ``lab_config`` (function): a config.yaml + inventory in ``tmp_path`` pointing at the fleet,
  for ``init_nornir(config_file=lab_config)``; its database is a SQLite file in ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from netauto.lab.fleet import Fleet

# Loaded by every pytest session of a machine where netauto is installed (a pytest11 entry
# point): the fleet (asyncssh, cryptography) is imported only when a test asks for it.


@pytest.fixture(scope="session")
def lab_fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    """The fleet for the whole test session (port: ``lab_fleet.port``)."""
    from netauto.lab.fleet import start_fleet

    with start_fleet(state_dir=tmp_path_factory.mktemp("netauto-lab")) as fleet:
        yield fleet


@pytest.fixture
def lab(lab_fleet: Fleet) -> Iterator[Fleet]:
    """The session fleet, reset before and after the test (faults cleared too)."""
    lab_fleet.reset()
    yield lab_fleet
    lab_fleet.reset()


@pytest.fixture
def lab_config(lab: Fleet, tmp_path: Path) -> Path:
    """A Nornir config file for the fleet (hosts R15..R25, group routers, the fleet's port)."""
    from netauto.lab.inventory import write_project

    specs = [server.spec for server in lab.core.servers.values()]
    folder = tmp_path / "lab-project"
    return write_project(
        folder, specs, lab.port, netauto={"database_url": f"sqlite:///{folder / 'netauto.db'}"}
    )
