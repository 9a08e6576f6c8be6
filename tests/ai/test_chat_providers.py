"""Tool calling through the real SDKs against the stub: both APIs, streaming, fallback, guard."""

from __future__ import annotations

import pytest
from aistub import Call, Fail, StubServer, Turn

from netauto.ai.chat import converse
from netauto.ai.config import ProviderConfig
from netauto.ai.messages import ChatMessage, ToolSpec, parse_arguments
from netauto.ai.providers import ProviderChain, ProvidersFailed
from netauto.exceptions import AIError

SPEC = ToolSpec(
    "list_devices",
    "List devices",
    {"type": "object", "properties": {"status": {"type": "string"}}, "required": []},
)


def chain_of(stub: StubServer, *names: str) -> ProviderChain:
    models = {"openai": "gpt-test", "anthropic": "claude-test"}
    return ProviderChain(
        [ProviderConfig(n, models[n], base_url=stub.base_url(n), timeout=5) for n in names]
    )


def run_tool_round(stub: StubServer, *names: str) -> tuple[list[str], list[ChatMessage]]:
    """A question, a tool call, its result sent back, the answer; returns the streamed text."""
    streamed: list[str] = []
    history = [ChatMessage("user", "which routers are offline?")]
    with chain_of(stub, *names) as chain:
        first = converse(chain, "sys", history, [SPEC], on_text=streamed.append)
        [call] = first.tool_calls
        assert (call.name, call.arguments, call.error) == (
            "list_devices",
            {"status": "offline"},
            None,
        )
        history.append(ChatMessage("assistant", first.text, first.tool_calls))
        history.append(ChatMessage("tool", '{"devices": ["R17"]}', tool_call_id=call.id))
        second = converse(chain, "sys", history, [SPEC], on_text=streamed.append)
    assert second.text == "R17 is offline." and not second.tool_calls
    history.append(ChatMessage("assistant", second.text))
    return streamed, history


def test_openai_tool_calls_streamed_and_answered(stub: StubServer) -> None:
    stub.script(
        "openai",
        Turn("Checking.", (Call("list_devices", {"status": "offline"}),)),
        "R17 is offline.",
    )
    streamed, _ = run_tool_round(stub, "openai", "anthropic")
    assert "".join(streamed) == "Checking.R17 is offline." and len(streamed) > 2
    first, second = (request.json for request in stub.of("openai"))
    assert first["stream"] is True and first["tools"][0]["function"]["name"] == "list_devices"
    assert first["messages"][0] == {"role": "system", "content": "sys"}
    assistant, tool = second["messages"][2:4]
    assert assistant["tool_calls"][0]["function"]["name"] == "list_devices"
    assert tool == {
        "role": "tool",
        "tool_call_id": assistant["tool_calls"][0]["id"],
        "content": '{"devices": ["R17"]}',
    }
    assert stub.of("anthropic") == []


def test_anthropic_tool_use_and_tool_result_blocks(stub: StubServer) -> None:
    stub.script("anthropic", Call("list_devices", {"status": "offline"}), "R17 is offline.")
    run_tool_round(stub, "anthropic")
    second = stub.of("anthropic")[1].json
    assert second["system"] == "sys" and second["tools"][0]["input_schema"] == SPEC.parameters
    roles = [message["role"] for message in second["messages"]]
    assert roles == ["user", "assistant", "user"]
    use = second["messages"][1]["content"][0]
    result = second["messages"][2]["content"][0]
    assert use["type"] == "tool_use" and use["input"] == {"status": "offline"}
    assert result == {
        "type": "tool_result",
        "tool_use_id": use["id"],
        "content": '{"devices": ["R17"]}',
    }


def test_fallback_in_the_middle_keeps_the_tool_history(stub: StubServer) -> None:
    stub.script("openai", Call("list_devices", {"status": "offline"}), Fail(500))
    stub.script("anthropic", "R17 is offline.")
    run_tool_round(stub, "openai", "anthropic")
    [request] = stub.of("anthropic")
    blocks = [block["type"] for m in request.json["messages"] for block in m["content"]]
    assert blocks == ["text", "tool_use", "tool_result"]
    assert request.tool_results() == ['{"devices": ["R17"]}']


def test_the_guard_stops_a_request_before_any_provider(stub: StubServer) -> None:
    def guard(request: object) -> None:
        if "S3cret" in str(request):
            raise AIError("refusing to send a request: it would contain a secret")

    history = [ChatMessage("user", "the community is S3cret")]
    with chain_of(stub, "openai", "anthropic") as chain, pytest.raises(AIError, match="refusing"):
        converse(chain, "sys", history, [SPEC], guard=guard)
    assert stub.requests == []


def test_every_provider_failing_is_providers_failed(stub: StubServer) -> None:
    stub.script("openai", Fail(500))
    stub.script("anthropic", Fail(529))
    with chain_of(stub, "openai", "anthropic") as chain, pytest.raises(ProvidersFailed):
        converse(chain, "sys", [ChatMessage("user", "hi")], [SPEC])


def test_arguments_that_are_not_an_object_are_an_error() -> None:
    assert parse_arguments('{"status": "offline"}') == ({"status": "offline"}, None)
    assert parse_arguments("") == ({}, None)
    assert parse_arguments("[1]")[1] == "the arguments must be a JSON object"
    assert "not valid JSON" in str(parse_arguments("{status")[1])
