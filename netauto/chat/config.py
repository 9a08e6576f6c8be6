"""Chat settings: ``user_defined.netauto.chat`` in config.yaml.

``allowed_commands`` is the show allow-list (``netauto.show_policy``); the others bound what
one question may cost: tool rounds, hosts per tool call, characters of one tool result, and
how many earlier messages of a session are sent again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netauto.exceptions import ConfigError
from netauto.show_policy import ShowPolicy, load_policy

if TYPE_CHECKING:
    from netauto.settings import Settings

KEY = "user_defined.netauto.chat"
LIMITS = {"max_tool_rounds": 8, "max_hosts": 50, "max_result_chars": 8000, "history_messages": 60}


@dataclass(frozen=True)
class ChatSettings:
    policy: ShowPolicy
    max_tool_rounds: int = 8
    max_hosts: int = 50
    max_result_chars: int = 8000
    history_messages: int = 60


def load_chat_settings(settings: Settings) -> ChatSettings:
    """The chat settings of a loaded config file; ConfigError names a bad key."""
    section: Any = settings.raw.get("chat") or {}
    file = str(settings.config_file)
    if not isinstance(section, Mapping):
        raise ConfigError("must be a mapping", key=KEY, file=file)
    unknown = sorted(set(section) - {"allowed_commands", *LIMITS})
    if unknown:
        raise ConfigError("unknown key", key=f"{KEY}.{unknown[0]}", file=file)
    limits: dict[str, int] = {}
    for name, default in LIMITS.items():
        value = section.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(
                f"must be an integer >= 1, got {value!r}", key=f"{KEY}.{name}", file=file
            )
        limits[name] = value
    return ChatSettings(policy=load_policy(settings), **limits)
