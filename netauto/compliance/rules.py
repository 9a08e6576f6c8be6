"""Features and their rules, kept in the project folder as ``compliance.yaml``.

::

    features:
      - name: ntp
        template: ios/ntp.j2          # renders the feature's intended lines per router
        match: [ntp server, ntp source]   # top-level lines starting with these words
      - name: interfaces
        template: ios/interfaces.j2
        regex: ['^interface ']        # top-level lines matching a regex (re.search)
        intended_sections_only: true  # only the sections the intent names
        ignore: ['^ip address ']      # lines (stripped) never judged, at any depth
      - name: acl
        template: ios/acl.j2
        match: [ip access-list standard MGMT]
        ordered: true                 # the order of the lines inside a section matters
        extra_lines: true             # lines the router has and the intent lacks count

A feature owns a top-level line (and everything under it) when the line starts with one of
``match`` (whole words) or matches one of ``regex``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netauto.exceptions import ConfigError, UsageError

RULES_FILE = "compliance.yaml"
_KEYS = frozenset(
    {"name", "template", "match", "regex", "ignore", "ordered", "extra_lines",
     "intended_sections_only", "description"}
)  # fmt: skip


@dataclass(frozen=True)
class Feature:
    """One feature: the sections it owns, its template, and how it is judged."""

    name: str
    template: str
    match: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    ordered: bool = False
    extra_lines: bool = True
    intended_sections_only: bool = False
    description: str = ""

    def owns(self, line: str) -> bool:
        """Whether a top-level line (and its section) belongs to this feature."""
        words = line.split()
        for prefix in self.match:
            wanted = prefix.split()
            if words[: len(wanted)] == wanted:
                return True
        return any(re.search(pattern, line) for pattern in self.regex)

    def ignored(self, line: str) -> bool:
        return any(re.search(pattern, line.strip()) for pattern in self.ignore)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "template": self.template,
            "match": list(self.match),
            "regex": list(self.regex),
            "ignore": list(self.ignore),
            "ordered": self.ordered,
            "extra_lines": self.extra_lines,
            "intended_sections_only": self.intended_sections_only,
            "description": self.description,
        }


def _texts(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: {key} must be a list of text")
    return tuple(value)


def _flag(entry: dict[str, Any], key: str, default: bool, where: str) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false, got {value!r}")
    return value


def _feature(entry: Any, number: int, source: str) -> Feature:
    where = f"{source} feature {number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: a mapping with name, template and match or regex")
    name = entry.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_-]{0,49}", name):
        raise ConfigError(f"{where}: name must be lower case letters, digits, - or _")
    where = f"{source} feature {name}"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})"
        )
    template = entry.get("template")
    if not isinstance(template, str) or not template.strip():
        raise ConfigError(f"{where}: template is required (ios/ntp.j2)")
    match, regex = _texts(entry, "match", where), _texts(entry, "regex", where)
    ignore = _texts(entry, "ignore", where)
    if not match and not regex:
        raise ConfigError(f"{where}: give match (first words of lines) or regex")
    for pattern in (*regex, *ignore):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{where}: bad regex {pattern!r}: {exc}") from None
    return Feature(
        name=name,
        template=template,
        match=match,
        regex=regex,
        ignore=ignore,
        ordered=_flag(entry, "ordered", False, where),
        extra_lines=_flag(entry, "extra_lines", True, where),
        intended_sections_only=_flag(entry, "intended_sections_only", False, where),
        description=str(entry.get("description") or ""),
    )


def parse_rules(data: Any, source: str = RULES_FILE) -> list[Feature]:
    """The features of a parsed rules document; a bad one is a ConfigError (exit 2)."""
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise ConfigError(f"{source}: needs a 'features' list")
    features = [_feature(entry, n, source) for n, entry in enumerate(data["features"], 1)]
    names = [feature.name for feature in features]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise ConfigError(f"{source}: feature {doubled[0]} is declared twice")
    if not features:
        raise ConfigError(f"{source}: no feature declared")
    return features


def load_rules(project_dir: Path) -> list[Feature]:
    """The features of ``<project_dir>/compliance.yaml``."""
    from netauto.settings import read_yaml

    path = project_dir / RULES_FILE
    if not path.is_file():
        raise ConfigError(
            f"no compliance rules: {path} is missing (`netauto init` writes a default one)"
        )
    return parse_rules(read_yaml(path), str(path))


def as_features(items: Sequence[Feature | Mapping[str, Any]]) -> list[Feature]:
    """Features, or their ``to_dict()`` (what a task option becomes on its way to a Celery
    worker): a task takes either."""
    given = [item.to_dict() if isinstance(item, Feature) else dict(item) for item in items]
    return parse_rules({"features": given}, "the features given") if given else []


def select(features: Sequence[Feature], names: Sequence[str] | None) -> list[Feature]:
    """The features named (all when none); an unknown name is a UsageError naming them."""
    if not names:
        return list(features)
    known = {feature.name: feature for feature in features}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UsageError(
            f"{{feature}} {unknown[0]!r} is not a feature of the rules "
            f"(known: {', '.join(sorted(known))})",
            params=("feature",),
        )
    return [known[name] for name in dict.fromkeys(names)]
