"""gunicorn behind Debian's nginx terminating TLS: docs/deploy/nginx-netauto.conf, run for real.

The test makes a self-signed certificate (openssl), serves ``netauto.web.wsgi:app`` with
gunicorn (``netauto.web.gunicorn_conf``, JSON logs) and the repository's nginx site file with
its own ports, prefix and certificate, all on free loopback ports; then checks it with an
HTTPS client (stdlib http.client, from a loopback source address of its own so that the
forwarded address can be told from the proxy's) and once in headless Chromium.

nginx and chromium are Debian's (``.ci/run`` installs them); without them the test skips,
except under CI=true, where it fails.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import REPO, many_hosts, write_project

from netauto.accounts import add_user, set_password

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROMIUM = Path("/usr/bin/chromium")
SITE = REPO / "docs" / "deploy" / "nginx-netauto.conf"
PASSWORD = "a long enough passphrase for tests"
CLIENT = "127.0.0.77"  # the HTTPS client's own loopback address
STRANGER = "127.0.0.88"  # a client reaching gunicorn without the proxy


def _unavailable(message: str) -> None:
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited {process.returncode}: {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}: {log.read_text()[-2000:]}")


@dataclass
class Site:
    https: int
    http: int
    gunicorn: int
    cert: Path
    log: Path

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def request(
        self,
        method: str,
        path: str,
        *,
        body: str | None = None,
        headers: dict[str, str] | None = None,
        source: str = CLIENT,
        direct: bool = False,
    ) -> http.client.HTTPResponse:
        """One request through nginx over HTTPS (or ``direct`` to gunicorn, plain HTTP)."""
        connection: http.client.HTTPConnection
        if direct:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.gunicorn, timeout=15, source_address=(source, 0)
            )
        else:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.https, timeout=15, context=self.context(),
                source_address=(source, 0),
            )  # fmt: skip
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _nginx_config(folder: Path, site: Site, key: Path) -> Path:
    text = SITE.read_text()
    for old, new in (
        ("server 127.0.0.1:8080;", f"server 127.0.0.1:{site.gunicorn};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{site.https} ssl;"),
        ("listen 80;", f"listen 127.0.0.1:{site.http};"),
        ("/etc/ssl/netauto/fullchain.pem", str(site.cert)),
        ("/etc/ssl/netauto/privkey.pem", str(key)),
        ("shared:netauto:10m", "shared:netauto_test:1m"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    (folder / "site.conf").write_text(text)
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                               "uwsgi", "scgi")
    )  # fmt: skip
    main = folder / "nginx.conf"
    main.write_text(
        f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n    access_log off;\n{temp}\n    include {folder / 'site.conf'};\n}}\n"
    )
    return main


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not Path(NGINX).exists():
        _unavailable("nginx is missing: apt-get install nginx-light (.ci/run does)")
    folder = tmp_path_factory.mktemp("tls")
    url = f"sqlite:///{folder / 'netauto.db'}"
    config = write_project(
        folder / "project", url, many_hosts(2), {"web": {"trusted_proxies": "127.0.0.1"}}
    )
    from netauto.db import migrate

    migrate.upgrade(url)
    add_user(url, "alice@example.com", "operator", actor="test", username="alice")
    set_password(url, "alice@example.com", PASSWORD, actor="test")
    cert, key = _certificate(folder)
    found = Site(_free_port(), _free_port(), _free_port(), cert, folder / "gunicorn.log")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETAUTO_")}
    env.update(NETAUTO_CONFIG=str(config), NETAUTO_LOG_FORMAT="json")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(found.log, "wb") as log:
        web = subprocess.Popen(
            [str(gunicorn), "-c", "python:netauto.web.gunicorn_conf",
             "--bind", f"127.0.0.1:{found.gunicorn}", "netauto.web.wsgi:app"],
            env=env, stdout=log, stderr=log, cwd=folder,
        )  # fmt: skip
    nginx_log = folder / "error.log"
    nginx_log.touch()
    nginx_conf = _nginx_config(folder, found, key)
    proxy = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", str(nginx_log), "-c", str(nginx_conf)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_listening(found.gunicorn, web, found.log)
        _wait_listening(found.https, proxy, nginx_log)
        yield found
    finally:
        for process in (proxy, web):
            process.terminate()
        for process in (proxy, web):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _events(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


def _login_answer(site: Site, *, source: str, direct: bool, **headers: str) -> Any:
    first = site.request("GET", "/login", source=source, direct=direct, headers=headers)
    cookie = first.getheader("Set-Cookie", "").split(";", 1)[0]
    connection_headers = {**headers, "Cookie": cookie}
    page = _page(site, "/login", source=source, direct=direct, headers=connection_headers)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert token, page[:500]
    body = (
        f"email=alice%40example.com&password={PASSWORD.replace(' ', '+')}"
        f"&csrf_token={token.group(1)}"
    )
    return site.request(
        "POST", "/login", body=body, source=source, direct=direct,
        headers={**connection_headers, "Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip


def _page(site: Site, path: str, **kwargs: Any) -> str:
    connection: http.client.HTTPConnection
    source = kwargs.pop("source", CLIENT)
    if kwargs.pop("direct", False):
        connection = http.client.HTTPConnection(
            "127.0.0.1", site.gunicorn, timeout=15, source_address=(source, 0)
        )
    else:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", site.https, timeout=15, context=site.context(), source_address=(source, 0)
        )
    connection.request("GET", path, headers=kwargs.pop("headers", {}))
    text = connection.getresponse().read().decode()
    connection.close()
    return text


def test_https_through_nginx(site: Site) -> None:
    health = site.request("GET", "/healthz")
    assert health.status == 200
    assert health.getheader("Strict-Transport-Security") == "max-age=31536000"
    ready = site.request("GET", "/readyz")
    assert ready.status == 200

    redirect = http.client.HTTPConnection("127.0.0.1", site.http, timeout=15)
    redirect.request("GET", "/login")
    moved = redirect.getresponse()
    assert moved.status == 301 and moved.getheader("Location", "").startswith("https://")
    redirect.close()

    # Through the trusted proxy: HTTPS and the client's own address reach the app.
    answer = _login_answer(site, source=CLIENT, direct=False)
    assert answer.status == 302, answer.status
    cookies = answer.headers.get_all("Set-Cookie") or []
    [cookie] = [c for c in cookies if c.startswith("netauto_session=")]
    assert "; Secure" in cookie and "HttpOnly" in cookie, cookie
    # every cookie set over HTTPS is Secure (the session's and the known browser's)
    assert cookies and all("; Secure" in c for c in cookies), cookies

    # Straight to gunicorn from elsewhere, with forged headers: neither is believed.
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    answer = _login_answer(site, source=STRANGER, direct=True, **forged)
    assert answer.status == 302, answer.status
    assert not any("Secure" in c for c in answer.headers.get_all("Set-Cookie") or [])

    logins = [e for e in _events(site.log) if e["message"].startswith("alice logged in")]
    assert [e["message"] for e in logins] == [
        f"alice logged in from {CLIENT}",
        f"alice logged in from {STRANGER}",
    ]
    assert all(e["user"] == "alice" and e["logger"] == "netauto.web" for e in logins)
    assert PASSWORD not in site.log.read_text()


def test_chromium_over_https(site: Site, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    base = f"https://127.0.0.1:{site.https}"
    with sync_playwright() as running:
        context = running.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--ignore-certificate-errors", "--disable-background-networking"],
            headless=True,
            ignore_https_errors=True,
        )  # fmt: skip
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(20_000)
            page.goto(f"{base}/")
            assert "/login" in page.url
            page.fill("#email", "alice@example.com")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            page.wait_for_selector("#live-state.live")  # the live stream through nginx
            [cookie] = [c for c in context.cookies() if c["name"] == "netauto_session"]
            assert cookie["secure"] and cookie["httpOnly"]
        finally:
            context.close()


def test_trusted_proxies_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from netauto.cli import cli
    from netauto.web.proxy import parse_networks

    assert [str(n) for n in parse_networks(" 127.0.0.1, 10.0.0.0/8;::1 ")] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
    ]
    monkeypatch.delenv("NETAUTO_CONFIG", raising=False)
    monkeypatch.setenv("NETAUTO_WEB_TRUSTED_PROXIES", "127.0.0.1, nginx.example.com")
    config = write_project(tmp_path, f"sqlite:///{tmp_path / 'netauto.db'}", many_hosts(2))
    result = CliRunner().invoke(cli, ["web", "--bind", "127.0.0.1:1", "--config", str(config)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "Error: user_defined.netauto.web.trusted_proxies: 'nginx.example.com' is not an "
        "address or network (environment NETAUTO_WEB_TRUSTED_PROXIES)"
    )
