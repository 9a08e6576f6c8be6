"""AI settings: ``user_defined.netauto.ai`` in config.yaml.

Providers are tried in the order listed. API keys never live in the file: they come from
``OPENAI_API_KEY`` / ``ANTHROPIC_API_KEY``. A provider is usable when it has a key or a
``base_url`` (a local OpenAI-compatible server needs no key); ``base_url`` may also come from
the SDKs' own variables ``OPENAI_BASE_URL`` / ``ANTHROPIC_BASE_URL``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from netauto.exceptions import AIConfigError, ConfigError
from netauto.settings import SECTION, Settings

KEY = f"{SECTION}.ai"
PROVIDER_NAMES = ("openai", "anthropic")
DEFAULT_MODELS = {"openai": "gpt-4o", "anthropic": "claude-sonnet-4-5"}

# Anchored at the start of each stripped candidate line, case-insensitive.
DEFAULT_FORBIDDEN = (
    r"reload\b",
    r"(write )?erase\b",
    r"format\b",
    r"delete\b",
    r"no aaa new-model\b",
    r"crypto key zeroize\b",
    r"config-register\b",
    r"no ip ssh\b",
    r"no username\b",
    r"no enable (secret|password)\b",
    r"no line vty\b",
    r"no transport input\b",
    r"transport input (?!.*\bssh\b)",
    r"no ip routing\b",
    r"boot system\b",
)


@dataclass(frozen=True)
class ProviderConfig:
    """One provider entry of ``ai.providers``."""

    name: str
    model: str
    base_url: str | None = None
    timeout: float = 60.0
    max_tokens: int = 2048
    max_retries: int = 0

    @property
    def key_variable(self) -> str:
        return f"{self.name.upper()}_API_KEY"

    # The key from the settings (environment, or the encrypted database value); never printed.
    key: str | None = field(default=None, repr=False)

    @property
    def api_key(self) -> str | None:
        return self.key or os.environ.get(self.key_variable) or None

    @property
    def effective_base_url(self) -> str | None:
        return self.base_url or os.environ.get(f"{self.name.upper()}_BASE_URL") or None

    @property
    def usable(self) -> bool:
        return bool(self.api_key or self.effective_base_url)

    @property
    def label(self) -> str:
        return f"{self.name} {self.model}"


@dataclass(frozen=True)
class AISettings:
    providers: tuple[ProviderConfig, ...]
    forbidden: tuple[str, ...] = DEFAULT_FORBIDDEN
    max_attempts: int = 3
    management_interface: str | None = None
    context_chars: int = 6000
    patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False)

    def usable_providers(self) -> tuple[ProviderConfig, ...]:
        """The providers that can be called; AIConfigError (exit 2) when there is none."""
        usable = tuple(p for p in self.providers if p.usable)
        if not usable:
            raise AIConfigError(
                "no AI provider configured: set OPENAI_API_KEY or ANTHROPIC_API_KEY, "
                "or ai.providers[].base_url in config.yaml"
            )
        return usable


def _default_providers() -> tuple[ProviderConfig, ...]:
    return tuple(ProviderConfig(name=n, model=DEFAULT_MODELS[n]) for n in PROVIDER_NAMES)


class _Parser:
    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(message, key=f"{KEY}.{key}", file=self.file)

    def number(self, data: Mapping[str, Any], key: str, where: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise self.fail(f"{where}{key}", f"must be a number > 0, got {value!r}")
        return float(value)

    def integer(self, data: Mapping[str, Any], key: str, where: str, default: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(f"{where}{key}", f"must be an integer >= 0, got {value!r}")
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}{key}", f"must be a non-empty string, got {value!r}")
        return value.strip()

    def provider(self, index: int, data: Any) -> ProviderConfig:
        where = f"providers[{index}]."
        if not isinstance(data, Mapping):
            raise self.fail(f"providers[{index}]", "must be a mapping (name, model, ...)")
        unknown = sorted(
            set(data) - {"name", "model", "base_url", "timeout", "max_tokens", "max_retries"}
        )
        if unknown:
            raise self.fail(f"{where}{unknown[0]}", "unknown key")
        name = data.get("name")
        if name not in PROVIDER_NAMES:
            raise self.fail(
                f"{where}name", f"must be one of {', '.join(PROVIDER_NAMES)}, got {name!r}"
            )
        max_tokens = self.integer(data, "max_tokens", where, 2048)
        if max_tokens < 1:
            raise self.fail(f"{where}max_tokens", "must be at least 1")
        return ProviderConfig(
            name=name,
            model=self.text(data, "model", where) or DEFAULT_MODELS[name],
            base_url=self.text(data, "base_url", where),
            timeout=self.number(data, "timeout", where, 60.0),
            max_tokens=max_tokens,
            max_retries=self.integer(data, "max_retries", where, 0),
        )

    def patterns(self, values: Any) -> tuple[str, ...]:
        if not isinstance(values, Sequence) or isinstance(values, str):
            raise self.fail("forbidden", "must be a list of regular expressions")
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"forbidden[{index}]", "must be a non-empty string")
            try:
                re.compile(value)
            except re.error as exc:
                raise self.fail(
                    f"forbidden[{index}]", f"invalid regular expression: {exc}"
                ) from None
        return tuple(values)


def parse_ai_settings(section: Any, file: str) -> AISettings:
    """Validate the ``ai`` mapping; ConfigError names the key and the file."""
    parser = _Parser(file)
    if section is None:
        section = {}
    if not isinstance(section, Mapping):
        raise ConfigError("must be a mapping", key=KEY, file=file)
    providers_data = section.get("providers")
    if providers_data is None:
        providers = _default_providers()
    elif isinstance(providers_data, list) and providers_data:
        providers = tuple(parser.provider(i, p) for i, p in enumerate(providers_data))
    else:
        raise parser.fail("providers", "must be a non-empty list")
    forbidden = parser.patterns(section.get("forbidden", list(DEFAULT_FORBIDDEN)))
    attempts = parser.integer(section, "max_attempts", "", 3)
    if attempts < 1:
        raise parser.fail("max_attempts", "must be at least 1")
    return AISettings(
        providers=providers,
        forbidden=forbidden,
        max_attempts=attempts,
        management_interface=parser.text(section, "management_interface", ""),
        context_chars=parser.integer(section, "context_chars", "", 6000),
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in forbidden),
    )


def load_ai_settings(settings: Settings) -> AISettings:
    """The AI settings of a loaded config file, with the providers' keys from the settings.

    A key comes from ``OPENAI_API_KEY`` / ``ANTHROPIC_API_KEY``, else from the encrypted
    setting ``ai.<name>_api_key`` (``netauto settings set``).
    """
    parsed = parse_ai_settings(settings.raw.get("ai"), str(settings.config_file))
    providers = tuple(
        replace(provider, key=settings.value(f"ai.{provider.name}_api_key"))
        for provider in parsed.providers
    )
    return replace(parsed, providers=providers)
