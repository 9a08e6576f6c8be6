"""How a config line is stored (see :mod:`netauto.lab.grammar`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    key: int | None = None
    mode: str | None = None
    negated: bool = False
    stored: bool = True
    flat: bool = False  # the line is stored as a leaf and its mode edits the same block


K1, K2, K3, MULTI, NEG = Rule(key=1), Rule(key=2), Rule(key=3), Rule(), Rule(negated=True)
NOSTORE = Rule(stored=False)
