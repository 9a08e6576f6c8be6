"""Secrets in IOS configs: every kind is found, masked, and replaced reversibly for prompts."""

from __future__ import annotations

import pytest

from netauto.secrets import Redactor, find_secrets, mask

# (config text, the secrets in it)
CASES = [
    ("enable secret 9 $9$abc$defghijkl", ["$9$abc$defghijkl"]),
    ("username admin privilege 15 secret 9 $9$xyz$uvw", ["$9$xyz$uvw"]),
    ("tacacs-server host 10.1.1.1 key 7 0822455D0A16", ["0822455D0A16"]),
    ("tacacs-server key TacKey123", ["TacKey123"]),
    ("tacacs server TAC1\n address ipv4 10.1.1.2\n key 7 TacServerKey9", ["TacServerKey9"]),
    ("radius server RAD1\n key RadKey456", ["RadKey456"]),
    ("radius-server host 10.1.1.4 auth-port 1645 key RadHostKey", ["RadHostKey"]),
    ("aaa group server tacacs+ TG\n server-private 10.1.1.5 key 7 PrivKey77", ["PrivKey77"]),
    ("key chain OSPF\n key 1\n  key-string 7 KeyStr111", ["KeyStr111"]),
    ("interface Gi0/0\n ip ospf authentication-key 7 OspfAuthK", ["OspfAuthK"]),
    ("interface Gi0/0\n ip ospf message-digest-key 1 md5 7 OspfMd5K", ["OspfMd5K"]),
    ("interface Gi0/0\n standby 1 authentication md5 key-string HsrpMd5K", ["HsrpMd5K"]),
    ("interface Gi0/0\n standby 2 authentication HsrpTxtK", ["HsrpTxtK"]),
    ("interface Gi0/0\n vrrp 1 authentication md5 key-string VrrpMd5K", ["VrrpMd5K"]),
    ("interface Gi0/0\n glbp 2 authentication text GlbpTxtK", ["GlbpTxtK"]),
    ("interface Tu0\n ip nhrp authentication NhrpK", ["NhrpK"]),
    ("interface Gi0/0\n isis password IsisIfK", ["IsisIfK"]),
    ("router isis\n area-password IsisAreaK\n domain-password IsisDomK", ["IsisAreaK", "IsisDomK"]),
    ("router bgp 65000\n neighbor 10.0.0.2 password 7 BgpPw1", ["BgpPw1"]),
    ("mpls ldp neighbor 10.0.0.9 password LdpPw", ["LdpPw"]),
    ("ntp authentication-key 1 md5 NtpMd5K 7", ["NtpMd5K"]),
    ("crypto isakmp key IsaKey address 10.2.2.2", ["IsaKey"]),
    ("crypto keyring KR\n pre-shared-key address 10.3.3.3 key KrPsk", ["KrPsk"]),
    ("crypto ikev2 keyring IK\n peer P\n  pre-shared-key local Ikev2L", ["Ikev2L"]),
    ("snmp-server community SnmpRO RO", ["SnmpRO"]),
    ("snmp-server user u1 g1 v3 auth sha SnmpAuth priv aes 128 SnmpPriv", ["SnmpPriv", "SnmpAuth"]),
    ("snmp-server host 10.9.9.9 version 2c SnmpHostC", ["SnmpHostC"]),
    ("line vty 0 4\n password 7 VtyPw", ["VtyPw"]),
    (
        "interface Gi0/0\n ipv6 ospf encryption ipsec spi 300 esp null sha1 " + "ab" * 20,
        ["ab" * 20],
    ),
]


@pytest.mark.parametrize(("config", "secrets"), CASES, ids=[c[1][0] for c in CASES])
def test_every_kind_of_secret_is_found_and_masked(config: str, secrets: list[str]) -> None:
    assert sorted(find_secrets(config)) == sorted(secrets)
    masked = mask(config)
    assert all(secret not in masked for secret in secrets)
    assert masked.count("<removed>") == len(secrets)


def test_a_key_number_in_a_key_chain_is_not_a_secret() -> None:
    config = "key chain K\n key 1\n  key-string Chain1Key\nrouter ospf 1\n router-id 1.1.1.1"
    assert find_secrets(config) == ["Chain1Key"]
    redacted = Redactor().redact(config)
    assert "router ospf 1" in redacted and " key 1" in redacted


def test_redactor_placeholders_are_reversible_and_reach_later_texts() -> None:
    redactor = Redactor()
    config = "snmp-server community Comm1234 RO\nenable secret 9 $9$a$b"
    redacted = redactor.redact(config)
    assert "Comm1234" not in redacted and "<SECRET_" in redacted
    later = redactor.redact("% error near 'Comm1234' on line 3")
    assert "Comm1234" not in later
    assert redactor.restore(redacted) == config
    assert redactor.leaks("x Comm1234 y") == ["Comm1234"] and redactor.leaks(redacted) == []


def test_a_short_secret_is_masked_in_place_but_not_everywhere() -> None:
    redactor = Redactor()
    redacted = redactor.redact("snmp-server community 42 RO\nlogging buffered 42000")
    assert redacted.splitlines()[0].startswith("snmp-server community <SECRET_1>")
    assert redacted.splitlines()[1] == "logging buffered 42000"


def test_diff_lines_are_masked() -> None:
    assert mask("+snmp-server community DiffComm RO") == "+snmp-server community <removed> RO"
