"""Output filters after ``|``: include, exclude, begin, section, count, as IOS applies them.

IOS takes everything after the filter keyword as one regular expression, so ``| include a|b``
is an alternation, not a second pipe. Its regex dialect adds ``_`` (a delimiter: start or end
of line, space, comma, braces, parentheses); the rest maps onto Python's ``re``.
"""

from __future__ import annotations

import re

from netauto.lab.parse import ParseError, compile_specs, match

FILTERS = compile_specs(
    [(f"{kind} <rest>", kind) for kind in ("include", "exclude", "section", "begin")]
    + [("section include <rest>", "section"), ("section exclude <rest>", "section-exclude")]
    + [("count <rest?>", "count")]
)
_DELIMITER = r"(?:^|$|[\s,{}()])"


def ios_regex(pattern: str) -> re.Pattern[str]:
    """IOS regex -> Python: ``_`` becomes a delimiter class; a bad regex matches literally."""
    translated = re.sub(r"(?<!\\)_", lambda _: _DELIMITER, pattern)
    try:
        return re.compile(translated)
    except re.error:
        return re.compile(re.escape(pattern))


def split(line: str) -> tuple[str, str | None, int]:
    """``show x | include a|b`` -> (command, filter text, column of the filter text)."""
    at = line.find("|")
    if at < 0:
        return line, None, 0
    return line[:at], line[at + 1 :], at + 1


def apply(output: str, text: str) -> str:
    """Filter ``output`` by the text after ``|``; raises ParseError for a bad filter."""
    found = match(FILTERS, text)
    kind: str = found.spec
    pattern = found.values[-1] if found.values else ""
    regex = ios_regex(pattern)
    lines = output.rstrip("\n").split("\n") if output.strip() else []
    if kind == "include":
        lines = [x for x in lines if regex.search(x)]
    elif kind == "exclude":
        lines = [x for x in lines if not regex.search(x)]
    elif kind == "begin":
        start = next((i for i, x in enumerate(lines) if regex.search(x)), len(lines))
        lines = lines[start:]
    elif kind == "count":
        return f"Number of lines which match regexp = {sum(bool(regex.search(x)) for x in lines)}\n"
    else:
        lines = _sections(lines, regex, keep=kind == "section")
    return "\n".join(lines) + "\n" if lines else ""


def _sections(lines: list[str], regex: re.Pattern[str], keep: bool) -> list[str]:
    """Whole top-level sections (a line and its indented children) with a matching line."""
    kept: list[str] = []
    i = 0
    while i < len(lines):
        end = i + 1
        if lines[i].startswith("banner ") and lines[i].count("^C") < 2:
            # A banner's text lines are not indented but belong to its section.
            while end < len(lines) and "^C" not in lines[end]:
                end += 1
            end = min(end + 1, len(lines))
        while end < len(lines) and lines[end].startswith(" "):
            end += 1
        block = lines[i:end]
        if not lines[i].startswith(" "):
            hit = any(regex.search(x) for x in block)
            if hit == keep and not (not keep and lines[i] in ("!", "")):
                kept.extend(block)
        i = end
    return kept


__all__ = ["ParseError", "apply", "ios_regex", "split"]
