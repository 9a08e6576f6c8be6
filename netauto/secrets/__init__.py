"""Find and mask secrets in IOS configuration and in any text bound for a log.

Used wherever device text leaves the device: backups with ``--mask-secrets``, the operations
log (always) and AI prompts (always, with reversible placeholders). One module per kind of
text, all importable from here:

- :mod:`~netauto.secrets.config`: config text (the patterns; ``mask``, ``find_secrets``)
- :mod:`~netauto.secrets.messages`: messages and log lines (``mask_message``, ``MessageMasker``)
- :mod:`~netauto.secrets.data`: structured data (``mask_data``, ``is_secret_key``)
- :mod:`~netauto.secrets.redactor`: reversible placeholders (``Redactor``, ``fill_secrets``)
"""

from __future__ import annotations

from netauto.secrets.config import (
    MASK,
    MIN_GLOBAL_LENGTH,
    find_secrets,
    mask,
    mask_markdown,
    masked_secret,
    secret_shapes,
)
from netauto.secrets.data import SECRET_KEY, is_secret_key, mask_data
from netauto.secrets.messages import MessageMasker, mask_message
from netauto.secrets.redactor import PLACEHOLDER, Redactor, fill_secrets

__all__ = [
    "MASK",
    "MIN_GLOBAL_LENGTH",
    "PLACEHOLDER",
    "SECRET_KEY",
    "MessageMasker",
    "Redactor",
    "fill_secrets",
    "find_secrets",
    "is_secret_key",
    "mask",
    "mask_data",
    "mask_markdown",
    "mask_message",
    "masked_secret",
    "secret_shapes",
]
