"""A small fleet of its own for a test module: R15 (CISCO2911) and R16 (ISR4331)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from netmiko import ConnectHandler
from ntc_templates.parse import parse_output

from netauto.lab import start_fleet
from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME

R15, R16 = "127.0.0.15", "127.0.0.16"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with start_fleet(
        count=2, models="R16=ISR4331", state_dir=tmp_path_factory.mktemp("pair")
    ) as fleet:
        yield fleet


def connect(fleet: Any, host: str, **extra: Any) -> Any:
    return ConnectHandler(
        device_type="cisco_ios",
        host=host,
        port=fleet.port,
        username=LAB_USERNAME,
        password=LAB_PASSWORD,
        secret=LAB_SECRET,
        fast_cli=True,
        **extra,
    )


def ntc(conn: Any, command: str, *, empty: bool = False) -> list[dict[str, Any]]:
    """The ntc-templates records of ``command``'s output (some, unless ``empty``)."""
    records: list[dict[str, Any]] = parse_output(
        platform="cisco_ios", command=command, data=conn.send_command(command)
    )
    assert empty or records, f"no records parsed from {command!r}"
    return records


def napalm(fleet: Any, host: str) -> Any:
    from napalm import get_network_driver

    device = get_network_driver("ios")(
        host, LAB_USERNAME, LAB_PASSWORD, timeout=20, optional_args={"port": fleet.port}
    )
    device.open()
    return device
