"""The provider layer: the official ``openai`` and ``anthropic`` SDKs behind one interface.

:class:`ProviderChain` tries the configured providers in order and falls back to the next on
any error (HTTP error, timeout, rate limit, unreadable answer). Every call, failed or not, is
recorded as a :class:`CallRecord`. The SDKs are imported on first use only: they are heavy
and ``netauto --help`` must stay fast.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from types import TracebackType
from typing import Any, Literal, Protocol, TypeVar

from netauto.ai.config import ProviderConfig
from netauto.exceptions import AIError
from netauto.exceptions import ProvidersFailed as ProvidersFailed  # re-exported
from netauto.text import first_line

Role = Literal["user", "assistant"]
# Local OpenAI-compatible servers ignore the key, but the SDKs insist on one.
UNUSED_KEY = "unused"


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass
class CallRecord:
    """One request to one provider: what the log keeps about it."""

    provider: str
    model: str
    latency_s: float
    outcome: str  # ok | error | timeout | rate_limit
    input_tokens: int | None = None
    output_tokens: int | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Completion:
    """The answer of the provider that succeeded, with every call it took to get it."""

    text: str
    provider: str
    model: str
    calls: list[CallRecord] = field(default_factory=list)

    @property
    def latency_s(self) -> float:
        return sum(call.latency_s for call in self.calls)


@dataclass(frozen=True)
class Answer:
    text: str
    input_tokens: int | None
    output_tokens: int | None


class Counted(Protocol):
    """An answer that says what it cost (both SDKs report tokens)."""

    @property
    def input_tokens(self) -> int | None: ...

    @property
    def output_tokens(self) -> int | None: ...


AnswerT = TypeVar("AnswerT", bound=Counted)


class Provider(Protocol):
    config: ProviderConfig

    def complete(self, system: str, messages: Sequence[Message]) -> Answer: ...

    def client(self) -> Any: ...

    def close(self) -> None: ...


class _SDKProvider:
    """One client of an official SDK, created on first use (the SDKs are slow to import)."""

    sdk = ""  # module name
    client_class = ""

    def __init__(self, config: ProviderConfig) -> None:
        self.config = config
        self._client: Any = None

    def client(self) -> Any:
        """The SDK client (``openai.OpenAI``, ``anthropic.Anthropic``), made on first use."""
        return self._get_client()

    def _get_client(self) -> Any:
        if self._client is None:
            module = importlib.import_module(self.sdk)
            self._client = getattr(module, self.client_class)(
                api_key=self.config.api_key or UNUSED_KEY,
                base_url=self.config.effective_base_url,
                timeout=self.config.timeout,
                max_retries=self.config.max_retries,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


class OpenAIProvider(_SDKProvider):
    """Chat completions through ``openai.OpenAI`` (also vLLM, Ollama... via base_url)."""

    sdk, client_class = "openai", "OpenAI"

    def complete(self, system: str, messages: Sequence[Message]) -> Answer:
        # OpenAI's current models only take max_completion_tokens; compatible servers (vLLM,
        # Ollama) have always understood max_tokens.
        limit = "max_tokens" if self.config.effective_base_url else "max_completion_tokens"
        response = self._get_client().chat.completions.create(
            model=self.config.model,
            **{limit: self.config.max_tokens},
            messages=[
                {"role": "system", "content": system},
                *({"role": m.role, "content": m.content} for m in messages),
            ],
        )
        if not response.choices:
            raise AIError("the answer has no choices")
        usage = response.usage
        return Answer(
            text=response.choices[0].message.content or "",
            input_tokens=usage.prompt_tokens if usage else None,
            output_tokens=usage.completion_tokens if usage else None,
        )


class AnthropicProvider(_SDKProvider):
    """The messages API through ``anthropic.Anthropic``."""

    sdk, client_class = "anthropic", "Anthropic"

    def complete(self, system: str, messages: Sequence[Message]) -> Answer:
        response = self._get_client().messages.create(
            model=self.config.model,
            max_tokens=self.config.max_tokens,
            system=system,
            messages=[{"role": m.role, "content": m.content} for m in messages],
        )
        text = "".join(
            block.text for block in response.content if getattr(block, "type", "") == "text"
        )
        usage = response.usage
        return Answer(
            text=text,
            input_tokens=usage.input_tokens if usage else None,
            output_tokens=usage.output_tokens if usage else None,
        )


_FACTORIES: dict[str, type[OpenAIProvider] | type[AnthropicProvider]] = {
    "openai": OpenAIProvider,
    "anthropic": AnthropicProvider,
}


def make_provider(config: ProviderConfig) -> Provider:
    return _FACTORIES[config.name](config)


def classify(exc: BaseException) -> str:
    """The outcome of a failed call; both SDKs use the same exception class names."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "APITimeoutError" in names or isinstance(exc, TimeoutError):
        return "timeout"
    if "RateLimitError" in names:
        return "rate_limit"
    return "error"


def describe(exc: BaseException) -> str:
    status = getattr(exc, "status_code", None)
    text = first_line(exc)
    text = text if len(text) <= 200 else text[:200] + "..."
    return f"HTTP {status}: {text}" if status else f"{type(exc).__name__}: {text}"


class ProviderChain:
    """The providers in config order; use as a context manager so the clients get closed."""

    def __init__(self, configs: Sequence[ProviderConfig]) -> None:
        if not configs:
            raise AIError("no AI provider to call")
        self.providers: list[Provider] = [make_provider(c) for c in configs]

    def first(
        self,
        ask: Callable[[Provider], AnswerT],
        *,
        fatal: tuple[type[BaseException], ...] = (),
        on_fallback: Callable[[CallRecord], None] | None = None,
    ) -> tuple[ProviderConfig, AnswerT, list[CallRecord]]:
        """``ask`` each provider in config order until one answers: (its config, its answer,
        a CallRecord of every request). A failure is recorded, given to ``on_fallback`` and
        the next provider asked; an exception of a ``fatal`` type is raised at once;
        ProvidersFailed naming every failure when all fail."""
        calls: list[CallRecord] = []
        for provider in self.providers:
            config = provider.config
            started = time.perf_counter()
            try:
                answer = ask(provider)
            except fatal:
                raise
            except Exception as exc:  # any failure of one provider means: try the next
                record = CallRecord(
                    provider=config.name,
                    model=config.model,
                    latency_s=round(time.perf_counter() - started, 3),
                    outcome=classify(exc),
                    error=describe(exc),
                )
                calls.append(record)
                if on_fallback is not None:
                    on_fallback(record)
                continue
            calls.append(
                CallRecord(
                    provider=config.name,
                    model=config.model,
                    latency_s=round(time.perf_counter() - started, 3),
                    outcome="ok",
                    input_tokens=answer.input_tokens,
                    output_tokens=answer.output_tokens,
                )
            )
            return config, answer, calls
        failures = "; ".join(f"{c.provider} {c.model}: {c.outcome} ({c.error})" for c in calls)
        raise ProvidersFailed(f"every AI provider failed: {failures}", calls)

    def complete(self, system: str, messages: Sequence[Message]) -> Completion:
        """The first successful answer; AIError naming every failure when all fail."""
        config, answer, calls = self.first(lambda provider: provider.complete(system, messages))
        return Completion(answer.text, config.name, config.model, calls)

    def close(self) -> None:
        for provider in self.providers:
            provider.close()

    def __enter__(self) -> ProviderChain:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
