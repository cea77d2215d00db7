"""Sentence embeddings from the packaged MiniLM model, plus the adapter Chroma needs.

Chroma's default embedding function downloads a model, so we always hand it this one.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from tutor.models import embedding_model_dir

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class Embedder:
    """L2-normalised 384-d MiniLM embeddings (cosine similarity = dot product)."""

    def __init__(self) -> None:
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()  # one forward pass at a time; torch is not re-entrant across our threads

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # keep stderr to one clear line per problem
            self._model = SentenceTransformer(str(embedding_model_dir()), device="cpu")
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            return self.model.encode(texts, batch_size=32, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)


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
