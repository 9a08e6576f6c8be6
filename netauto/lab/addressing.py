"""Which routers a fleet serves and where: names ``R<n>``, one loopback address each.

The base address is R15's; router ``R<n>`` listens on ``base + (n - 15)``, so the default
fleet R15..R25 sits on 127.0.0.15..127.0.0.25 and a 500-router fleet wraps on into
127.0.1.x, 127.0.2.x... All addresses must stay inside 127.0.0.0/8.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from netauto.exceptions import LabError
from netauto.lab.models import parse_models
from netauto.lab.ranges import parse_routers

DEFAULT_BASE = "127.0.0.15"
FIRST = 15
DEFAULT_COUNT = 11
LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")


@dataclass(frozen=True)
class RouterSpec:
    name: str
    number: int
    address: str
    model: str = "CISCO2911"


def plan(
    count: int | None = None,
    routers: str | None = None,
    base: str = DEFAULT_BASE,
    models: str | None = None,
) -> list[RouterSpec]:
    """The routers to serve: ``count`` from R15 upward, or the ``routers`` ranges; ``models``
    as :func:`netauto.lab.models.parse_models` reads it."""
    default_model, chosen = parse_models(models)
    if count is not None and routers is not None:
        raise LabError("give either a count or a router range, not both")
    if count is not None and count < 1:
        raise LabError("the fleet needs at least one router")
    try:
        first = ipaddress.IPv4Address(base)
    except ValueError:
        raise LabError(f"bad base address {base!r}") from None
    if first not in LOOPBACK:
        raise LabError(f"the lab only listens on loopback (127.0.0.0/8), not {base}")
    if routers is not None:
        numbers = parse_routers(routers)
    else:
        numbers = list(range(FIRST, FIRST + (count or DEFAULT_COUNT)))
    specs = []
    for number in numbers:
        address = first + (number - FIRST)
        if address not in LOOPBACK or address == LOOPBACK.network_address:
            raise LabError(f"router R{number} would be at {address}, outside 127.0.0.0/8")
        model = chosen.get(number, default_model)
        specs.append(RouterSpec(f"R{number}", number, str(address), model))
    return specs
