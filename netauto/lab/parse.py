"""The command parser shared by exec and config modes: a keyword trie built from patterns.

A pattern is a space-separated list of tokens: literal keywords (matched by unique prefix, as
IOS does), and typed parameters ``<word>``, ``<int>``, ``<int:1-15>``, ``<ip>``, ``<mask>``,
``<ipv6p>``, ``<if>`` (an interface name, abbreviations accepted), ``<level>`` (logging
level), ``<rest>`` (the rest of the line, one token at least) and ``<rest?>`` (optional rest).
A failed match carries the column of the offending token so the caret lands where IOS puts it.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any

INTERFACE_TYPES = (
    "GigabitEthernet",
    "FastEthernet",
    "TenGigabitEthernet",
    "Loopback",
    "Tunnel",
    "Serial",
    "Port-channel",
    "Null",
)
LEVELS = (
    "emergencies",
    "alerts",
    "critical",
    "errors",
    "warnings",
    "notifications",
    "informational",
    "debugging",
)
_IF_RE = re.compile(r"^([A-Za-z-]+)\s*(\d+(?:/\d+)*(?:\.\d+)?)$")


class ParseError(Exception):
    """The line does not match: ``kind`` is invalid, incomplete or ambiguous; or IOS refuses
    it with a message of its own (``kind`` message, the text in ``token``)."""

    def __init__(self, kind: str, column: int, token: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.column = column
        self.token = token


@dataclass
class Node:
    keywords: dict[str, Node] = field(default_factory=dict)  # lower case -> next node
    params: list[tuple[str, Node]] = field(default_factory=list)
    spec: Any = None
    word: str = ""  # the keyword as IOS prints it (``dot1Q``, ``RO``)


@dataclass
class Match:
    spec: Any
    words: list[str]
    values: list[str]
    node: Node | None = None  # where the match stopped (a partial ``no`` form)
    last_param: bool = False  # whether its last word was a parameter

    @property
    def text(self) -> str:
        return " ".join(self.words)


def canonical_interface(name: str) -> str | None:
    """``gi0/1`` -> ``GigabitEthernet0/1``; None if it is not an interface name."""
    found = _IF_RE.match(name.strip())
    if not found:
        return None
    kind, number = found.group(1).lower(), found.group(2)
    choices = [t for t in INTERFACE_TYPES if t.lower().startswith(kind)]
    if kind.startswith("te") and len(kind) <= 3:
        choices = ["TenGigabitEthernet"]
    return f"{choices[0]}{number}" if len(choices) == 1 else None


def _is_ip(token: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(token), ipaddress.IPv4Address)
    except ValueError:
        return False


def _param_ok(kind: str, token: str) -> bool:
    name, _, bounds = kind.partition(":")
    if name == "word":
        return True
    if name == "int":
        if not token.isdigit():
            return False
        if bounds:
            low, high = (int(x) for x in bounds.split("-"))
            return low <= int(token) <= high
        return True
    if name in ("ip", "mask"):
        return _is_ip(token)
    if name == "ipv6p":
        try:
            ipaddress.IPv6Interface(token)
        except ValueError:
            return False
        return "/" in token
    if name == "hex":  # a certificate's hex words
        return len(token) <= 8 and all(c in "0123456789ABCDEFabcdef" for c in token)
    if name == "level":
        return (token.isdigit() and int(token) <= 7) or any(
            lv.startswith(token.lower()) for lv in LEVELS
        )
    return False


def compile_specs(specs: list[tuple[str, Any]]) -> Node:
    """Build the trie; each pattern ends at a node whose ``spec`` is the given object."""
    root = Node()
    for pattern, spec in specs:
        node = root
        for token in pattern.split():
            if token == "<rest?>":
                node.spec = spec
                token = "<rest>"
            if token.startswith("<"):
                kind = token[1:-1]
                found = next((n for k, n in node.params if k == kind), None)
                if found is None:
                    found = Node()
                    node.params.append((kind, found))
                node = found
            else:
                node = node.keywords.setdefault(token.lower(), Node(word=token))
        node.spec = spec
    return root


def tokenize(line: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in re.finditer(r"\S+", line)]


def match(root: Node, line: str, *, partial: bool = False) -> Match:
    """Match ``line``; ``partial`` accepts a line that stops early (for ``no`` forms)."""
    tokens = tokenize(line)
    node, words, values, i = root, [], [], 0
    last_param = False
    while i < len(tokens):
        token, column = tokens[i]
        lower = token.lower()
        child: Node | None = node.keywords.get(lower)
        word = lower
        if child is None:
            prefixed = [k for k in node.keywords if k.startswith(lower)]
            if len(prefixed) == 1:
                word, child = prefixed[0], node.keywords[prefixed[0]]
        if child is not None and child.word:
            word = child.word
        if child is None:
            for kind, param_node in node.params:
                if kind == "rest":
                    rest = line[column:].rstrip()
                    words.append(rest)
                    values.append(rest)
                    return Match(param_node.spec, words, values, param_node, True)
                if kind == "if":
                    name = canonical_interface(token)
                    if name is None and i + 1 < len(tokens):
                        name = canonical_interface(token + tokens[i + 1][0])
                        if name is not None:
                            i += 1
                    if name is not None:
                        word, child = name, param_node
                        break
                elif _param_ok(kind, token):
                    word, child = token, param_node
                    if kind == "level" and not token.isdigit():
                        word = next(lv for lv in LEVELS if lv.startswith(lower))
                    break
            else:
                if len([k for k in node.keywords if k.startswith(lower)]) > 1:
                    raise ParseError("ambiguous", column, token)
                raise ParseError("invalid", column, token)
            values.append(word)
        last_param = child is not node.keywords.get(word.lower())
        words.append(word)
        node = child
        i += 1
    if node.spec is None and not (partial and words):
        if not tokens:
            raise ParseError("incomplete", 0)
        raise ParseError("incomplete", len(line.rstrip()))
    return Match(node.spec, words, values, node, last_param)


def refuse(message: str) -> ParseError:
    """A line IOS understands but refuses, with its own message (``% Duplicate ...``)."""
    return ParseError("message", 0, message)


def error_text(error: ParseError, line: str, prompt_len: int) -> str:
    """The IOS answer to a bad line typed after a prompt of ``prompt_len`` characters."""
    if error.kind == "message":
        return error.token.rstrip("\n") + "\n"
    if error.kind == "incomplete":
        return "% Incomplete command.\n"
    if error.kind == "ambiguous":
        return f'% Ambiguous command:  "{line.strip()}"\n'
    return " " * (prompt_len + error.column) + "^\n% Invalid input detected at '^' marker.\n"


def file_error(raw: str, error: ParseError) -> list[str]:
    """How a failed line of a file copied into running-config is reported."""
    if error.kind == "message":
        return [raw, error.token.rstrip("\n")]
    return [raw, " " * error.column + "^", "% Invalid input detected at '^' marker."]
