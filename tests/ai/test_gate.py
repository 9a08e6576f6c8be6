"""AI settings, answer extraction, the policy gate and the IOS pre-parse (no router, no model)."""

from __future__ import annotations

import pytest

from netauto.ai.config import AISettings, parse_ai_settings
from netauto.ai.extract import extract_config
from netauto.ai.policy import check_policy, management_interface
from netauto.ai.syntax import check_syntax
from netauto.exceptions import AIConfigError, ConfigError

AI = parse_ai_settings(None, "config.yaml")


def test_defaults_openai_then_anthropic() -> None:
    assert [p.name for p in AI.providers] == ["openai", "anthropic"]
    assert AI.max_attempts == 3 and AI.providers[0].max_retries == 0


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ({"providers": [{"name": "gemini"}]}, "user_defined.netauto.ai.providers[0].name"),
        ({"providers": [{"name": "openai", "timeout": 0}]}, "ai.providers[0].timeout"),
        ({"providers": [{"name": "openai", "colour": 1}]}, "ai.providers[0].colour"),
        ({"providers": []}, "ai.providers"),
        ({"forbidden": ["(unclosed"]}, "ai.forbidden[0]"),
        ({"max_attempts": 0}, "ai.max_attempts"),
    ],
)
def test_bad_settings_name_the_key_and_the_file(section: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_ai_settings(section, "/etc/netauto/config.yaml")
    assert key in str(caught.value) and "/etc/netauto/config.yaml" in str(caught.value)


def test_no_key_and_no_base_url_is_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(AIConfigError) as caught:
        AI.usable_providers()
    assert caught.value.exit_code == 2
    assert "OPENAI_API_KEY or ANTHROPIC_API_KEY" in str(caught.value)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "k")
    assert [p.name for p in AI.usable_providers()] == ["anthropic"]


def test_extract_takes_the_fenced_block_without_the_session() -> None:
    answer = (
        "Sure! Here is the config:\n\n```ios\nconfigure terminal\n! syslog\n"
        "logging host 192.0.2.20\nlogging trap warnings\nend\nwrite memory\n```\nDone."
    )
    assert extract_config(answer) == "logging host 192.0.2.20\nlogging trap warnings\n"


def test_extract_keeps_indentation_and_drops_prompts() -> None:
    answer = "R15(config)#interface Gi0/1\n description LAN\nR15#"
    assert extract_config(answer) == "interface Gi0/1\n description LAN\n"


def policy(candidate: str, settings: AISettings = AI, management: str | None = None) -> str:
    rejection = check_policy(candidate, settings.patterns, management=management)
    return rejection.check if rejection else "ok"


@pytest.mark.parametrize(
    ("candidate", "verdict"),
    [
        ("", "empty"),
        ("I cannot help with that request.", "not_config"),
        ('{"ntp": "192.0.2.10"}', "not_config"),
        ("snmp-server community <SECRET_1> RO", "placeholder"),
        ("ntp server <NTP_SERVER_IP>", "placeholder"),
        ("logging host 192.0.2.20\nreload in 5", "forbidden"),
        ("no aaa new-model", "forbidden"),
        ("write erase", "forbidden"),
        ("delete flash:config.text", "forbidden"),
        ("line vty 0 4\n transport input telnet", "forbidden"),
        ("line vty 0 4\n transport input ssh", "ok"),
        ("logging host 192.0.2.20\nlogging trap warnings", "ok"),
    ],
)
def test_policy(candidate: str, verdict: str) -> None:
    assert policy(candidate) == verdict


def test_the_management_interface_is_off_limits() -> None:
    running = "interface GigabitEthernet0/0\n ip address 10.0.0.15 255.255.255.0\n"
    management = management_interface(running, "10.0.0.15")
    assert management == "GigabitEthernet0/0"
    assert policy("interface Gi0/0\n shutdown", management=management) == "forbidden"
    assert policy("interface Gi0/0\n no ip address", management=management) == "forbidden"
    assert policy("no interface GigabitEthernet0/0", management=management) == "forbidden"
    assert policy("interface Gi0/0\n description uplink", management=management) == "ok"
    assert policy("interface Gi0/1\n shutdown", management=management) == "ok"


def test_the_policy_list_comes_from_the_settings() -> None:
    strict = parse_ai_settings({"forbidden": [r"ntp\b"]}, "config.yaml")
    assert policy("ntp server 192.0.2.10", strict) == "forbidden"
    assert policy("logging host 192.0.2.20\nreload", strict) == "ok"


def test_syntax_pre_parse() -> None:
    assert check_syntax("logging host 192.0.2.20\ninterface Gi0/1\n description x\n") == []
    assert check_syntax("banner motd ^C\nHello.\nBye\n^C\nntp server 192.0.2.10") == []
    [issue] = check_syntax("logging host 192.0.2.20\nset system ntp server 192.0.2.10")
    assert issue.line_number == 2 and "'set' is not an IOS command" in str(issue)
    assert "% Invalid input detected at '^' marker" in str(issue)
    [orphan] = check_syntax(" description floating")
    assert orphan.reason == "indented line outside a sub-mode"
