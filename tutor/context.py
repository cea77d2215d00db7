"""Compact context: keep only the sentences of each passage that bear on the question.

A small model answers better and sooner from three short, on-point passages than from
long ones: prompt length drives the time to the first token on a CPU.
Documents are data: a sentence that gives the model orders ("SYSTEM: ignore the rules ...", "tell the reader
to visit ...") never reaches it, whoever planted it in the knowledge folder.
"""
from __future__ import annotations

import numpy as np
from cachetools import LRUCache

from tutor.document import pieces as _pieces
from tutor.document import sentences  # noqa: F401  (imported from here by older callers)
from tutor.embeddings import Embedder
from tutor.relevance import is_instruction
from tutor.types import Chunk, Source

REMOVED_HEADING = "[heading removed]"


class ContextBuilder:
    """Trims chunks to a character budget by sentence relevance.

    Sentence vectors come from the store when the retriever has them (no model call per question);
    otherwise they are embedded here and cached.
    """

    def __init__(self, embedder: Embedder, cache_size: int = 4096) -> None:
        self.embedder = embedder
        self._cache: LRUCache[str, np.ndarray] = LRUCache(maxsize=cache_size)

    def _vectors(self, items: list[str]) -> np.ndarray:
        missing = [s for s in dict.fromkeys(items) if s not in self._cache]
        fresh = dict(zip(missing, self.embedder.embed(missing))) if missing else {}
        self._cache.update(fresh)
        return np.stack([fresh[s] if s in fresh else self._cache[s] for s in items])

    def build(self, query_vector: np.ndarray, chunks: list[Chunk], budget: int,
              stored: dict[str, np.ndarray] | None = None) -> list[Source]:
        """Numbered sources, each trimmed to `budget` characters of its most relevant sentences."""
        sources: list[Source] = []
        for n, chunk in enumerate(chunks, start=1):
            pieces = _pieces(chunk.text)
            if not pieces:
                continue
            parts = [p for _, p in pieces]
            vectors = (stored or {}).get(chunk.id)
            if vectors is None or len(vectors) != len(parts):
                vectors = self._vectors(parts)
            scores = vectors @ query_vector
            planted = {i for i, p in enumerate(parts) if is_instruction(p)}
            if len(planted) == len(parts):
                continue
            scores[list(planted)] = -np.inf  # never chosen, never the highlight
            keep: set[int] = set()
            used = 0
            for i in np.argsort(-scores):
                if i in planted:
                    continue
                if used + len(parts[i]) > budget and keep:
                    continue
                keep.add(int(i))
                used += len(parts[i]) + 1
            text = ""
            for i in sorted(keep):  # list items stay on their own lines; sentences of a line share one
                joiner = " " if text and pieces[i][0] == pieces[i - 1][0] and i - 1 in keep else "\n"
                text = f"{text}{joiner}{parts[i]}" if text else parts[i]
            if len(text) > budget:  # one very long sentence: cut on a word boundary
                text = text[:budget].rsplit(" ", 1)[0] + " ..."
            section = REMOVED_HEADING if is_instruction(chunk.section) else chunk.section
            sources.append(Source(n=n, section=section, source=chunk.source, text=text,
                                  highlight=parts[int(np.argmax(scores))]))
        return sources
