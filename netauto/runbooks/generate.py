"""Runbook ``generate``: a config from words, checked by the model's gate and the router.

Dry run by default: each router gets a verified candidate, its diff, and the candidate saved
under generated/ for review. With ``commit`` the verified candidates go through the change
flow (``netauto.engine.change``): confirm, then commit exactly the candidates shown, with the
revert timer, post-checks and rollback of ``deploy``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from netauto.engine.declaration import COMMIT, POST_CHECKS, REVERT_IN, ROLLOUT, Param, Runbook
from netauto.exceptions import UsageError
from netauto.text import plural

if TYPE_CHECKING:
    from nornir.core.task import MultiResult

    from netauto.engine.change import Confirm
    from netauto.engine.options import RunOptions, Selection
    from netauto.report import HostOutcome, RunReport

RUNBOOK = Runbook(
    "generate",
    "netauto.runbooks.generate:generate",
    "Generate each router's config with an AI model, verified before anything changes.",
    help="The model (OpenAI, falling back to Anthropic, as set in config.yaml under "
    "ai.providers) sees the router's facts and the relevant part of its running-config with "
    "every secret replaced by a placeholder. Its answer must pass the policy (no reload, "
    "erase, AAA or management changes, no placeholders), an IOS syntax check and the "
    "router's own dry-run diff; a failed check is fed back to the model, up to "
    "{max_attempts}. With {commit} the candidates shown are committed, through the same path "
    "as deploy. Keys come from OPENAI_API_KEY / ANTHROPIC_API_KEY; a local OpenAI-compatible "
    "server needs only OPENAI_BASE_URL (or ai.providers[].base_url).",
    params=(
        Param(
            "intent",
            "text",
            "The change in words: 'send syslog to 192.0.2.20'.",
            short="-i",
            metavar="TEXT",
        ),
        Param(
            "config_type",
            "text",
            "Config type instead of words: ntp, syslog, snmp...",
            aliases=("--type",),
            metavar="TYPE",
        ),
        Param(
            "params",
            "map",
            "A parameter of the config type (repeatable): server=192.0.2.10.",
            aliases=("--param",),
            metavar="KEY=VALUE",
        ),
        Param(
            "max_attempts",
            "int",
            "Answers to try per router before giving up (default: ai.max_attempts, 3).",
            minimum=1,
            maximum=10,
            metavar="N",
        ),
        COMMIT,
        REVERT_IN,
        POST_CHECKS,
        *ROLLOUT,
    ),
    changes_routers=True,
)


def summary_of(multi: MultiResult) -> dict[str, Any]:
    """The generation summary of a host, also when it failed."""
    main = multi[0]
    if isinstance(main.result, dict):
        return main.result
    summary = getattr(main.exception, "summary", None)
    return summary if isinstance(summary, dict) else {}


def _describe(host: str, multi: MultiResult, plan: HostOutcome | None) -> HostOutcome:
    from netauto.engine.change import public
    from netauto.engine.outcomes import error_of
    from netauto.report import HostOutcome
    from netauto.secrets import mask

    main = multi[0]
    if plan is None:
        data = public(summary_of(multi))
    else:
        # The commit of a verified candidate: the generation summary plus how it went.
        data = dict(plan.data)
        outcome = main.result if isinstance(main.result, dict) else {}
        data["committed"] = bool(outcome.get("committed"))
        data["deploy"] = outcome.get("status")
    diff = mask(str(main.diff or ""))
    if multi.failed:
        return HostOutcome(host, "failed", bool(main.changed), error_of(multi), diff, data)
    status = "committed" if data.get("committed") else data.get("verdict", "accepted")
    lines = diff.splitlines()
    plus = sum(1 for line in lines if line.startswith("+"))
    minus = sum(1 for line in lines if line.startswith("-"))
    attempts = int(data.get("attempts") or 0)
    via = f"{plural(attempts, 'attempt')}, {data.get('provider')}"
    detail = f"{status} (+{plus} -{minus}), {via}"
    return HostOutcome(host, "ok", bool(main.changed), detail, diff, data)


def generate(
    selection: Selection | None = None,
    *,
    intent: str | None = None,
    config_type: str | None = None,
    params: Mapping[str, str] | None = None,
    max_attempts: int | None = None,
    commit: bool = False,
    confirm: Confirm | None = None,
    revert_in: int | None = None,
    post_checks: bool = True,
    canary: int | None = None,
    batch: str | None = None,
    max_fail: str | None = None,
    options: RunOptions | None = None,
) -> RunReport:
    """Generate each router's config with an AI model, verified before anything changes.

    Give ``intent`` (the change in words) or ``config_type`` with ``params``. The model sees
    the router's facts and the relevant part of its running-config with every secret
    replaced by a placeholder; its answer must pass the policy, an IOS syntax check and the
    router's own dry-run diff, and a failed check is fed back, up to ``max_attempts``. Each
    outcome's ``data`` holds the provider, model, attempts, calls and the saved candidate
    file. Raises AIConfigError before any router when no provider can be called.
    ``canary``, ``batch`` and ``max_fail`` roll the commit out in waves, as in ``deploy``.
    """
    from netauto.ai.config import load_ai_settings
    from netauto.ai.prompt import intent_of
    from netauto.engine.change import change_runbook
    from netauto.engine.options import settings_of
    from netauto.engine.rollout import Rollout
    from netauto.tasks.generate_config import generate_config

    if (intent is None) == (config_type is None):
        raise UsageError(
            "give one of {intent} or {config_type} (with {params} key=value)",
            params=("intent", "config_type", "params"),
        )
    if params and config_type is None:
        raise UsageError("{params} needs {config_type}", params=("params", "config_type"))
    rollout = Rollout.for_change(commit, canary, batch, max_fail, revert_in=revert_in)
    # Before any router is contacted: no provider to call is a usage error (exit 2).
    load_ai_settings(settings_of(options)).usable_providers()
    text = intent.strip() if intent else intent_of(str(config_type), dict(params or {}))
    if not text:
        raise UsageError("{intent} is empty", params=("intent",))
    arguments = {"intent": text, "type": config_type, "max_attempts": max_attempts}
    return change_runbook(
        "generate",
        generate_config,
        selection,
        options,
        commit=commit,
        confirm=confirm,
        arguments=arguments,
        note=lambda outcomes: _committed(outcomes, commit),
        files=True,  # each host's candidate is saved as <host>-<time>.cfg
        describe=_describe,
        revert_in=revert_in,
        post_checks=post_checks,
        intent=text,
        config_type=config_type,
        max_attempts=max_attempts,
        rollout=rollout,
    )


def _committed(outcomes: list[HostOutcome], commit: bool) -> str:
    if not commit:
        return "Dry run: nothing was committed."
    return f"{sum(1 for outcome in outcomes if outcome.data.get('committed'))} committed."
