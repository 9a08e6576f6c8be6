"""The generation loop for one router: ask, extract, verify, feed the error back, retry.

Nothing here touches a router directly: the router check is a callable (the NAPALM dry run
in a task, a stub in tests). Before each request the whole conversation is checked against
the secrets learned from the router's config: a request that would carry one is never sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netauto.ai.config import AISettings
from netauto.ai.extract import extract_config
from netauto.ai.prompt import SYSTEM_PROMPT, HostContext, feedback_prompt, user_prompt
from netauto.ai.providers import CallRecord, Message, ProviderChain
from netauto.ai.verify import DeviceCheck, verify_candidate
from netauto.exceptions import AIError, ProvidersFailed
from netauto.secrets import Redactor


@dataclass
class Attempt:
    number: int
    provider: str
    model: str
    answer: str
    candidate: str
    check: str
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.error


@dataclass
class Generation:
    """Everything one router's generation produced, for the result, the log and the user."""

    host: str
    intent: str
    system: str = SYSTEM_PROMPT
    messages: list[Message] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    verdict: str = "rejected"  # accepted | rejected | provider_failed
    candidate: str = ""
    diff: str = ""
    error: str = ""
    redacted: int = 0

    @property
    def accepted(self) -> bool:
        return self.verdict == "accepted"

    @property
    def provider(self) -> str | None:
        return self.attempts[-1].provider if self.attempts else None

    @property
    def model(self) -> str | None:
        return self.attempts[-1].model if self.attempts else None

    @property
    def latency_s(self) -> float:
        return round(sum(call.latency_s for call in self.calls), 3)


def _guard(messages: list[Message], redactor: Redactor) -> None:
    for message in messages:
        if redactor.leaks(message.content):
            raise AIError("refusing to send a request: it would contain a secret of the router")


def generate(
    chain: ProviderChain,
    context: HostContext,
    intent: str,
    ai: AISettings,
    *,
    device_check: DeviceCheck | None,
    config_type: str | None = None,
    max_attempts: int | None = None,
    management: str | None = None,
    redactor: Redactor | None = None,
) -> Generation:
    """Up to ``max_attempts`` answers until one passes every check."""
    redactor = redactor if redactor is not None else Redactor()
    first = user_prompt(context, intent, redactor, config_type=config_type, limit=ai.context_chars)
    generation = Generation(host=context.host, intent=intent)
    generation.messages.append(Message("user", first))
    generation.redacted = len(redactor.placeholders)
    for number in range(1, (max_attempts or ai.max_attempts) + 1):
        _guard(generation.messages, redactor)
        try:
            completion = chain.complete(SYSTEM_PROMPT, generation.messages)
        except ProvidersFailed as exc:
            generation.calls.extend(exc.calls)
            generation.verdict = "provider_failed"
            generation.error = str(exc)
            return generation
        generation.calls.extend(completion.calls)
        generation.messages.append(Message("assistant", completion.text))
        candidate = extract_config(completion.text)
        verdict = verify_candidate(candidate, ai.patterns, device_check, management=management)
        generation.attempts.append(
            Attempt(
                number,
                completion.provider,
                completion.model,
                completion.text,
                candidate,
                verdict.check,
                verdict.error,
            )
        )
        if verdict.passed:
            generation.verdict = "accepted"
            generation.candidate = candidate
            generation.diff = verdict.diff
            generation.error = ""
            return generation
        generation.error = verdict.error
        generation.messages.append(Message("user", feedback_prompt(verdict.error, redactor)))
    # The last feedback message was never sent: keep the log to what the model saw.
    generation.messages.pop()
    return generation
