"""Pull the configuration lines out of a model's answer.

Models wrap config in Markdown fences, add prose around it, or type the session around it
(``configure terminal``, ``end``, ``write memory``). What is kept is the config itself, as it
would go into a merge file: the fenced block if there is one, without the session commands,
comments and blank lines.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^```[ \t]*([\w+-]*)[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Typed at the exec prompt or to enter/leave config mode: never part of the candidate.
_SESSION = re.compile(
    r"^(?:en(?:able)?|conf(?:igure)?(?: t(?:erminal)?)?|end|exit|"
    r"wr(?:ite)?(?: mem(?:ory)?)?|copy run(?:ning-config)? start(?:up-config)?)\s*$",
    re.IGNORECASE,
)
_PROMPT = re.compile(r"^\S+\((?:config[^)]*)\)#\s?|^\S+#\s?")
_CONFIG_LANGS = {"", "ios", "cisco", "cisco-ios", "text", "plaintext", "txt", "conf", "config"}


def _fenced(answer: str) -> str | None:
    blocks = [(lang.lower(), body) for lang, body in _FENCE.findall(answer)]
    config = [body for lang, body in blocks if lang in _CONFIG_LANGS]
    if config:
        return "\n".join(config)
    return None


def extract_config(answer: str) -> str:
    """The candidate config in ``answer`` ("" when there is none).

    Without a fenced block the whole answer is taken as config: the policy check then rejects
    prose. Indentation is kept (it carries the sub-mode structure).
    """
    text = _fenced(answer)
    if text is None:
        text = answer
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = _PROMPT.sub("", raw.rstrip()) if _PROMPT.match(raw.lstrip()) else raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("!") or _SESSION.match(stripped):
            continue
        lines.append(line.expandtabs(1))
    return "\n".join(lines) + ("\n" if lines else "")
