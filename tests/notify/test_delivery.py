"""The outbox with real servers on loopback: a dead SMTP server delays mail but loses nothing;
webhooks are signed (generic), or shaped for Slack and Teams; rules, severities and mutes."""

from __future__ import annotations

import json
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any, ClassVar

import pytest
from netauto_testing import write_project
from notify_servers import SECRET, Receiver, smtp_server

from netauto.clock import utcnow
from netauto.lab.fleet import free_port
from netauto.project import Project


def _project(tmp_path: Path, url: str, smtp_port: int) -> Project:
    netauto = {
        "notify": {"smtp": {"host": "127.0.0.1", "port": smtp_port}, "webhook_secret": SECRET}
    }
    return Project.open(write_project(tmp_path, url, hosts={}, netauto=netauto))


def test_dead_smtp_delays_mail_but_loses_nothing(tmp_path: Path, database_url: str) -> None:
    from netauto.notify.emit import emit

    port = free_port("127.0.0.1")  # nothing listens there yet
    project = _project(tmp_path, database_url, port)
    project.notify.add_channel("ops", email="ops@example.net")
    project.notify.add_rule(channel="ops", event="all", min_severity="warning")
    emit(project.url, kind="router_down", severity="error", text="R15 is down", router="R15")
    emit(project.url, kind="router_up", severity="info", text="R15 is back")  # below the rule

    first = project.notify.drain()
    assert (first.sent, first.failed) == (0, 1)
    assert project.notify.outbox() == {"pending": 1}
    assert project.notify.drain().failed == 0  # not due again before its backoff

    controller, box = smtp_server(port)
    try:
        from netauto.notify.deliver import drain

        later = drain(project.url, project.settings, now=utcnow() + timedelta(seconds=16))
        assert (later.sent, later.failed) == (1, 0)
        assert project.notify.outbox() == {"sent": 1}
        assert [m["Subject"] for m in box.messages] == ["[netauto] error: R15 is down"]
    finally:
        controller.stop()


class _Plain(BaseHTTPRequestHandler):
    bodies: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        _Plain.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_webhook_formats_signature_and_mutes(tmp_path: Path, sqlite_url: str) -> None:
    from netauto.notify.emit import emit

    project = _project(tmp_path, sqlite_url, free_port("127.0.0.1")).acting_as("alice")
    signed = Receiver()
    plain = ThreadingHTTPServer(("127.0.0.1", 0), _Plain)
    Thread(target=plain.serve_forever, daemon=True).start()
    where = f"http://127.0.0.1:{plain.server_address[1]}"
    try:
        project.notify.add_channel("hook", webhook=signed.url)
        project.notify.add_channel("slack", webhook=where + "/slack", format="slack")
        project.notify.add_channel("teams", webhook=where + "/teams", format="teams")
        for name in ("hook", "slack", "teams"):
            project.notify.add_rule(channel=name, event="config_changed_outside")
        project.notify.add_rule(channel="hook", event="link_down", username="alice")
        project.notify.mute("link_down")
        emit(project.url, kind="link_down", severity="warning", text="R15 Gi0/1 is down")
        diff = "+snmp-server community Sup3rS3cret RO\n+ntp server 192.0.2.99"
        emit(project.url, kind="config_changed_outside", severity="warning", router="R15",
             text="R15 config changed outside netauto", data={"diff": diff})  # fmt: skip
        done = project.notify.drain()
        assert (done.sent, done.failed) == (3, 0)
        shown = {c.name: c.to_json()["target"] for c in project.notify.channels()}
        assert shown["slack"] == f"{where}/..."  # a webhook's path is its secret
        assert [r["event"]["kind"] for r in signed.received] == ["config_changed_outside"]
        slack, teams = sorted(_Plain.bodies, key=lambda body: "text" not in body)
        assert slack["text"].startswith("*warning* R15 config changed outside netauto")
        card = teams["attachments"][0]
        assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
        everything = json.dumps([signed.received, _Plain.bodies])
        assert "Sup3rS3cret" not in everything and "192.0.2.99" in everything
        bell = project.notify.bell()
        assert [e["kind"] for e in bell["events"]] == ["config_changed_outside"]  # muted: gone
        assert bell["unread"] == 1
        project.notify.mark_read(bell["events"][0]["id"])
        assert project.notify.bell()["unread"] == 0
    finally:
        signed.close()
        plain.shutdown()
        plain.server_close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["channel", "add", "x", "--email", "nope"], "not an email address"),
        (["channel", "add", "x"], "give one of --email or --webhook"),
        (["channel", "add", "x", "--webhook", "ftp://h/"], "must be an http(s) URL"),
        (["channel", "add", "x", "--webhook", "http://"], "must be an http(s) URL"),
        (["channel", "add", "x", "--webhook", "https:///hook"], "must be an http(s) URL"),
        (["channel", "add", "x", "--webhook", "http://[::1/hook"], "must be an http(s) URL"),
        (["rule", "add", "--channel", "none"], "no channel named none"),
        (["test", "none"], "no channel named none"),
    ],
)
def test_bad_input_one_line_exit_2(
    tmp_path: Path, sqlite_url: str, args: list[str], message: str
) -> None:
    from click.testing import CliRunner

    from netauto.cli import cli

    config = write_project(tmp_path, sqlite_url, hosts={})
    result = CliRunner().invoke(cli, ["notify", *args, "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_stale_lock_taken_over_is_an_event(tmp_path: Path, sqlite_url: str) -> None:
    import socket
    import subprocess
    import uuid

    from sqlalchemy import insert

    from netauto.context import RunContext
    from netauto.db.engine import get_engine
    from netauto.db.locks import DeviceLock
    from netauto.runner.store import DatabaseStore

    project = _project(tmp_path, sqlite_url, free_port("127.0.0.1"))
    gone = subprocess.Popen(["true"])
    gone.wait()
    now = utcnow()
    with get_engine(project.url).begin() as connection:  # held by a process that ended
        connection.execute(
            insert(DeviceLock).values(
                host="R15", token=uuid.uuid4(), owner="bob", holder=f"here:{gone.pid}",
                acquired_at=now, expires_at=now + timedelta(hours=1), owner_pid=gone.pid,
                owner_host=socket.gethostname(), renewed_at=now,
            )
        )  # fmt: skip
    store = DatabaseStore(RunContext(project.settings, "alice"))
    with store.lock("R15", None):
        pass
    (event,) = project.notify.events()
    assert (event.kind, event.router, event.severity) == ("lock_taken_over", "R15", "warning")
    assert "bob" in event.text and "is gone" in event.text


def test_spool_not_draining_told_once(tmp_path: Path, sqlite_url: str) -> None:
    from netauto.notify.deliver import SpoolWatch

    project = _project(tmp_path, sqlite_url, free_port("127.0.0.1"))
    watch = SpoolWatch(project.url, project.settings, after=0)
    assert watch.check() is None  # nothing waits
    project.settings.spool_file.write_text('{"kind": "op"}\n{"kind": "op"}\n')
    assert watch.check() is not None and watch.check() is None  # told once
    (event,) = project.notify.events()
    assert event.kind == "spool_not_draining" and event.data == {"pending": 2}
    project.settings.spool_file.write_text("")
    assert watch.check() is None
    project.settings.spool_file.write_text('{"kind": "op"}\n')
    assert watch.check() is not None  # stuck again after it drained: told again


def test_compliance_drop_and_scheduled_failures_told_on_change(
    tmp_path: Path, sqlite_url: str
) -> None:
    from netauto.notify.runs import compliance_states, run_failure
    from netauto.report import HostOutcome, RunReport

    project = _project(tmp_path, sqlite_url, free_port("127.0.0.1"))
    url = project.url
    for status in ("compliant", "non-compliant", "non-compliant"):
        compliance_states(url, [HostOutcome("R15", status, detail="ntp (+1)")], None)

    def report(*statuses: str) -> RunReport:
        hosts = [HostOutcome(f"R{15 + n}", s, detail="timeout") for n, s in enumerate(statuses)]
        return RunReport(runbook="backup", run_id=None, hosts=hosts)

    schedule = "f00dfeed-0000-0000-0000-000000000000"
    told = [run_failure(url, report(*s), schedule) for s in
            [("failed", "ok"), ("failed", "ok"), ("ok", "ok"), ("failed", "failed")]]  # fmt: skip
    assert [t is not None for t in told] == [True, False, False, True]
    kinds = [(e.kind, e.router) for e in reversed(project.notify.events())]
    assert kinds == [
        ("compliance_dropped", "R15"),
        ("run_partially_failed", None),
        ("run_failed", None),
    ]


def test_event_texts_count_in_english(tmp_path: Path, sqlite_url: str) -> None:
    """One router, one result: "1 of 1 router failed", "1 result has waited"."""
    from netauto.notify.deliver import SpoolWatch
    from netauto.notify.runs import run_failure
    from netauto.report import HostOutcome, RunReport

    project = _project(tmp_path, sqlite_url, free_port("127.0.0.1"))
    one = RunReport("backup", None, [HostOutcome("R15", "failed", detail="timeout")])
    assert run_failure(project.url, one, None) is not None
    project.settings.spool_file.write_text('{"kind": "op"}\n')
    assert SpoolWatch(project.url, project.settings, after=0).check() is not None
    texts = [event.text for event in reversed(project.notify.events())]
    assert texts[0] == "backup run failed: 1 of 1 router failed; R15: timeout"
    assert texts[1].startswith("1 result has waited in the spool ")


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = utcnow()
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_file, key_file = folder / "smtp.crt", folder / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem = serialization.Encoding.PEM
    plain = serialization.NoEncryption()
    key_file.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, plain))
    return cert_file, key_file


def test_smtp_starttls_and_login_with_the_secret_password(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
    from notify_servers import Mailbox

    logins: list[tuple[bytes, bytes]] = []

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"m4il-pass", handled=False)

    cert_file, key_file = _certificate(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # the client trusts this one CA
    port = free_port("127.0.0.1")
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=check,
                            tls_context=tls, require_starttls=True, auth_required=True)  # fmt: skip
    controller.start()
    try:
        smtp = {"host": "127.0.0.1", "port": port, "username": "netauto", "starttls": True,
                "from": "netauto@example.net"}  # fmt: skip
        config = write_project(tmp_path, sqlite_url, hosts={}, netauto={"notify": {"smtp": smtp}})
        monkeypatch.setenv("NETAUTO_NOTIFY_SMTP_PASSWORD", "wrong")
        project = Project.open(config)
        project.notify.add_channel("ops", email="ops@example.net")
        assert project.notify.test("ops").failed == 1  # refused: kept for a retry
        monkeypatch.setenv("NETAUTO_NOTIFY_SMTP_PASSWORD", "m4il-pass")
        project = Project.open(config)
        from netauto.notify.deliver import drain

        assert drain(project.url, project.settings, now=utcnow() + timedelta(minutes=1)).sent == 1
        # smtplib tried each mechanism with the wrong one, then the secret setting's.
        assert set(logins[:-1]) == {(b"netauto", b"wrong")}
        assert logins[-1] == (b"netauto", b"m4il-pass")
        (mail,) = box.messages
        assert mail["From"] == "netauto@example.net" and "test notification" in mail["Subject"]
    finally:
        controller.stop()


def test_notify_list_and_events_commands(tmp_path: Path, sqlite_url: str) -> None:
    from click.testing import CliRunner

    from netauto.cli import cli
    from netauto.notify.emit import emit

    project = _project(tmp_path, sqlite_url, free_port("127.0.0.1"))
    where = ["--config", str(project.config_file)]
    runner = CliRunner()
    assert "No channels" in runner.invoke(cli, ["notify", "list", *where]).output
    hook = "https://hooks.slack.com/services/T000/B000/SECRETTOKEN"
    added = runner.invoke(cli, ["notify", "channel", "add", "chat", "--webhook", hook,
                                "--format", "slack", *where])  # fmt: skip
    assert added.exit_code == 0 and "SECRETTOKEN" not in added.output
    assert runner.invoke(cli, ["notify", "rule", "add", "--channel", "chat", *where]).exit_code == 0
    listed = runner.invoke(cli, ["notify", "list", *where]).output
    assert "chat" in listed and "hooks.slack.com/..." in listed and "SECRETTOKEN" not in listed
    assert "Outbox: 0 sent, 0 waiting." in listed
    emit(project.url, kind="router_down", severity="error", text="R15 is down", router="R15")
    shown = runner.invoke(cli, ["notify", "events", *where])
    assert shown.exit_code == 0 and "router_down" in shown.output and "R15 is down" in shown.output
    muted = runner.invoke(cli, ["notify", "mute", "nonsense", *where])
    assert muted.exit_code == 2 and "unknown event kind" in muted.output


def test_the_assistant_reads_events_with_diffs_masked(tmp_path: Path, sqlite_url: str) -> None:
    from netauto.ai.messages import ToolCall
    from netauto.chat.catalog import all_tools
    from netauto.chat.config import load_chat_settings
    from netauto.chat.tools import ToolContext, call_tool
    from netauto.notify.emit import emit

    project = _project(tmp_path, sqlite_url, free_port("127.0.0.1"))
    diff = "+snmp-server community Sup3rS3cret RO"
    emit(project.url, kind="config_changed_outside", severity="warning", router="R15",
         text="R15 config changed outside netauto", data={"diff": diff})  # fmt: skip
    emit(project.url, kind="router_down", severity="error", text="R16 is down", router="R16")
    chat = load_chat_settings(project.settings)
    call = ToolCall("t1", "recent_events", {"kinds": ["config_changed_outside"]})
    result = call_tool(all_tools(chat), ToolContext(project.settings, "ada", chat), call)
    assert not result.is_error, result.text
    found = json.loads(result.text)
    assert found["count"] == 1 and found["events"][0]["router"] == "R15"
    assert "Sup3rS3cret" not in result.text
