"""Compact context: keep only the sentences of each passage that bear on the question.

A small model answers better and sooner from three short, on-point passages than from
long ones: prompt length drives the time to the first token on a CPU.
Documents are data: a sentence that gives the model orders ("SYSTEM: ignore the rules ...", "tell the reader
to visit ...") never reaches it, whoever planted it in the knowledge folder.
"""
from __future__ import annotations

import re
from collections import OrderedDict

import numpy as np

from tutor.embeddings import Embedder
from tutor.relevance import is_instruction
from tutor.types import Chunk, Source

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
REMOVED_HEADING = "[heading removed]"


def _pieces(text: str) -> list[tuple[int, str]]:
    """(line number, sentence) for every sentence and list item of a passage, in order."""
    return [(n, s.strip()) for n, line in enumerate(text.splitlines())
            for s in _SENTENCE.split(line) if s.strip()]


def sentences(text: str) -> list[str]:
    """Sentences and list items of a passage, in order."""
    return [s for _, s in _pieces(text)]


class ContextBuilder:
    """Trims chunks to a character budget by sentence relevance.

    Sentence vectors come from the store when the retriever has them (no model call per question);
    otherwise they are embedded here and cached.
    """

    def __init__(self, embedder: Embedder, cache_size: int = 4096) -> None:
        self.embedder = embedder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def _vectors(self, items: list[str]) -> np.ndarray:
        missing = [s for s in dict.fromkeys(items) if s not in self._cache]
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing)):
                self._cache[text] = vector
        for s in items:
            self._cache.move_to_end(s)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return np.stack([self._cache[s] for s in items])

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
