"""Behind a reverse proxy: its forwarded headers trusted only from its address; Secure cookies.

A TLS proxy (nginx) tells the app the client's scheme, address and host in
``X-Forwarded-Proto``/``-For``/``-Host``/``-Port``/``-Prefix``. Anyone can send those
headers, so they are honoured only on a connection from an address listed in the
``web.trusted_proxies`` setting (addresses or networks, comma separated): there werkzeug's
``ProxyFix`` applies them (one proxy hop); from anywhere else they are ignored. Unset: no
proxy is trusted.

The session cookie is ``Secure`` whenever the request came over HTTPS (directly, or through a
trusted proxy), so a login behind TLS never sends the cookie in clear afterwards; plain HTTP
on loopback keeps working. ``NETAUTO_WEB_SECURE_COOKIE=1`` makes it Secure always.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from netauto.exceptions import ConfigError

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
KEY = "web.trusted_proxies"


def parse_networks(text: str | None, where: str | None = None) -> list[Network]:
    """``127.0.0.1, 10.0.0.0/8, ::1`` as networks; ConfigError naming a bad entry and
    ``where`` the setting came from."""
    found: list[Network] = []
    for entry in (text or "").replace(";", ",").split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            found.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ConfigError(
                f"user_defined.netauto.{KEY}: {entry!r} is not an address or network",
                file=where,
            ) from None
    return found


def _within(address: str | None, networks: Iterable[Network]) -> bool:
    try:
        parsed = ipaddress.ip_address((address or "").split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(parsed, "ipv4_mapped", None)  # ::ffff:127.0.0.1 from a dual-stack socket
    return any((mapped or parsed) in network for network in networks)


class TrustedProxies:
    """WSGI middleware: ``ProxyFix`` for connections from ``networks``, nothing for others."""

    def __init__(self, app: WSGIApplication, networks: list[Network]) -> None:
        self.app = app
        self.networks = networks
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Any:
        if self.networks and _within(environ.get("REMOTE_ADDR"), self.networks):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


def cookie_secure(app: Flask) -> bool:
    """Whether a cookie set now is ``Secure``: on every HTTPS request (or always, by config)."""
    return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie, ``Secure`` on every HTTPS request."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookie_secure(app)


def install(app: Flask, trusted: str | None, where: str | None = None) -> None:
    """Trust the proxies of ``trusted`` (the setting's text, from ``where``) and make cookies
    Secure on HTTPS."""
    networks = parse_networks(trusted, where)
    if networks:
        app.wsgi_app = TrustedProxies(app.wsgi_app, networks)  # type: ignore[method-assign]
    app.session_interface = SessionCookies()
