"""Lab tests use the netauto_lab pytest plugin's fixtures (lab_fleet, lab, lab_config)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from netauto.lab.pytest_plugin import lab, lab_config, lab_fleet  # noqa: F401
from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME


@pytest.fixture
def ssh(lab: Any) -> Iterator[Any]:  # noqa: F811
    """A netmiko session to R15, as a user would open it."""
    from netmiko import ConnectHandler

    conn = ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.15",
        port=lab.port,
        username=LAB_USERNAME,
        password=LAB_PASSWORD,
        secret=LAB_SECRET,
        fast_cli=True,
    )
    yield conn
    conn.disconnect()


@pytest.fixture
def driver(lab: Any) -> Iterator[Any]:  # noqa: F811
    """An open NAPALM ios driver on R15."""
    from napalm import get_network_driver

    device = get_network_driver("ios")(
        "127.0.0.15",
        LAB_USERNAME,
        LAB_PASSWORD,
        timeout=20,
        optional_args={"port": lab.port, "secret": LAB_SECRET},
    )
    device.open()
    yield device
    device.close()
