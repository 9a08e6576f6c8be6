"""Task ``generate_config``: a candidate config from an AI model, verified before any change.

For one host: read its facts and running-config, ask the configured providers (fallback in
config order) for the config that carries out the intent, with every secret replaced by a
placeholder, and put the answer through the gate (policy, IOS syntax, the router's dry-run
diff), feeding the exact error back until it passes or ``max_attempts`` is used up. A passed
candidate is saved for review and, on a real run only, committed through ``deploy_config``
(revert timer, post-checks, rollback). The exchange goes to ``ai_conversations``.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto.ai.loop import Generation
from netauto.context import context_of
from netauto.exceptions import ConfigError
from netauto.exceptions import GenerationFailed as GenerationFailed  # re-exported
from netauto.text import plural


def summary_of(generation: Generation, config_type: str | None) -> dict[str, Any]:
    return {
        "intent": generation.intent,
        "type": config_type,
        "verdict": generation.verdict,
        "provider": generation.provider,
        "model": generation.model,
        "attempts": len(generation.attempts),
        "latency_s": generation.latency_s,
        "secrets_redacted": generation.redacted,
        "calls": [call.to_dict() for call in generation.calls],
        "checks": [a.check for a in generation.attempts],
        "error": generation.error or None,
        "candidate": generation.candidate,
        "committed": False,
    }


def _read_router(task: Task) -> tuple[dict[str, Any], str]:
    from netauto.connect import connection, device_errors
    from netauto.ios_version import with_version

    device = connection(task, "napalm")
    with device_errors(task, "napalm", "get_facts"):
        facts = with_version(device.get_facts())
    with device_errors(task, "napalm", "show running-config"):
        running = str(device.get_config(retrieve="running")["running"])
    return facts, running


def generate_config(
    task: Task,
    *,
    intent: str,
    config_type: str | None = None,
    max_attempts: int | None = None,
    dry_run: bool | None = None,
    revert_in: int | None = None,
    post_checks: bool = True,
    lock: bool = True,
) -> Result:
    """Generate, verify and (not in a dry run) commit a config for the intent.

    ``intent`` says in words what to change; ``config_type`` (``ntp``, ``syslog``...) narrows
    the running-config context sent along. Providers, policy and the default ``max_attempts``
    come from ``user_defined.netauto.ai``; ``revert_in`` and ``post_checks`` go to
    ``deploy_config`` on commit. The host's change lock is held throughout unless ``lock`` is
    False (the caller holds it).

    Raises:
        AIConfigError: no provider can be called (no key and no base_url).
        GenerationFailed: no answer passed the checks, or every provider failed.
        DeviceError, LockError: the router could not be read, or is locked by another run.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``intent``, ``verdict``, ``provider``, ``model``, ``attempts``,
            ``calls`` (provider, model, latency, tokens, outcome of each request),
            ``secrets_redacted``, ``candidate``, ``candidate_file``, ``committed``
          * changed (``bool``): the router changes (would change, in a dry run)
          * diff (``str``): the router's own diff of the candidate
    """
    from netauto.ai.config import load_ai_settings
    from netauto.ai.loop import generate
    from netauto.ai.policy import management_interface
    from netauto.ai.prompt import HostContext
    from netauto.ai.providers import ProviderChain
    from netauto.ai.record import save_candidate
    from netauto.tasks._changes import reraise_subtask
    from netauto.tasks._router_check import napalm_dry_run

    context = context_of(task)
    if context is None:
        raise ConfigError("this Nornir object was not created by netauto.init_nornir")
    settings = context.settings
    store = context.store
    ai = load_ai_settings(settings)
    providers = ai.usable_providers()
    dry = task.is_dry_run(dry_run)
    guard: Any = nullcontext()
    if lock and store is not None:
        guard = store.lock(task.host.name, revert_in)
    with guard:
        facts, running = _read_router(task)
        management = ai.management_interface or management_interface(running, task.host.hostname)
        with ProviderChain(providers) as chain:
            generation = generate(
                chain,
                HostContext(task.host.name, facts, running),
                intent,
                ai,
                device_check=napalm_dry_run(task),
                config_type=config_type,
                max_attempts=max_attempts,
                management=management,
            )
        summary = summary_of(generation, config_type)
        path = save_candidate(settings.generated_dir, generation)
        summary["candidate_file"] = str(path) if path else None
        if store is not None:
            store.save_generation(task.host.name, generation)
        if not generation.accepted:
            why = (generation.error or generation.verdict).splitlines()
            detail = " ".join(line.strip() for line in why[:4])
            raise GenerationFailed(
                f"{generation.verdict} after {plural(len(generation.attempts), 'attempt')}: "
                f"{detail}",
                summary,
            )
        if dry or not generation.diff:
            return Result(
                host=task.host, result=summary, changed=bool(generation.diff), diff=generation.diff
            )
        from netauto.tasks.deploy_config import deploy_config

        try:
            deployed = task.run(
                task=deploy_config,
                config=generation.candidate,
                dry_run=False,
                revert_in=revert_in,
                post_checks=post_checks,
                lock=False,
            )
        except NornirSubTaskError as exc:
            reraise_subtask(exc)
        outcome = deployed[0].result or {}
        summary["committed"] = bool(outcome.get("committed"))
        summary["deploy"] = outcome.get("status")
        return Result(
            host=task.host,
            result=summary,
            changed=bool(deployed[0].changed),
            diff=str(deployed[0].diff or generation.diff),
        )


generate_config.operation_type = "ai_generate"  # type: ignore[attr-defined]
