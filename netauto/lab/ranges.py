"""Router ranges as users type them: ``R15-R25,R30``."""

from __future__ import annotations

import re

from netauto.exceptions import LabError


def parse_routers(text: str) -> list[int]:
    """``R15-R25,R30`` -> [15, ..., 25, 30]."""
    numbers: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        found = re.fullmatch(r"[Rr]?(\d+)(?:\s*-\s*[Rr]?(\d+))?", part)
        if not found:
            raise LabError(f"bad router range {part!r}; expected e.g. R15-R25 or R15,R17")
        low = int(found.group(1))
        high = int(found.group(2) or low)
        if high < low:
            raise LabError(f"bad router range {part!r}: {high} < {low}")
        numbers.extend(n for n in range(low, high + 1) if n not in numbers)
    if not numbers:
        raise LabError("no routers selected")
    return numbers
