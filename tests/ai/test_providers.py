"""The provider layer against the local stub, through the real openai and anthropic SDKs."""

from __future__ import annotations

import pytest
from aistub import Fail, Hang, StubServer

from netauto.ai.config import ProviderConfig
from netauto.ai.providers import Message, ProviderChain, ProvidersFailed


def chain_of(stub: StubServer, timeout: float = 5) -> ProviderChain:
    return ProviderChain(
        [
            ProviderConfig("openai", "gpt-test", base_url=stub.base_url("openai"), timeout=timeout),
            ProviderConfig(
                "anthropic", "claude-test", base_url=stub.base_url("anthropic"), timeout=timeout
            ),
        ]
    )


ASK = [Message("user", "configure ntp")]


def test_first_provider_answers_and_the_call_is_recorded(stub: StubServer) -> None:
    stub.script("openai", "ntp server 192.0.2.10")
    with chain_of(stub) as chain:
        completion = chain.complete("system text", ASK)
    assert completion.text == "ntp server 192.0.2.10"
    assert (completion.provider, completion.model) == ("openai", "gpt-test")
    [call] = completion.calls
    assert (call.outcome, call.input_tokens, call.output_tokens) == ("ok", 100, 20)
    assert call.latency_s >= 0
    [request] = stub.requests
    assert request.json["model"] == "gpt-test"
    assert request.json["messages"][0] == {"role": "system", "content": "system text"}
    assert stub.of("anthropic") == []


def test_fallback_to_anthropic_when_openai_returns_500(stub: StubServer) -> None:
    stub.script("openai", Fail(500))
    stub.script("anthropic", "logging host 192.0.2.20")
    with chain_of(stub) as chain:
        completion = chain.complete("sys", ASK)
    assert (completion.provider, completion.text) == ("anthropic", "logging host 192.0.2.20")
    assert [c.outcome for c in completion.calls] == ["error", "ok"]
    assert "500" in str(completion.calls[0].error)
    anthropic = stub.of("anthropic")[0].json
    assert anthropic["system"] == "sys" and anthropic["messages"] == [
        {"role": "user", "content": "configure ntp"}
    ]
    # One request per provider: SDK retries are off (max_retries 0 by default).
    assert len(stub.of("openai")) == 1


def test_fallback_when_openai_times_out(stub: StubServer) -> None:
    stub.script("openai", Hang())
    stub.script("anthropic", "ntp server 192.0.2.10")
    with chain_of(stub, timeout=0.5) as chain:
        completion = chain.complete("sys", ASK)
    assert completion.provider == "anthropic"
    assert [c.outcome for c in completion.calls] == ["timeout", "ok"]


def test_rate_limit_is_recorded_as_such(stub: StubServer) -> None:
    stub.script("openai", Fail(429, "slow down"))
    stub.script("anthropic", "ntp server 192.0.2.10")
    with chain_of(stub) as chain:
        completion = chain.complete("sys", ASK)
    assert completion.calls[0].outcome == "rate_limit"


def test_every_provider_failing_names_each_failure(stub: StubServer) -> None:
    stub.script("openai", Fail(500))
    stub.script("anthropic", Fail(503))
    with chain_of(stub) as chain, pytest.raises(ProvidersFailed) as caught:
        chain.complete("sys", ASK)
    assert "openai gpt-test: error" in str(caught.value)
    assert "anthropic claude-test: error" in str(caught.value)
    assert [c.outcome for c in caught.value.calls] == ["error", "error"]


def test_keys_come_from_the_environment(stub: StubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-openai")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
    stub.script("openai", Fail(500))
    stub.script("anthropic", "ntp server 192.0.2.10")
    with chain_of(stub) as chain:
        chain.complete("sys", ASK)
    openai_headers = {k.lower(): v for k, v in stub.of("openai")[0].headers.items()}
    anthropic_headers = {k.lower(): v for k, v in stub.of("anthropic")[0].headers.items()}
    assert openai_headers["authorization"] == "Bearer sk-test-openai"
    # The SDK decides the header (x-api-key or a bearer token); the key is the variable's.
    assert "sk-ant-test" in (
        anthropic_headers.get("x-api-key", "") + anthropic_headers.get("authorization", "")
    )


def test_base_url_from_the_sdk_variable(stub: StubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url("openai"))
    stub.script("openai", "ntp server 192.0.2.10")
    config = ProviderConfig("openai", "llama3")
    assert config.usable
    with ProviderChain([config]) as chain:
        assert chain.complete("sys", ASK).text == "ntp server 192.0.2.10"
    # A local server gets max_tokens, which compatible servers understand.
    assert stub.requests[0].json["max_tokens"] == 2048
