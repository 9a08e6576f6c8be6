"""Send one event to one channel: email over SMTP, or a webhook (Slack, Teams, signed JSON).

Raises :class:`DeliveryError` with one line when the channel does not take it; the outbox
keeps the event and tries again later.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from typing import TYPE_CHECKING

from netauto.exceptions import NetautoError
from netauto.notify import message

if TYPE_CHECKING:
    from netauto.db.events import EventRow
    from netauto.db.notify import Channel
    from netauto.settings import Settings

SIGNATURE_HEADER = "X-Netauto-Signature"


class DeliveryError(NetautoError):
    """A channel did not take a notification (it is kept and retried)."""


def sign(secret: str, payload: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the exact body, keyed by notify.webhook_secret."""
    return "sha256=" + hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def send_email(settings: Settings, address: str, event: EventRow) -> None:
    host = settings.value("notify.smtp.host")
    if not host:
        raise DeliveryError("no SMTP server: set notify.smtp.host")
    mail = EmailMessage()
    mail["From"] = str(settings.value("notify.smtp.from") or "netauto@localhost")
    mail["To"] = address
    mail["Subject"] = message.subject(event)
    mail.set_content(message.body(event))
    timeout = float(settings.value("notify.timeout") or 10)
    try:
        with smtplib.SMTP(str(host), int(settings.value("notify.smtp.port") or 25),
                          timeout=timeout) as smtp:  # fmt: skip
            if settings.value("notify.smtp.starttls"):
                smtp.starttls(context=ssl.create_default_context())
            username = settings.value("notify.smtp.username")
            if username:
                smtp.login(str(username), str(settings.value("notify.smtp.password") or ""))
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(f"SMTP {host}: {error}") from None


def send_webhook(settings: Settings, channel: Channel, event: EventRow) -> None:
    build = {"slack": message.slack, "teams": message.teams}.get(channel.format, message.generic)
    payload = json.dumps(build(event), separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "netauto"}
    if channel.format == "generic":
        secret = settings.value("notify.webhook_secret")
        if not secret:
            raise DeliveryError("generic webhooks are signed: set notify.webhook_secret")
        headers[SIGNATURE_HEADER] = sign(str(secret), payload)
        headers["X-Netauto-Event"] = event.kind
    request = urllib.request.Request(channel.target, data=payload, headers=headers)
    timeout = float(settings.value("notify.timeout") or 10)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"webhook {channel.name}: HTTP {error.code}") from None
    except (OSError, ValueError) as error:
        raise DeliveryError(f"webhook {channel.name}: {error}") from None


def send(settings: Settings, channel: Channel, event: EventRow) -> None:
    if channel.kind == "email":
        send_email(settings, channel.target, event)
    else:
        send_webhook(settings, channel, event)
