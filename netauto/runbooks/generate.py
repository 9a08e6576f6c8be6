"""``netauto generate``: a config from words, checked by the model's gate and the router.

Dry run by default: each router gets a verified candidate, its diff is shown and the
candidate saved under generated/ for review. ``--commit`` asks before committing (unless
``--yes``) and commits exactly the candidates shown, through the deploy task (revert timer,
post-checks, rollback). The change lock of every host is held from the first request to the
end, so the diff confirmed is the diff committed.
"""

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING, Any

import click

from netauto.cli.options import no_post_checks_option, revert_in_option, runbook_options, yes_option
from netauto.cli.runbook import HostRow, error_of, open_runbook
from netauto.exceptions import UsageError

if TYPE_CHECKING:
    # Types only: `netauto --help` lists every runbook and must not import Nornir.
    from nornir.core.task import AggregatedResult, MultiResult, Result, Task

    from netauto.cli.runbook import RunbookSession

CANDIDATE_KEY = "netauto_ai_candidate"


def _params(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        key, sep, wanted = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected key=value, got {value!r}", ctx, param)
        params[key.strip()] = wanted.strip()
    return params


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def summary_of(multi: MultiResult) -> dict[str, Any]:
    """The generation summary of a host, also when it failed."""
    main = multi[0]
    if isinstance(main.result, dict):
        return main.result
    summary = getattr(main.exception, "summary", None)
    return summary if isinstance(summary, dict) else {}


def headline(data: dict[str, Any]) -> str:
    """``openai gpt-4o (1 attempt, 1.8s), secrets redacted: 3``."""
    if not data.get("provider"):
        return ""
    attempts = int(data.get("attempts") or 0)
    plural = "attempt" if attempts == 1 else "attempts"
    return (
        f"{data['provider']} {data['model']} ({attempts} {plural}, "
        f"{float(data.get('latency_s') or 0):.1f}s), "
        f"secrets redacted: {data.get('secrets_redacted', 0)}"
    )


def print_generation(result: AggregatedResult) -> None:
    width = max([len(h) for h in result] + [3]) + 2
    for host in sorted(result):
        multi = result[host]
        data = summary_of(multi)
        head = headline(data)
        if multi.failed:
            head = f"{head}: " if head else ""
            click.echo(f"{host:<{width}}{head}{error_of(multi)}")
        else:
            click.echo(f"{host:<{width}}{head}")
            diff = multi[0].diff or "(no change: the router already has this configuration)"
            for line in diff.splitlines():
                click.echo(" " * width + line)
    for host in sorted(result):
        path = summary_of(result[host]).get("candidate_file")
        if path:
            click.echo(f"Candidate saved to {_shown(str(path))}.")


def rows_of(result: AggregatedResult, refused: dict[str, str]) -> list[HostRow]:
    rows = [HostRow(host, "failed", detail=why) for host, why in refused.items()]
    for host, multi in result.items():
        data = summary_of(multi)
        public = {k: v for k, v in data.items() if k != "candidate"}
        if multi.failed:
            rows.append(HostRow(host, "failed", detail=error_of(multi), data=public))
            continue
        status = "committed" if data.get("committed") else data.get("verdict", "accepted")
        lines = (multi[0].diff or "").splitlines()
        plus = sum(1 for line in lines if line.startswith("+"))
        minus = sum(1 for line in lines if line.startswith("-"))
        attempts = int(data.get("attempts") or 0)
        via = f"{attempts} attempt{'s' if attempts != 1 else ''}, {data.get('provider')}"
        detail = f"{status} (+{plus} -{minus}), {via}"
        rows.append(HostRow(host, "ok", changed=multi.changed, detail=detail, data=public))
    return sorted(rows, key=lambda row: row.host)


def commit_generated(
    task: Task, *, revert_in: int | None = None, post_checks: bool = True
) -> Result:
    """Commit the candidate this run verified for the host, through ``deploy_config``."""
    from nornir.core.exceptions import NornirSubTaskError
    from nornir.core.task import Result

    from netauto.tasks._changes import reraise_subtask
    from netauto.tasks.deploy_config import deploy_config

    try:
        deployed = task.run(
            task=deploy_config,
            config=str(task.host.data[CANDIDATE_KEY]),
            dry_run=False,
            revert_in=revert_in,
            post_checks=post_checks,
            lock=False,
        )
    except NornirSubTaskError as exc:
        reraise_subtask(exc)
    main = deployed[0]
    return Result(host=task.host, result=main.result, changed=main.changed, diff=main.diff)


commit_generated.operation_type = "config_deploy"  # type: ignore[attr-defined]


def _confirm_and_commit(
    session: RunbookSession, result: AggregatedResult, revert_in: int | None, post_checks: bool
) -> AggregatedResult:
    """Ask, then commit the verified candidates of the hosts that would change."""
    changing = sorted(h for h, m in result.items() if not m.failed and m[0].changed)
    if not changing:
        return result
    click.echo(f"{len(changing)} routers will change: {' '.join(changing)}.", err=session.as_json)
    if not click.confirm("Commit?", default=False, err=session.as_json):
        click.echo("Nothing was committed.", err=session.as_json)
        raise SystemExit(1)
    for host in changing:
        session.nr.inventory.hosts[host].data[CANDIDATE_KEY] = summary_of(result[host])["candidate"]
    target = session.nr.filter(filter_func=lambda h: h.name in changing)
    committed = target.run(task=commit_generated, revert_in=revert_in, post_checks=post_checks)
    for host, multi in committed.items():
        data = dict(summary_of(result[host]))
        main = multi[0]
        if not multi.failed and isinstance(main.result, dict):
            data["committed"] = bool(main.result.get("committed"))
            data["deploy"] = main.result.get("status")
        main.result = data if not multi.failed else main.result
        if multi.failed:
            setattr(main.exception, "summary", data)  # noqa: B010
        result[host] = multi
    return result


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
def generate(
    intent: str | None,
    config_type: str | None,
    params: dict[str, str],
    max_attempts: int | None,
    commit: bool,
    yes: bool,
    revert_in: int | None,
    no_post_checks: bool,
    **options: Any,
) -> None:
    """Generate each router's config with an AI model, verified before anything changes.

    The model (OpenAI, falling back to Anthropic, as set in config.yaml under ai.providers)
    sees the router's facts and the relevant part of its running-config with every secret
    replaced by a placeholder. Its answer must pass the policy (no reload, erase, AAA or
    management changes, no placeholders), an IOS syntax check and the router's own dry-run
    diff; a failed check is fed back to the model, up to --max-attempts. Keys come from
    OPENAI_API_KEY / ANTHROPIC_API_KEY; a local OpenAI-compatible server needs only
    OPENAI_BASE_URL (or ai.providers[].base_url).
    """
    from netauto.ai.config import load_ai_settings
    from netauto.ai.prompt import intent_of
    from netauto.db.locks import hold_many
    from netauto.identity import current_username
    from netauto.settings import load_settings
    from netauto.tasks._changes import lock_ttl
    from netauto.tasks.generate_config import generate_config

    if (intent is None) == (config_type is None):
        raise UsageError("give one of --intent or --type (with --param key=value)")
    if params and config_type is None:
        raise UsageError("--param needs --type")
    if revert_in is not None and not commit:
        raise UsageError("--revert-in needs --commit")
    # Before any router is contacted: no provider to call is a usage error (exit 2).
    load_ai_settings(load_settings(options.get("config_file"))).usable_providers()
    text = intent.strip() if intent else intent_of(str(config_type), params)
    if not text:
        raise UsageError("--intent is empty")
    arguments = {"intent": text, "type": config_type, "max_attempts": max_attempts}
    direct = commit and yes
    with open_runbook("generate", dry_run=not direct, arguments=arguments, **options) as session:
        owner = current_username(options.get("user"))
        hosts = sorted(session.nr.inventory.hosts)
        url = session.settings.database_url
        run_id = uuid.UUID(session.run_id) if session.run_id else None
        ttl = lock_ttl(revert_in)
        with hold_many(url, hosts, owner=owner, run_id=run_id, ttl=ttl) as refused:
            session.nr = session.nr.filter(filter_func=lambda h: h.name not in refused)
            result = session.nr.run(
                task=generate_config,
                intent=text,
                config_type=config_type,
                max_attempts=max_attempts,
                dry_run=not direct,
                revert_in=revert_in,
                post_checks=not no_post_checks,
                lock=False,
            )
            if not session.as_json:
                print_generation(result)
            if commit and not yes:
                result = _confirm_and_commit(session, result, revert_in, not no_post_checks)
        committed = sum(1 for m in result.values() if summary_of(m).get("committed"))
        extra = (
            f"{committed} committed."
            if commit
            else "Dry run: nothing was committed (add --commit)."
        )
        code = session.report(rows_of(result, refused), extra)
    raise SystemExit(code)
