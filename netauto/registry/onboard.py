"""Test a router just added: its facts fill model, serial and OS version, or the reason it
did not answer marks it offline. Observed state, like a runbook's: no audit row of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netauto.clock import utcnow
from netauto.db.devices import update_device
from netauto.engine.inventory import unrecorded_nornir
from netauto.exceptions import NetautoError

if TYPE_CHECKING:
    from netauto.settings import Settings


def onboard(settings: Settings, url: str, name: str, actor: str) -> str | None:
    """Connect to ``name`` once; None when it answered, else the reason it did not."""
    from netauto.tasks.get_facts import device_values, get_facts

    try:
        nr = unrecorded_nornir(settings, user=actor)
        result = nr.filter(name=name).run(task=get_facts, getters=["facts"], update_device=False)
    except NetautoError as exc:
        reason = str(exc)
    else:
        outcome = result[name]
        if not outcome.failed:
            facts = outcome[0].result["facts"]
            values = device_values(facts)
            update_device(
                url,
                name,
                status="online",
                last_seen=utcnow(),
                serial=str(facts.get("serial_number") or "")[:100] or None,
                os_version=str(facts.get("os_version") or "")[:255] or None,
                **values,
            )
            return None
        reason = _reason(outcome.exception, outcome.result)
    update_device(url, name, status="offline", metadata={"onboarding": reason})
    return reason


def _reason(exception: BaseException | None, result: object) -> str:
    text = str(exception or result or "no answer").strip()
    return (text.splitlines()[-1] if text else "no answer")[:300]
