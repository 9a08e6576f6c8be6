"""What the model is told about one router: facts, the relevant config, the intent.

Every text that goes into a request passes through the host's :class:`Redactor` first, so
passwords, secrets, SNMP communities and keys reach the provider only as ``<SECRET_n>``.
A small config is sent whole (redacted); a big one is cut down to the blocks that concern
the intent, plus the interfaces and the hostname.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from netauto.secrets import Redactor

SYSTEM_PROMPT = """\
You generate Cisco IOS configuration for one router at a time.
Answer with the configuration lines to merge into the running-config, in one ```ios code
block, in global configuration mode, with sub-mode lines indented by one space under their
parent (interface, router, line...). Only what the intent needs: no prose, no comments, no
`configure terminal`, `end` or `write memory`. Use `no ...` to remove a line.
Values shown as <SECRET_n> are redacted secrets: never write a placeholder; leave out any
line that would need one. Never reload, erase, delete or format anything, and never touch
the management interface, AAA or SSH access.
When told that a previous answer failed a check, answer again with the whole corrected
configuration."""

# --type name -> words that mark the config blocks it concerns.
CONFIG_TYPES: dict[str, tuple[str, ...]] = {
    "ntp": ("ntp", "clock"),
    "syslog": ("logging",),
    "logging": ("logging",),
    "snmp": ("snmp-server",),
    "banner": ("banner",),
    "acl": ("access-list", "ip access-list", "access-group"),
    "interface": ("interface",),
    "ospf": ("router ospf", "ip ospf"),
    "bgp": ("router bgp",),
    "eigrp": ("router eigrp",),
    "static-route": ("ip route", "ipv6 route"),
    "aaa": ("aaa", "tacacs", "radius", "username"),
    "ssh": ("ip ssh", "line vty", "crypto key"),
    "dns": ("ip domain", "ip name-server"),
}
_KEYWORDS = {
    "syslog": "logging",
    "log": "logging",
    "time": "ntp",
    "route": "ip route",
    "vty": "line vty",
    "access": "access-list",
    "acl": "access-list",
    "dns": "ip name-server",
    "domain": "ip domain",
    "community": "snmp-server",
}


def intent_of(config_type: str, params: Mapping[str, str]) -> str:
    """The intent in words for ``--type x --param k=v`` (the PRD's generate_configuration)."""
    listed = json.dumps(dict(params), indent=2, sort_keys=True)
    return f"Configure {config_type} on this router with the following parameters:\n{listed}"


def blocks(config: str) -> list[list[str]]:
    """The config as top-level lines with their indented children."""
    result: list[list[str]] = []
    for line in config.splitlines():
        if not line.strip() or line.strip() in ("!", "end") or line.startswith("Building"):
            continue
        if line[:1].isspace() and result:
            result[-1].append(line)
        else:
            result.append([line])
    return result


def keywords(intent: str, config_type: str | None) -> set[str]:
    words = set(CONFIG_TYPES.get(config_type or "", ()))
    lowered = intent.lower()
    for word in re.findall(r"[a-z][a-z0-9-]+", lowered):
        words.update(CONFIG_TYPES.get(word, ()))
        if word in _KEYWORDS:
            words.add(_KEYWORDS[word])
    for name in re.findall(r"\b(?:gi|fa|te|lo|vlan|tu|po)[a-z]*\s?\d+(?:/\d+)*", lowered):
        words.add("interface " + name.replace(" ", ""))
    return words


def relevant_config(config: str, intent: str, config_type: str | None, limit: int) -> str:
    """The whole config when it fits in ``limit`` characters, else the blocks that matter."""
    parts = blocks(config)
    whole = "\n".join(line for block in parts for line in block)
    if len(whole) <= limit:
        return whole
    wanted = keywords(intent, config_type)
    kept: list[str] = []
    for block in parts:
        head = block[0].strip().lower()
        if head.startswith(("hostname", "version")):
            kept.extend(block)
        elif head.startswith("interface"):
            # Always the interfaces, but only their identity unless the intent is about them.
            full = any(head.startswith(w) for w in wanted if w.startswith("interface "))
            kept.extend(
                block
                if full or "interface" in wanted
                else [block[0], *(c for c in block[1:] if c.strip().startswith(_IDENTITY))]
            )
        elif any(w in head or any(w in c.lower() for c in block[1:]) for w in wanted):
            kept.extend(block)
    text = "\n".join(kept)
    return text if len(text) <= limit else text[:limit] + "\n... (cut)"


_IDENTITY = ("description", "ip address", "ipv6 address", "shutdown", "vrf")


@dataclass
class HostContext:
    """What is known about one router before the first request."""

    host: str
    facts: Mapping[str, Any]
    running_config: str


def user_prompt(
    context: HostContext,
    intent: str,
    redactor: Redactor,
    *,
    config_type: str | None = None,
    limit: int = 6000,
) -> str:
    """The first user message for one router, secrets replaced by placeholders."""
    redactor.learn(context.running_config)
    facts = {
        k: context.facts.get(k)
        for k in ("hostname", "vendor", "model", "os_version", "interface_list")
        if context.facts.get(k) is not None
    }
    config = relevant_config(context.running_config, intent, config_type, limit)
    text = (
        f"Router: {context.host}\n"
        f"Facts: {json.dumps(facts, default=str)}\n"
        f"Relevant part of its running-config:\n```ios\n{config}\n```\n\n"
        f"Intent: {intent}"
    )
    return redactor.redact(text)


def feedback_prompt(errors: str, redactor: Redactor) -> str:
    """The message that feeds a failed check back to the model, word for word."""
    return redactor.redact(
        "Your configuration failed a check and was not applied. The exact error:\n"
        f"{errors}\n\nAnswer again with the whole corrected configuration."
    )
