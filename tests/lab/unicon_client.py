"""Run by the unicon client's own Python (tests/lab/test_unicon.py): unicon's default connection
for ``os`` (its init: term length/width 0, show version, then no logging console and the line
exec-timeouts in config mode), a show, a configuration, and the result as one JSON line."""

import json
import sys

from unicon import Connection

host, port, os_name, hostname, username, password, secret = sys.argv[1:8]
device = Connection(
    hostname=hostname,
    start=[
        "ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
        f" -o LogLevel=ERROR -p {port} {username}@{host}"
    ],
    os=os_name,
    credentials={
        "default": {"username": username, "password": password},
        "enable": {"password": secret},
    },
    log_stdout=False,
    learn_hostname=True,
)
device.connect()
version = device.execute("show version")
device.configure(["interface Loopback77", " description set by unicon"])
interface = device.execute("show running-config interface Loopback77")
lines = device.execute("show running-config | include ^line|exec-timeout|logging console")
device.disconnect()
print(
    json.dumps(
        {"version": version, "interface": interface, "lines": lines, "hostname": device.hostname}
    )
)
