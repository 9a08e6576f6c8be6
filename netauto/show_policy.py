"""Which ``show`` commands may be sent to a router: the allow-list, checked before any router.

The list is ``user_defined.netauto.chat.allowed_commands`` in config.yaml (the defaults
below when absent); ``netauto show``, the chat assistant and the MCP server all go through
it. A command is allowed when its words, IOS abbreviations included (``sh ip int br``),
spell one entry, optionally followed by plain arguments (an interface, a prefix) and one
output filter (``| include``, ``exclude``, ``begin``, ``section``, ``count``). The command sent is
the entry written out in full, so the router only ever runs what the list names. Never
allowed: anything that is not ``show``, a second line, ``?``, pipes that write files
(``redirect``, ``tee``, ``append``) and ``show tech-support`` unless it is listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netauto.exceptions import CommandRefused, ConfigError

if TYPE_CHECKING:
    from netauto.settings import Settings

KEY = "user_defined.netauto.chat.allowed_commands"
DEFAULT_ALLOWED = (
    "show version",
    "show clock",
    "show inventory",
    "show running-config",
    "show startup-config",
    "show ip interface brief",
    "show ip interface",
    "show interfaces",
    "show interfaces description",
    "show ip route",
    "show ip protocols",
    "show ip arp",
    "show ip bgp summary",
    "show ip ospf neighbor",
    "show cdp neighbors",
    "show lldp neighbors",
    "show ntp status",
    "show ntp associations",
    "show logging",
    "show processes cpu",
    "show memory statistics",
    "show access-lists",
    "show vrf",
    "show users",
    "show archive",
    "show boot",
)
FILTERS = ("include", "exclude", "begin", "section", "count")
MAX_LENGTH = 200
_ARGUMENT = re.compile(r"^[A-Za-z0-9_./:,\-]+$")


@dataclass(frozen=True)
class ShowPolicy:
    """The allowed show commands, each as its words in full."""

    entries: tuple[tuple[str, ...], ...]

    @property
    def commands(self) -> list[str]:
        return [" ".join(words) for words in self.entries]

    def check(self, command: str) -> str:
        """The command to send, written out in full; CommandRefused says why not."""
        text = command.strip()
        if not text:
            raise CommandRefused("empty command")
        if len(text) > MAX_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in text):
            raise CommandRefused(f"refused {_shown(text)}: one line of printable text only")
        if "?" in text:
            raise CommandRefused(f"refused {_shown(text)}: no '?' help requests")
        head, *pipes = text.split("|")
        words = head.split()
        if not words or not "show".startswith(words[0].lower()) or len(words[0]) < 2:
            raise CommandRefused(f"refused {_shown(text)}: only show commands are allowed")
        entry = self._entry(words, text)
        arguments = words[len(entry) :]
        for argument in arguments:
            if not _ARGUMENT.match(argument):
                raise CommandRefused(f"refused {_shown(text)}: odd argument {argument!r}")
        sent = " ".join([*entry, *arguments])
        if len(pipes) > 1:
            raise CommandRefused(f"refused {_shown(text)}: at most one output filter")
        if pipes:
            sent += " | " + _filter(pipes[0], text)
        return sent

    def _entry(self, words: Sequence[str], text: str) -> tuple[str, ...]:
        """The longest entry ``words`` spell (abbreviations allowed); refused when none."""
        lowered = [word.lower() for word in words]
        matches = [
            entry
            for entry in self.entries
            if len(entry) <= len(lowered)
            and all(full.startswith(given) for given, full in zip(lowered, entry, strict=False))
        ]
        if not matches:
            raise CommandRefused(
                f"refused {_shown(text)}: not an allowed show command "
                f"(allowed: {', '.join(self.commands)})"
            )
        longest = max(len(entry) for entry in matches)
        best = {entry for entry in matches if len(entry) == longest}
        if len(best) > 1:
            listed = " or ".join(sorted(" ".join(entry) for entry in best))
            raise CommandRefused(f"refused {_shown(text)}: ambiguous ({listed}): spell it out")
        return best.pop()


def _shown(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:80] + "...")


def _filter(pipe: str, text: str) -> str:
    words = pipe.split(maxsplit=1)
    if not words:
        raise CommandRefused(f"refused {_shown(text)}: empty output filter")
    found = [name for name in FILTERS if name.startswith(words[0].lower())]
    if len(found) != 1:
        raise CommandRefused(
            f"refused {_shown(text)}: output filter {words[0]!r} is not one of "
            f"{', '.join(FILTERS)} (no redirect, tee or append)"
        )
    if found[0] == "count":
        return "count" + (f" {words[1].strip()}" if len(words) > 1 else "")
    if len(words) < 2:
        raise CommandRefused(f"refused {_shown(text)}: '| {found[0]}' needs a pattern")
    return f"{found[0]} {words[1].strip()}"


def parse_policy(values: Any, file: str) -> ShowPolicy:
    """The policy of a config value (a list of show commands); ConfigError when malformed."""
    if values is None:
        values = DEFAULT_ALLOWED
    if not isinstance(values, Sequence) or isinstance(values, str) or not values:
        raise ConfigError("must be a non-empty list of show commands", key=KEY, file=file)
    entries = []
    for index, value in enumerate(values):
        words = tuple(str(value).lower().split()) if isinstance(value, str) else ()
        if len(words) < 2 or words[0] != "show" or "|" in str(value):
            raise ConfigError(
                f"must be a full show command like 'show version', got {value!r}",
                key=f"{KEY}[{index}]",
                file=file,
            )
        entries.append(words)
    return ShowPolicy(tuple(dict.fromkeys(entries)))


def load_policy(settings: Settings) -> ShowPolicy:
    """The allow-list of a loaded config file."""
    chat = settings.raw.get("chat")
    if chat is not None and not isinstance(chat, Mapping):
        raise ConfigError(
            "must be a mapping", key="user_defined.netauto.chat", file=str(settings.config_file)
        )
    return parse_policy((chat or {}).get("allowed_commands"), str(settings.config_file))
