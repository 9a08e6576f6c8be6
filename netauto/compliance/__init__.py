"""Compliance: each router's intended config against its running config, feature by feature.

A feature (:mod:`netauto.compliance.rules`, ``compliance.yaml`` in the project folder) owns
sections of the config: top-level lines by their first words or by regex. It names the
template that renders its intended lines, whether order matters, lines to ignore, and whether
lines on the router that the intent lacks count against it. :func:`judge` compares one
feature (:mod:`netauto.compliance.judge`) on hier-config's hierarchical model; the same model
gives the remediation commands and a merge's preview (:mod:`netauto.compliance.hconfig`).

Plain library code: no Nornir, no database. The ``compliance`` and ``remediate`` runbooks
render the intent and read the running config, then call these.
"""

from __future__ import annotations

from netauto.compliance.judge import FeatureResult, judge, remediation
from netauto.compliance.rules import (
    RULES_FILE,
    Feature,
    as_features,
    load_rules,
    parse_rules,
    select,
)

__all__ = [
    "RULES_FILE",
    "Feature",
    "FeatureResult",
    "as_features",
    "judge",
    "load_rules",
    "parse_rules",
    "remediation",
    "select",
]
