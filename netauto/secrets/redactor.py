"""Reversible redaction for AI providers and stored snapshots: secrets become
``<SECRET_n>`` placeholders, and a config's placeholders are filled back from a running
config."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from netauto.secrets.config import (
    MIN_GLOBAL_LENGTH,
    find_secrets,
    lines_with_spans,
    replace_spans,
    secret_shapes,
)

# What Redactor puts where a secret was (a stored snapshot, a message to an AI provider).
PLACEHOLDER = re.compile(r"<SECRET_\d+>")


def fill_secrets(config: str, running: str) -> str:
    """``config``'s ``<SECRET_n>`` placeholders filled from ``running``'s same-shape lines."""
    if not PLACEHOLDER.search(config):
        return config
    known = dict(secret_shapes(running))
    values: dict[str, str] = {}
    for shape, found in secret_shapes(config):
        for token, value in zip(found, known.get(shape, []), strict=False):
            if PLACEHOLDER.fullmatch(token):
                values.setdefault(token, value)
    return PLACEHOLDER.sub(lambda m: values.get(m.group(0), m.group(0)), config)


@dataclass
class Redactor:
    """Reversible redaction: secrets become ``<SECRET_n>`` placeholders, known values too.

    Values learned from one text (a router's config) are also masked wherever they appear in
    later texts (a diff, an error message), on any line.
    """

    placeholders: dict[str, str] = field(default_factory=dict)
    # Numbers already used (a resumed chat): new placeholders never reuse one.
    offset: int = 0

    def learn(self, text: str) -> None:
        for secret in find_secrets(text):
            if secret not in self.placeholders:
                number = self.offset + len(self.placeholders) + 1
                self.placeholders[secret] = f"<SECRET_{number}>"

    def redact(self, text: str) -> str:
        self.learn(text)
        text = "\n".join(
            replace_spans(line, spans, self.placeholders) for line, spans in lines_with_spans(text)
        )
        for secret in sorted(self.placeholders, key=len, reverse=True):
            if len(secret) >= MIN_GLOBAL_LENGTH:
                text = text.replace(secret, self.placeholders[secret])
        return text

    def leaks(self, text: str) -> list[str]:
        """The known secrets (long enough to search for) that still appear in ``text``."""
        return [s for s in self.placeholders if len(s) >= MIN_GLOBAL_LENGTH and s in text]

    def restore(self, text: str) -> str:
        for secret, placeholder in self.placeholders.items():
            text = text.replace(placeholder, secret)
        return text
