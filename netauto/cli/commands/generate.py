"""``netauto generate``: a config from words, checked by the model's gate and the router."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from netauto.cli.options import (
    no_post_checks_option,
    revert_in_option,
    rollout_options,
    runbook_options,
    yes_option,
)
from netauto.cli.runbook import change_command
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.engine.report import HostOutcome


def _params(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        key, sep, wanted = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected key=value, got {value!r}", ctx, param)
        params[key.strip()] = wanted.strip()
    return params


def headline(data: dict[str, Any]) -> str:
    """``openai gpt-4o (1 attempt, 1.8s), secrets redacted: 3``."""
    if not data.get("provider"):
        return ""
    attempts = int(data.get("attempts") or 0)
    return (
        f"{data['provider']} {data['model']} ({plural(attempts, 'attempt')}, "
        f"{float(data.get('latency_s') or 0):.1f}s), "
        f"secrets redacted: {data.get('secrets_redacted', 0)}"
    )


def print_generation(outcomes: Sequence[HostOutcome]) -> None:
    from netauto.runbooks.backup import shown

    width = max([len(outcome.host) for outcome in outcomes] + [3]) + 2
    for outcome in outcomes:
        head = headline(outcome.data)
        if outcome.failed:
            head = f"{head}: " if head else ""
            click.echo(f"{outcome.host:<{width}}{head}{outcome.detail}")
            continue
        click.echo(f"{outcome.host:<{width}}{head}")
        diff = outcome.diff or "(no change: the router already has this configuration)"
        for line in diff.splitlines():
            click.echo(" " * width + line)
    for outcome in outcomes:
        path = outcome.data.get("candidate_file")
        if path:
            click.echo(f"Candidate saved to {shown(str(path))}.")


@click.command()
@runbook_options
@click.option("--intent", "-i", help="The change in words: 'send syslog to 192.0.2.20'.")
@click.option("--type", "config_type", metavar="TYPE", help="Config type: ntp, syslog, snmp...")
@click.option(
    "--param",
    "params",
    multiple=True,
    callback=_params,
    metavar="KEY=VALUE",
    help="Parameter of --type (repeatable): --param server=192.0.2.10.",
)
@click.option(
    "--max-attempts",
    type=click.IntRange(1, 10),
    default=None,
    help="Answers to try per router before giving up (default: ai.max_attempts, 3).",
)
@click.option("--commit", is_flag=True, help="Commit the verified candidate (default: dry run).")
@yes_option
@revert_in_option
@no_post_checks_option
@rollout_options
def generate(
    intent: str | None,
    config_type: str | None,
    params: dict[str, str],
    max_attempts: int | None,
    commit: bool,
    yes: bool,
    revert_in: int | None,
    no_post_checks: bool,
    canary: int | None,
    batch: str | None,
    max_fail: str | None,
    **options: Any,
) -> None:
    """Generate each router's config with an AI model, verified before anything changes.

    The model (OpenAI, falling back to Anthropic, as set in config.yaml under ai.providers)
    sees the router's facts and the relevant part of its running-config with every secret
    replaced by a placeholder. Its answer must pass the policy (no reload, erase, AAA or
    management changes, no placeholders), an IOS syntax check and the router's own dry-run
    diff; a failed check is fed back to the model, up to --max-attempts. With --commit the
    candidates shown are committed after a prompt (unless --yes), through the same path as
    deploy. Keys come from OPENAI_API_KEY / ANTHROPIC_API_KEY; a local OpenAI-compatible
    server needs only OPENAI_BASE_URL (or ai.providers[].base_url).
    """
    from netauto.runbooks import generate as run_generate

    change_command(
        run_generate,
        options,
        print_generation,
        yes=yes,
        no_post_checks=no_post_checks,
        intent=intent,
        config_type=config_type,
        params=params,
        max_attempts=max_attempts,
        commit=commit,
        revert_in=revert_in,
        canary=canary,
        batch=batch,
        max_fail=max_fail,
    )
