"""Embeddings through an OpenAI-compatible ``/embeddings`` endpoint (the official SDK).

Configured by ``ai.embeddings.model`` (nothing is ever sent without it), with
``ai.embeddings.base_url`` (else ``OPENAI_BASE_URL``, else OpenAI's), the secret
``ai.embeddings_api_key`` (else the OpenAI key of the chat providers; a local server needs
none), ``ai.embeddings.batch`` texts per request, ``ai.embeddings.timeout`` and
``ai.embeddings.dimensions`` (shorter vectors, scored faster: 256 instead of 1536). Every text is
masked and redacted the way AI prompts are (:class:`netauto.secrets.Redactor`) before it
leaves, and checked: a known secret still in it stops the call.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from netauto.ai.providers import UNUSED_KEY, describe
from netauto.exceptions import AIConfigError, AIError
from netauto.secrets import Redactor, mask_markdown
from netauto.settings import Settings


@dataclass(frozen=True)
class EmbeddingsConfig:
    model: str
    base_url: str | None = None
    timeout: float = 30.0
    batch: int = 64
    dimensions: int | None = None  # shortened vectors (text-embedding-3 models take it)
    key: str | None = field(default=None, repr=False)  # never printed


def load_embeddings(settings: Settings) -> EmbeddingsConfig | None:
    """The embeddings provider of the settings; None when none is configured (no model)."""
    model = settings.value("ai.embeddings.model")
    if not model:
        return None
    key = settings.value("ai.embeddings_api_key") or settings.value("ai.openai_api_key")
    base_url = settings.value("ai.embeddings.base_url") or os.environ.get("OPENAI_BASE_URL")
    if not key and not base_url:
        raise AIConfigError(
            "ai.embeddings.model is set but there is no key (ai.embeddings_api_key, "
            "OPENAI_API_KEY) and no ai.embeddings.base_url"
        )
    return EmbeddingsConfig(
        model=str(model),
        base_url=str(base_url) if base_url else None,
        timeout=float(settings.value("ai.embeddings.timeout") or 30.0),
        batch=int(settings.value("ai.embeddings.batch") or 64),
        dimensions=settings.value("ai.embeddings.dimensions"),
        key=str(key) if key else None,
    )


def masked(texts: Sequence[str]) -> list[str]:
    """The texts as they may leave: masked, redacted, with no known secret left.

    Markdown's inline code is masked as the config line it quotes (`` `snmp-server community
    X` `` in a sentence): the masking rules read a config line from its start."""
    redactor = Redactor()
    out = [redactor.redact(mask_markdown(text)) for text in texts]
    if any(redactor.leaks(text) for text in out):
        raise AIError("a text to embed still holds a secret after redaction: not sent")
    return out


class OpenAIEmbedder:
    """``client.embeddings.create`` in batches; the client is made on first use."""

    def __init__(self, config: EmbeddingsConfig) -> None:
        self.config = config
        self._client: Any = None
        self.requests = 0  # how many requests were sent

    @property
    def model(self) -> str:
        """The vectors' space: the model, and the dimensions asked of it (``model@256``).
        Stored with each vector: vectors of another space are dropped and made again."""
        dims = self.config.dimensions
        return f"{self.config.model}@{dims}" if dims else self.config.model

    def _get_client(self) -> Any:
        if self._client is None:
            openai = importlib.import_module("openai")
            self._client = openai.OpenAI(
                api_key=self.config.key or UNUSED_KEY,
                base_url=self.config.base_url,
                timeout=self.config.timeout,
                max_retries=0,
            )
        return self._client

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, in order; AIError (one line) when the provider fails."""
        vectors: list[list[float]] = []
        size = max(1, self.config.batch)
        for start in range(0, len(texts), size):
            chunk = masked(texts[start : start + size])
            self.requests += 1
            try:
                extra = {"dimensions": self.config.dimensions} if self.config.dimensions else {}
                response = self._get_client().embeddings.create(
                    model=self.config.model, input=chunk, encoding_format="float", **extra
                )
            except Exception as exc:  # the SDK's errors, a refused connection...
                raise AIError(f"embeddings provider failed: {describe(exc)}") from None
            data = sorted(response.data, key=lambda item: item.index)
            if len(data) != len(chunk):
                raise AIError(
                    f"embeddings provider returned {len(data)} vectors for {len(chunk)} texts"
                )
            vectors.extend([float(x) for x in item.embedding] for item in data)
        return vectors

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
