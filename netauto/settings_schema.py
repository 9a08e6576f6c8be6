"""The settings netauto knows: key, type, default, where it may live, whether it is secret.

One schema serves config.yaml (``user_defined.netauto``), the environment and the database
(``system_configs``, ``netauto settings``): every value is parsed and checked the same way
wherever it comes from. Precedence: environment > database > config.yaml > default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from netauto.exceptions import ConfigError

Kind = Literal["string", "path", "number", "integer", "boolean"]
SECTION = "user_defined.netauto"


@dataclass(frozen=True)
class Spec:
    key: str
    kind: Kind
    default: Any
    description: str
    minimum: float | None = None
    maximum: float | None = None  # a bound no sane value passes (a typo, an exponent)
    secret: bool = False
    stored: bool = True  # may be kept in the database (not what is needed to reach it)
    env: str | None = None  # the environment variable, when not NETAUTO_<KEY>
    choices: tuple[str, ...] = ()  # the only values a string may take, when not empty

    @property
    def variable(self) -> str:
        return self.env or "NETAUTO_" + self.key.upper().replace(".", "_")

    def parse(self, value: Any, where: str) -> Any:
        """The typed value, or a ConfigError naming the key, what was expected and where."""
        if value is None:
            return None
        expected = {
            "string": "a non-empty string",
            "path": "a non-empty path",
            "number": "a number",
            "integer": "an integer",
            "boolean": "true or false",
        }[self.kind]
        if self.minimum is not None:
            expected += f" >= {self.minimum:g}"
        if self.maximum is not None:
            expected += f" and <= {self.maximum:g}"
        shown = "<secret>" if self.secret else repr(value)
        failure = ConfigError(f"{SECTION}.{self.key} must be {expected}, got {shown}", file=where)
        if self.kind in ("string", "path"):
            if not isinstance(value, str) or not value.strip():
                raise failure
            if self.choices and value not in self.choices:
                raise ConfigError(
                    f"{SECTION}.{self.key} must be one of {', '.join(self.choices)}, got {shown}",
                    file=where,
                )
            return value
        if self.kind == "boolean":
            text = str(value).strip().lower()
            if isinstance(value, bool):
                return value
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise failure
        if isinstance(value, bool):
            raise failure
        try:
            number: float = int(str(value)) if self.kind == "integer" else float(value)
        except (TypeError, ValueError):
            raise failure from None
        if not math.isfinite(number) or (self.minimum is not None and number < self.minimum):
            raise failure
        if self.maximum is not None and number > self.maximum:
            raise failure
        return number


SPECS: tuple[Spec, ...] = (
    Spec("database_url", "string", "sqlite:///netauto.db", "operations log database",
         stored=False),
    Spec("spool_file", "path", ".netauto/spool.jsonl", "results kept while the database is down",
         stored=False),
    Spec("backups_dir", "path", "backups", "backup folder (a git repository)"),
    Spec("templates_dir", "path", "templates", "Jinja2 templates"),
    Spec("generated_dir", "path", "generated", "rendered and AI-generated candidates"),
    Spec("lab.state_dir", "path", ".netauto/lab", "simulated fleet state"),
    Spec("lab.port", "integer", 2222, "simulated fleet SSH port", minimum=1, maximum=65535),
    Spec("lab.snmp_port", "integer", 1161, "simulated fleet SNMP port (UDP)", minimum=1,
         maximum=65535),
    Spec("connect_timeout", "number", 10, "seconds to connect and log in", minimum=0.1,
         maximum=3600),
    Spec("command_timeout", "number", 30, "seconds a command may take", minimum=0.1,
         maximum=86400),
    Spec("retries", "integer", 2, "retries of refused, timed-out or reset connections",
         minimum=0, maximum=20),
    Spec("num_workers", "integer", 20,
         "routers worked on in parallel (unset: from the fleet size and the machine)",
         minimum=1, maximum=1000),
    Spec("health.cpu_percent", "number", 80, "health: CPU warning threshold", minimum=0),
    Spec("health.memory_percent", "number", 85, "health: memory warning threshold", minimum=0),
    Spec("health.min_uptime_seconds", "number", 600, "health: uptime warning threshold",
         minimum=0),
    Spec("health.latency_ms", "number", 2000, "health and poll: response time warning threshold",
         minimum=0),
    Spec("health.interface_errors", "number", 100,
         "poll: interface errors per poll (in + out, one interface) warning threshold", minimum=0),
    Spec("poll.samples_days", "integer", 2, "poll: days raw samples are kept", minimum=1),
    Spec("poll.rollup_days", "integer", 90, "poll: days hourly roll-ups are kept", minimum=1),
    Spec("poll.timeout", "number", 2, "poll: seconds an SNMP request waits", minimum=0.1,
         maximum=60),
    Spec("poll.retries", "integer", 1, "poll: SNMP retries", minimum=0, maximum=5),
    Spec("snmp.port", "integer", 161, "poll: SNMP port of real routers", minimum=1,
         maximum=65535),
    Spec("auth.enforce", "boolean", False, "refuse unknown or under-privileged operators"),
    Spec("ssh.host_keys", "string", "reject",
         "routers' SSH host keys: reject unknown ones, or accept-new (record on first contact)",
         choices=("reject", "accept-new")),
    Spec("ssh.known_hosts", "path", "~/.ssh/known_hosts",
         "known_hosts file checking routers (default: the lab's own file for loopback routers)"),
    Spec("snmp.community", "string", None, "SNMP community of the snmp template", secret=True),
    Spec("ai.openai_api_key", "string", None, "OpenAI API key", secret=True,
         env="OPENAI_API_KEY"),
    Spec("ai.anthropic_api_key", "string", None, "Anthropic API key", secret=True,
         env="ANTHROPIC_API_KEY"),
    Spec("ai.embeddings.model", "string", None,
         "search: embeddings model (unset: nothing is sent, full text only)"),
    Spec("ai.embeddings.base_url", "string", None,
         "search: OpenAI-compatible embeddings URL (default: OPENAI_BASE_URL, else OpenAI)"),
    Spec("ai.embeddings_api_key", "string", None,
         "search: embeddings API key (default: the OpenAI key)", secret=True),
    Spec("ai.embeddings.batch", "integer", 64, "search: texts per embeddings request",
         minimum=1, maximum=2048),
    Spec("ai.embeddings.dimensions", "integer", None,
         "search: vector size asked of the model (text-embedding-3: e.g. 256)", minimum=1,
         maximum=8192),
    Spec("ai.embeddings.timeout", "number", 30, "search: seconds an embeddings request waits",
         minimum=0.1, maximum=600),
    Spec("executor", "string", "threaded", "where runbooks run: threaded or celery",
         choices=("threaded", "celery")),
    Spec("celery.broker_url", "string", "redis://127.0.0.1:6379/0", "Celery broker",
         stored=False),
    Spec("celery.result_backend", "string", None, "Celery result backend (default: the broker)",
         stored=False),
    Spec("celery.queue_by", "string", None,
         "host attribute or data key naming a host's Celery queue (default queue: netauto)"),
    Spec("celery.visibility_timeout", "number", 1800,
         "seconds before a task a lost worker took is delivered again", minimum=1),
    Spec("celery.shard_size", "integer", None,
         "hosts per Celery task (default: spread over the workers, at most num_workers)",
         minimum=1),
    Spec("web.trusted_proxies", "string", None,
         "addresses or networks of the reverse proxies whose X-Forwarded-* headers the web "
         "trusts (comma separated, e.g. 127.0.0.1)", stored=False),
    Spec("web.require_scheduler", "boolean", False,
         "GET /readyz fails while no scheduler beats in this project folder"),
    Spec("notify.smtp.host", "string", None, "notifications: SMTP server (none: no email)"),
    Spec("notify.smtp.port", "integer", 25, "notifications: SMTP port", minimum=1,
         maximum=65535),
    Spec("notify.smtp.from", "string", "netauto@localhost", "notifications: sender address"),
    Spec("notify.smtp.starttls", "boolean", False, "notifications: STARTTLS before sending"),
    Spec("notify.smtp.username", "string", None, "notifications: SMTP login"),
    Spec("notify.smtp.password", "string", None, "notifications: SMTP password", secret=True),
    Spec("notify.webhook_secret", "string", None,
         "notifications: HMAC-SHA256 key signing generic webhooks (X-Netauto-Signature)",
         secret=True),
    Spec("notify.timeout", "number", 10, "notifications: seconds a delivery may take",
         minimum=0.1, maximum=120),
    Spec("syslog.bind", "string", None,
         "syslog listener address host:port (UDP and TCP); set, the scheduler runs it too"),
    Spec("syslog.coalesce_seconds", "number", 2,
         "syslog: seconds of quiet before a changed router is backed up", minimum=0,
         maximum=600),
    Spec("nautobot.url", "string", None,
         "Nautobot the registry syncs from (netauto devices sync), e.g. https://nautobot.example"),
    Spec("nautobot.token", "string", None, "Nautobot API token", secret=True),
    Spec("nautobot.timeout", "number", 30, "seconds a Nautobot API request may take",
         minimum=0.1, maximum=3600),
)  # fmt: skip
BY_KEY = {spec.key: spec for spec in SPECS}


def spec_of(key: str) -> Spec:
    """The spec of ``key``; an unknown key is a ConfigError listing the known ones."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise ConfigError(f"unknown setting {key!r}; known: {', '.join(BY_KEY)}")
    return spec
