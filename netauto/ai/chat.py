"""One turn of a chat with tools: stream the answer, collect the tool calls, fall back.

:func:`converse` sends the whole history to the first provider of the chain (OpenAI chat
completions, or Anthropic messages, both streamed) and returns its text and tool calls. When
a provider fails, the next one gets the same history, tool calls and results included, in
its own API's shape: a conversation survives a provider failing in its middle. Before each
request, ``guard`` sees every string of the exact request (the leak check); whatever it
raises stops the turn, and no other provider is tried.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from netauto.ai.messages import (
    ChatMessage,
    ToolCall,
    ToolSpec,
    anthropic_messages,
    anthropic_tools,
    openai_messages,
    openai_tools,
    parse_arguments,
)
from netauto.ai.providers import CallRecord, Provider, ProviderChain
from netauto.exceptions import AIError

TextSink = Callable[[str], None]
Guard = Callable[[Any], None]
ToolChoice = Literal["auto", "none"]


@dataclass
class Reply:
    """What the model answered: text, tool calls, and every request it took."""

    text: str
    tool_calls: list[ToolCall]
    provider: str
    model: str
    calls: list[CallRecord] = field(default_factory=list)


@dataclass
class _Answer:
    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    input_tokens: int | None = None
    output_tokens: int | None = None


def _openai_turn(
    provider: Provider,
    system: str,
    history: Sequence[ChatMessage],
    tools: Sequence[ToolSpec],
    choice: ToolChoice,
    on_text: TextSink,
    guard: Guard,
) -> _Answer:
    config = provider.config
    limit = "max_tokens" if config.effective_base_url else "max_completion_tokens"
    request: dict[str, Any] = {
        "model": config.model,
        limit: config.max_tokens,
        "messages": openai_messages(system, history),
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    if tools:
        request.update(tools=openai_tools(tools), tool_choice=choice)
    guard(request)
    answer = _Answer()
    parts: list[str] = []
    pending: dict[int, dict[str, str]] = {}
    stream = provider.client().chat.completions.create(**request)
    try:
        for chunk in stream:
            if getattr(chunk, "usage", None):
                answer.input_tokens = chunk.usage.prompt_tokens
                answer.output_tokens = chunk.usage.completion_tokens
            for each in chunk.choices or ():
                delta = each.delta
                if delta is None:
                    continue
                if delta.content:
                    parts.append(delta.content)
                    on_text(delta.content)
                for call in delta.tool_calls or ():
                    entry = pending.setdefault(call.index, {"id": "", "name": "", "arguments": ""})
                    entry["id"] = entry["id"] or (call.id or "")
                    if call.function is not None:
                        entry["name"] = entry["name"] or (call.function.name or "")
                        entry["arguments"] += call.function.arguments or ""
    finally:
        stream.close()
    answer.text = "".join(parts)
    for index in sorted(pending):
        entry = pending[index]
        arguments, error = parse_arguments(entry["arguments"])
        call_id = entry["id"] or f"call_{index}"
        answer.tool_calls.append(ToolCall(call_id, entry["name"], arguments, error))
    return answer


def _anthropic_turn(
    provider: Provider,
    system: str,
    history: Sequence[ChatMessage],
    tools: Sequence[ToolSpec],
    choice: ToolChoice,
    on_text: TextSink,
    guard: Guard,
) -> _Answer:
    config = provider.config
    request: dict[str, Any] = {
        "model": config.model,
        "max_tokens": config.max_tokens,
        "system": system,
        "messages": anthropic_messages(history),
    }
    if tools:
        request.update(tools=anthropic_tools(tools), tool_choice={"type": choice})
    guard(request)
    with provider.client().messages.stream(**request) as stream:
        for text in stream.text_stream:
            on_text(text)
        final = stream.get_final_message()
    answer = _Answer()
    texts = []
    for block in final.content:
        kind = getattr(block, "type", "")
        if kind == "text":
            texts.append(block.text)
        elif kind == "tool_use":
            value = block.input if isinstance(block.input, dict) else {}
            answer.tool_calls.append(ToolCall(block.id, block.name, dict(value)))
    answer.text = "".join(texts)
    if final.usage is not None:
        answer.input_tokens = final.usage.input_tokens
        answer.output_tokens = final.usage.output_tokens
    return answer


_TURNS = {"openai": _openai_turn, "anthropic": _anthropic_turn}


def converse(
    chain: ProviderChain,
    system: str,
    history: Sequence[ChatMessage],
    tools: Sequence[ToolSpec] = (),
    *,
    tool_choice: ToolChoice = "auto",
    on_text: TextSink | None = None,
    on_fallback: Callable[[CallRecord], None] | None = None,
    guard: Guard | None = None,
) -> Reply:
    """The first provider's streamed answer to ``history``; the next provider on failure.

    ``on_text`` gets the answer's text as it arrives; ``on_fallback`` each failed request
    before the next provider is asked (a front end may have shown part of an answer).
    Raises ProvidersFailed when every provider failed, or what ``guard`` raised.
    """
    sink = on_text or (lambda _text: None)
    check = guard or (lambda _request: None)

    def turn(provider: Provider) -> _Answer:
        turn_of = _TURNS[provider.config.name]
        return turn_of(provider, system, history, tools, tool_choice, sink, check)

    # AIError: the guard refused the request, so no provider may get it.
    config, answer, calls = chain.first(turn, fatal=(AIError,), on_fallback=on_fallback)
    return Reply(answer.text, answer.tool_calls, config.name, config.model, calls)
