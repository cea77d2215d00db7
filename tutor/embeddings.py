"""Sentence embeddings from the packaged MiniLM model, plus the adapter Chroma needs.

Two ways to the same vectors: the ONNX export that `tutor prepare` makes (onnxruntime + tokenizers, a
fraction of a second to load) and sentence-transformers (torch; what the export is checked against, and
the fallback when the export is missing, damaged or stale, slower to start but no error to the user).
Chroma's default embedding function downloads a model, so we always hand it this one.
"""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from tutor.models import embedding_model_dir

log = logging.getLogger(__name__)
DIMENSION = 384
Embed = Callable[[list[str]], np.ndarray]  # texts -> normalised rows: what a caller that embeds needs


class _Backend(Protocol):
    def embed(self, texts: list[str]) -> np.ndarray: ...


class SentenceTransformersBackend:
    """The reference implementation: imports torch and transformers (seconds), so only the fallback."""

    def __init__(self) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # keep stderr to one clear line per problem
        self.model = SentenceTransformer(str(embedding_model_dir()), device="cpu")

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=32, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)


class Embedder:
    """L2-normalised 384-d MiniLM embeddings (cosine similarity = dot product)."""

    def __init__(self, models_dir: Path | None = None) -> None:
        self._models_dir = models_dir  # where `tutor prepare` put the ONNX export (default: the settings')
        self._backend: _Backend | None = None
        self._lock = threading.Lock()  # one forward pass at a time: on 2 cores parallel passes only contend

    @property
    def backend(self) -> _Backend:
        """Loaded on first use: the ONNX export when it is intact, else sentence-transformers."""
        if self._backend is None:
            from tutor import onnx_minilm

            if self._models_dir is None:
                from tutor.config import get_settings

                self._models_dir = get_settings().models_dir
            self._backend = onnx_minilm.load(self._models_dir) or SentenceTransformersBackend()
            log.info("embedding with %s", type(self._backend).__name__)
        return self._backend

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        with self._lock:
            return self.backend.embed(list(texts))


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """The process-wide embedder: the model is loaded once, on first use."""
    return Embedder()


class ChromaEmbeddingFunction:
    """Chroma's EmbeddingFunction protocol over our embedder."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002 (Chroma's parameter name)
        return list(self._embedder.embed(list(input)))

    def embed_query(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002
        return self(input)

    @staticmethod
    def name() -> str:
        return "tutor-minilm"

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict:
        return {}

    @staticmethod
    def build_from_config(config: dict) -> "ChromaEmbeddingFunction":
        return ChromaEmbeddingFunction(get_embedder())
