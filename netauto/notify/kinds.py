"""The kinds of event and their severities."""

from __future__ import annotations

from netauto.exceptions import UsageError

SEVERITIES = ("info", "warning", "error", "critical")

KINDS: dict[str, str] = {
    "router_down": "a router stopped answering (check, health, poll)",
    "router_up": "a router answers again (recovery)",
    "router_warning": "a router crossed a health threshold",
    "run_failed": "a run failed on every router, or as a whole",
    "run_partially_failed": "a run failed on some routers",
    "fire_skipped": "a scheduled fire was skipped (its previous fire still ran)",
    "fire_failed": "a scheduled fire failed to start",
    "config_changed": "a backup found a changed config",
    "config_changed_outside": "a config change no netauto run explains",
    "compliance_dropped": "a router fell out of compliance",
    "lock_taken_over": "a stale change lock was taken over",
    "spool_not_draining": "results wait in the spool: the operations log is unreachable",
    "link_down": "an interface's line protocol went down (syslog)",
    "link_up": "an interface's line protocol came back up (syslog)",
    "login_failed": "a login to a router failed (syslog; one per router a minute)",
    "test": "a test notification (netauto notify test)",
}


def rank(severity: str) -> int:
    """0 for info .. 3 for critical; an unknown severity ranks as info."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0


def check_kind(kind: str) -> str:
    if kind != "all" and kind not in KINDS:
        raise UsageError(f"unknown event kind {kind!r}; known: all, {', '.join(KINDS)}")
    return kind


def check_severity(severity: str) -> str:
    if severity not in SEVERITIES:
        raise UsageError(f"unknown severity {severity!r}; known: {', '.join(SEVERITIES)}")
    return severity
