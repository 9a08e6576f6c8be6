"""One feature judged: intended against running, on hier-config's hierarchical comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hier_config import HConfig, WorkflowRemediation

from netauto.compliance.hconfig import (
    lines_of,
    parse,
    scoped,
    sequence,
    sorted_text,
)

if TYPE_CHECKING:
    from netauto.compliance.rules import Feature


@dataclass
class FeatureResult:
    """A feature of one router: compliant or not, the missing and extra lines, the fix.

    ``missing``/``extra``: IOS-indented lines, each section header kept above its lines.
    ``order``: the sections whose lines are in another order than intended (``ordered``).
    ``remediation``: the IOS commands that make the feature compliant (hier-config).
    ``error``: the intended config could not be rendered; nothing was judged.
    """

    feature: str
    compliant: bool
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    remediation: list[str] = field(default_factory=list)
    error: str | None = None
    extra_counts: bool = True

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        return "compliant" if self.compliant else "non-compliant"

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "status": self.status,
            "compliant": self.compliant,
            "missing": list(self.missing),
            "extra": list(self.extra),
            "order": list(self.order),
            "remediation": list(self.remediation),
            "error": self.error,
            "extra_counts": self.extra_counts,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureResult:
        return cls(
            feature=str(data["feature"]),
            compliant=bool(data["compliant"]),
            missing=list(data.get("missing") or []),
            extra=list(data.get("extra") or []),
            order=list(data.get("order") or []),
            remediation=list(data.get("remediation") or []),
            error=data.get("error"),
            extra_counts=bool(data.get("extra_counts", True)),
        )


def _parts(feature: Feature, running: HConfig, intended: HConfig) -> tuple[HConfig, HConfig]:
    want = scoped(intended, feature)
    only = {child.text for child in want.children} if feature.intended_sections_only else None
    return scoped(running, feature, only), want


def _order(feature: Feature, have: HConfig, want: HConfig) -> list[str]:
    """Sections (or the top level) whose common lines are in another order than intended."""
    if not feature.ordered:
        return []
    out: list[str] = []
    pairs: list[tuple[str, Any, Any]] = [("(top level)", have, want)]
    for section in want.children:
        present = have.get_child(equals=section.text)
        if present is not None and section.children:
            pairs.append((lines_of([section])[0], present, section))
    for label, ours, theirs in pairs:
        wanted = sequence(theirs.children)
        found = [line for line in sequence(ours.children) if line in wanted]
        common = [line for line in wanted if line in found]
        if found != common:
            out.append(label)
    return out


def _common(have: HConfig, want: HConfig) -> HConfig:
    """The lines of ``have`` that ``want`` has too, at the same place: what a remediation may
    start from when extra lines do not count (it then only adds; a section emptied of its
    extra lines is not there to be negated)."""
    kept = have.deep_copy()

    def prune(node: Any, other: Any) -> None:
        for child in list(node.children):
            match = other.get_child(equals=child.text)
            if match is None:
                child.delete()
            else:
                prune(child, match)

    prune(kept, want)
    return kept


def judge(feature: Feature, running: str | HConfig, intended: str | HConfig) -> FeatureResult:
    """The feature of a router: compliant, or its missing and extra lines and the fix."""
    have_all = parse(running) if isinstance(running, str) else running
    want_all = parse(intended) if isinstance(intended, str) else intended
    have, want = _parts(feature, have_all, want_all)
    missing = want.difference(have)
    extra = have.difference(want)
    order = _order(feature, have, want)
    counted = bool(extra.children) and feature.extra_lines
    compliant = not missing.children and not counted and not order
    fix: list[str] = []
    if not compliant:
        base = have if feature.extra_lines else _common(have, want)
        fix = sorted_text(WorkflowRemediation(base, want).remediation_config)
        if order and not fix:
            # Same lines, another order: remove the section and write it again.
            fix = [f"no {line}" for line in order if line != "(top level)"]
            fix += [
                line
                for section in want.children
                for line in lines_of([section, *section.all_children()])
                if lines_of([section])[0] in order
            ]
    return FeatureResult(
        feature=feature.name,
        compliant=compliant,
        missing=lines_of(missing.all_children()),
        extra=lines_of(extra.all_children()),
        order=order,
        remediation=fix,
        extra_counts=feature.extra_lines,
    )


def remediation(results: list[FeatureResult]) -> str:
    """The commands of several features' results as one config snippet."""
    return "".join(line + "\n" for result in results for line in result.remediation)
