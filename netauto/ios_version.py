"""The IOS version in NAPALM's ``os_version``, for every front end that shows facts.

NAPALM's ios ``get_facts`` answers the whole software line of ``show version``::

    C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M8, RELEASE SOFTWARE (fc2)
    ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.9.4a, RELEASE SOFTWARE (fc3)

netauto's facts carry the version (``15.7(3)M8``, ``17.9.4a``) as ``os_version`` and NAPALM's
text as ``os_version_raw``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_VERSION = re.compile(r"\bVersion\s+([^\s,]+)")
_FIRST_XE_MAJOR = 16  # IOS XE 16.x and 17.x; classic IOS stops at 15.x


def ios_version(text: object) -> str | None:
    """``15.7(3)M8`` from NAPALM's os_version text; None when it names no version."""
    found = _VERSION.search(text) if isinstance(text, str) else None
    return found.group(1) if found else None


def software(version: object) -> str:
    """``IOS 15.7(3)M8`` or ``IOS XE 17.9.4a``: the version as a line of facts shows it."""
    if not isinstance(version, str) or not version:
        return "IOS ?"
    major = version.split(".", 1)[0]
    xe = major.isdigit() and int(major) >= _FIRST_XE_MAJOR
    return f"IOS XE {version}" if xe else f"IOS {version}"


def with_version(facts: Mapping[str, Any]) -> dict[str, Any]:
    """NAPALM's facts with ``os_version`` the version and NAPALM's text in ``os_version_raw``."""
    result = dict(facts)
    if "os_version_raw" in result or "os_version" not in result:
        return result
    raw = result["os_version"]
    result["os_version_raw"] = raw
    result["os_version"] = ios_version(raw) or raw
    return result
