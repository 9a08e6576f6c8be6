"""The registry's SQL on PostgreSQL (JSONB, INET): import, retire, audit, inventory load.

No router is contacted (routers on 127.1.x.x, never connected to).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from netauto_testing import many_hosts, write_project

from netauto import init_nornir
from netauto.project import Project


def test_registry_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    config = write_project(tmp_path, postgres_url, many_hosts(3))
    document = yaml.safe_load(config.read_text())
    document["inventory"]["plugin"] = "netauto.database"
    config.write_text(yaml.safe_dump(document))
    registry = Project.open(config, user="alice").registry
    assert [e.name for e in registry.list()] == ["R0", "R1", "R2"]  # seeded
    text = "- name: R9\n  address: 127.1.0.99\n  groups: [routers]\n  data: {site: dc1, n: 2}\n"
    plan = registry.plan_import(text, fmt="yaml", source="f.yaml", retire_missing=True)
    assert plan.to_json() == {"added": ["R9"], "changed": [], "retired": ["R0", "R1", "R2"],
                              "unchanged": 0}  # fmt: skip
    registry.apply_import(plan)
    nr = init_nornir(config, record=False)
    host = nr.inventory.hosts["R9"]
    assert (sorted(nr.inventory.hosts), host.hostname, host.platform) == (
        ["R9"], "127.1.0.99", "ios",
    )  # fmt: skip
    assert host.data == {"site": "dc1", "n": 2} and host.get("ntp_servers") == ["192.0.2.123"]
    edited = registry.edit("R9", {"data": {"site": "dc2"}, "port": 2200})
    assert (edited.port, edited.data) == (2200, {"site": "dc2"})
    assert registry.restore("R0").retired_at is None
    assert [e.name for e in registry.list()] == ["R0", "R9"]
