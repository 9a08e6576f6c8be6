"""What a search asks for: an address, a CIDR block, or words (an IOS phrase or free text)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from netauto.exceptions import UsageError

KINDS = ("config", "runs", "docs")
_WORD = re.compile(r"[\w.:/-]+", re.UNICODE)


@dataclass(frozen=True)
class Query:
    """``text`` as typed; ``low``..``high`` when it is an IPv4 address or block."""

    text: str
    terms: tuple[str, ...]
    low: int | None = None
    high: int | None = None

    @property
    def is_address(self) -> bool:
        return self.low is not None


def parse_query(text: str) -> Query:
    """The query, or a UsageError naming ``query`` when there is nothing to look for."""
    text = " ".join(str(text).split())
    if len(text) > 200:
        raise UsageError("the search is longer than 200 characters")
    terms = tuple(_WORD.findall(text.lower()))
    if not terms:
        raise UsageError("the search has no word to look for")
    if re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?", text):
        try:
            network = ipaddress.IPv4Network(text, strict=False)
        except ValueError:
            raise UsageError(f"{text!r} is not an IPv4 address or block") from None
        if "/" in text:
            return Query(text, terms, int(network.network_address), int(network.broadcast_address))
        address = int(ipaddress.IPv4Address(text))
        return Query(text, terms, address, address)
    return Query(text, terms)


def check_kind(kind: str | None) -> tuple[str, ...]:
    if kind is None or kind == "":
        return KINDS
    if kind not in KINDS:
        raise UsageError(f"{{kind}} must be one of {', '.join(KINDS)}", params=("kind",))
    return (kind,)
