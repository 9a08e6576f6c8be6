"""``show`` outputs about the system rather than interfaces: archive, health, clock.

Fixed values where the lab has no real data (CPU, memory, temperature).
"""

from __future__ import annotations

from netauto.lab.state import RouterState, clock


def show_archive(router: RouterState) -> str:
    if not router.archive_enabled():
        return "Archive feature not enabled\n"
    block = router.running.find("archive")
    base = (block.top("path ") if block else None) or "flash:archive"
    maximum = int((block.top("maximum ") if block else None) or 14)
    count = len(router.archives)
    lines = [
        f"The maximum archive configurations allowed is {maximum}.",
        f"There are currently {count} archive configurations saved.",
        f"The next archive file will be named {base}-{router.archive_index}",
        " Archive #  Name",
    ]
    for slot in range(1, maximum + 1):
        if slot <= count:
            recent = " <- Most Recent" if slot == count else ""
            lines.append(f"   {slot:<8} {router.archives[slot - 1]}{recent}")
        else:
            lines.append(f"   {slot:<8}")
    return "\n".join(lines) + "\n"


def rollback_timer(router: RouterState) -> str:
    revert = router.revert
    if revert is None:
        return "%No Rollback Confirmed Change pending\n"
    return (
        f"Time configured(or Reset to) : {clock(revert.configured)}\n"
        "Timer type: absolute timer\n"
        f"Timer value: {revert.minutes} min\n"
        f"User: {revert.user}\n"
    )


def show_env_temperature() -> str:
    return (
        "SYSTEM Temperature Value: 34 Degree Celsius\n"
        "SYSTEM Low Temperature Alert Threshold: -5 Degree Celsius\n"
        "SYSTEM Yellow Threshold : 60 Degree Celsius\n"
        "SYSTEM Red Threshold : 75 Degree Celsius\n"
    )
