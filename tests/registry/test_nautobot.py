"""The registry synced from a real Nautobot (nautobot_server.py), one way, over its REST API.

The lab's R15-R17 are created in Nautobot through its REST API (location, type, role,
platform, interface, primary IPv4, the lab port in the local config context); the registry
starts with R15 alone, from hosts.yaml. Under CI a Nautobot that cannot be installed or
served fails the test; elsewhere it skips.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
import yaml
from click.testing import CliRunner, Result
from nautobot_server import Nautobot, running_nautobot
from netauto_testing import Project
from registry_testing import registry_project

from netauto.project import Project as Opened

# The first test's setup may install Nautobot (about a minute) and migrate its template
# database (4 to 7 minutes on two cores): once per machine, longer than the suite's 300 s.
pytestmark = pytest.mark.timeout(1500)


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module")
def nautobot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nautobot]:
    try:
        with running_nautobot(tmp_path_factory.mktemp("nautobot")) as server:
            yield server
    except (OSError, RuntimeError, psycopg.Error, subprocess.CalledProcessError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Nautobot: {exc}")


class Api:
    def __init__(self, server: Nautobot) -> None:
        self.base = server.url
        self.http = requests.Session()
        self.http.headers.update({"Authorization": f"Token {server.token}"})

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = self.http.post(f"{self.base}/api/{path}/", json=body, timeout=30)
        assert answer.status_code == 201, (path, answer.text)
        return dict(answer.json())

    def patch(self, path: str, body: dict[str, Any]) -> None:
        answer = self.http.patch(f"{self.base}/api/{path}/", json=body, timeout=30)
        assert answer.status_code == 200, (path, answer.text)

    def first(self, path: str, **query: str) -> str:
        answer = self.http.get(f"{self.base}/api/{path}/", params=query, timeout=30)
        return str(answer.json()["results"][0]["id"])


def _populate(api: Api, fleet: Any) -> dict[str, str]:
    """R15-R17 in Nautobot, as a user would create them; returns their ids."""
    active = api.first("extras/statuses", name="Active")
    site_type = api.post("dcim/location-types", {"name": "Site", "content_types": ["dcim.device"]})
    site = api.post(
        "dcim/locations", {"name": "lab", "location_type": site_type["id"], "status": active}
    )
    cisco = api.post("dcim/manufacturers", {"name": "Cisco"})
    model = api.post("dcim/device-types", {"manufacturer": cisco["id"], "model": "CSR1000V"})
    role = api.post("extras/roles", {"name": "edge", "content_types": ["dcim.device"]})
    platform = api.post("dcim/platforms", {"name": "IOS", "network_driver": "cisco_ios"})
    namespace = api.first("ipam/namespaces", name="Global")
    api.post("ipam/prefixes", {"prefix": "127.0.0.0/8", "namespace": namespace, "status": active})
    ids = {}
    for name in fleet.names:
        device = api.post(
            "dcim/devices",
            {
                "name": name,
                "device_type": model["id"],
                "role": role["id"],
                "location": site["id"],
                "status": active,
                "platform": platform["id"],
                "serial": f"SN{name}",
                "local_config_context_data": {"netauto": {"port": fleet.port}},
            },
        )
        interface = api.post(
            "dcim/interfaces",
            {"device": device["id"], "name": "GigabitEthernet0/0", "type": "1000base-t",
             "status": active},
        )  # fmt: skip
        address = api.post(
            "ipam/ip-addresses",
            {"address": f"{fleet.address(name)}/32", "namespace": namespace, "status": active},
        )
        api.post(
            "ipam/ip-address-to-interface",
            {"ip_address": address["id"], "interface": interface["id"]},
        )
        api.patch(f"dcim/devices/{device['id']}", {"primary_ip4": address["id"]})
        ids[name] = device["id"]
    return ids


def run(project: Project, *args: str) -> Result:
    from netauto.cli import cli

    return CliRunner().invoke(cli, [*args, "--config", str(project.config)], catch_exceptions=False)


def test_sync_from_nautobot(
    tmp_path: Path,
    sqlite_url: str,
    fleet: Any,
    nautobot: Nautobot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = Api(nautobot)
    ids = _populate(api, fleet)
    project = registry_project(tmp_path, sqlite_url, fleet)
    hosts = project.folder / "inventory" / "hosts.yaml"
    hosts.write_text(yaml.safe_dump({"R15": yaml.safe_load(hosts.read_text())["R15"]}))
    monkeypatch.setenv("NETAUTO_NAUTOBOT_URL", nautobot.url)
    monkeypatch.setenv("NETAUTO_NAUTOBOT_TOKEN", nautobot.token)
    dry = run(project, "devices", "sync", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines() == [
        "added    R16 R17",
        "changed  R15",
        "2 added, 1 changed, 0 retired, 0 unchanged. Dry run: nothing was written.",
    ]
    assert run(project, "devices", "sync").exit_code == 0
    exported = json.loads(run(project, "devices", "list", "--json").output)
    assert [row["name"] for row in exported] == ["R15", "R16", "R17"]
    registry = {entry.name: entry for entry in Opened.open(project.config).registry.list()}
    r16 = registry["R16"]
    assert (r16.source, r16.platform, r16.groups, r16.port) == (
        "nautobot", "ios", ("routers",), fleet.port,
    )  # fmt: skip
    assert r16.data == {"site": "lab", "role": "edge", "nautobot_id": ids["R16"]}
    assert (r16.model, r16.serial) == ("CSR1000V", "SNR16")
    result = run(project, "backup")
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in project.backups.glob("*.cfg")) == ["R15", "R16", "R17"]
    # Nautobot is the master: R17 decommissioned there is retired here, its history kept.
    planned = api.first("extras/statuses", name="Planned")
    api.patch(f"dcim/devices/{ids['R17']}", {"status": planned})
    again = run(project, "devices", "sync", "--json")
    assert json.loads(again.output) == {
        "added": [], "changed": [], "retired": ["R17"], "unchanged": 2, "dry_run": False,
    }  # fmt: skip
    assert sorted(project.nornir(record=False).inventory.hosts) == ["R15", "R16"]
    assert project.operations("device_retire")[0].host == "R17"
    assert project.operations("config_backup")[-1].host in {"R15", "R16", "R17"}
