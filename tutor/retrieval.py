"""Hybrid retrieval, fused by reciprocal rank over three views of the same chunks:

- chunk vectors (heading path + text) in Chroma,
- sentence vectors in Chroma, each pointing at its chunk (a chunk ranks by its best sentence: precise on
  chunks that mix several points),
- BM25 with stemming over heading path + text (exact terms: names, numbers, acronyms).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from tutor.config import Settings
from tutor.embeddings import Embedder, get_embedder
from tutor.sides import opposite, side_of_section, side_of_text
from tutor.store import embedding_text, open_collection
from tutor.types import Chunk

Mode = Literal["hybrid", "vector", "bm25"]
RRF_K = 60  # the usual reciprocal-rank constant: damps the gap between rank 1 and rank 2
CANDIDATES = 20  # from each retriever, before fusion
RECHECK_S = 10.0  # how often to ask the store whether another process (ingest, a UI replica) changed it
# a section about the other side of the comparison than the question asks about keeps half its score: enough
# to fall below the right side's sections (issue 13's "best suited for unstructured data" example), and it
# is still found when nothing on the asked side matches
OTHER_SIDE = 0.5


@dataclass
class _Corpus:
    ids: list[str]
    texts: list[str]
    metas: list[dict[str, Any]]
    bm25: Any
    stemmer: Any
    sentences: int  # size of the sentence index, counted once per load (a round-trip with a Chroma server)
    checked: float  # when the ids were last compared with the store's


class Retriever:
    """Finds the chunks that answer a question. Loads the store lazily; `refresh()` after an ingest."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder()
        self._collection: Any = None
        self._sentences: Any = None
        self._corpus: _Corpus | None = None
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Forget the cached collection and keyword index (the store changed)."""
        with self._lock:
            self._collection = None
            self._sentences = None
            self._corpus = None

    def _load(self) -> tuple[Any, Any, _Corpus]:
        with self._lock:
            if self._collection is None:
                self._collection = open_collection(self.settings, self.embedder, create=False)
                self._sentences = open_collection(self.settings, self.embedder, create=False, sentences=True)
            if self._corpus is not None and time.monotonic() - self._corpus.checked > RECHECK_S:
                # chunk ids carry a content hash: a different id list means the knowledge changed elsewhere,
                # so the keyword index is rebuilt from the collection and stays in step with Chroma
                if self._collection.get(include=[])["ids"] != self._corpus.ids:
                    self._corpus = None
                else:
                    self._corpus.checked = time.monotonic()
            if self._corpus is None:
                import bm25s
                import Stemmer

                got = self._collection.get(include=["documents", "metadatas"])
                texts = [embedding_text(m["section"], d) for d, m in zip(got["documents"], got["metadatas"])]
                stemmer = Stemmer.Stemmer("english")
                bm25 = bm25s.BM25()
                bm25.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False),
                           show_progress=False)
                self._corpus = _Corpus(got["ids"], got["documents"], got["metadatas"], bm25, stemmer,
                                       self._sentences.count(), time.monotonic())
            return self._collection, self._sentences, self._corpus

    def embed_query(self, question: str) -> np.ndarray:
        return self.embedder.embed([question])[0]

    def search(self, question: str, k: int | None = None, mode: Mode = "hybrid",
               query_vector: np.ndarray | None = None) -> list[Chunk]:
        """The k best chunks for the question, best first."""
        k = k or self.settings.k
        collection, sentence_index, corpus = self._load()
        n = len(corpus.ids)
        ranked: list[list[str]] = []
        similarity: dict[str, float] = {}
        if mode in ("hybrid", "vector"):
            vector = (self.embed_query(question) if query_vector is None else query_vector).tolist()
            got = collection.query(query_embeddings=[vector], n_results=min(CANDIDATES, n), include=["distances"])
            ids = got["ids"][0]
            similarity = {i: 1.0 - d for i, d in zip(ids, got["distances"][0])}  # cosine space
            ranked.append(ids)
            got = sentence_index.query(query_embeddings=[vector], n_results=min(4 * CANDIDATES, corpus.sentences),
                                       include=["distances", "metadatas"])
            by_sentence: list[str] = []
            for meta, distance in zip(got["metadatas"][0], got["distances"][0]):
                chunk_id = meta["chunk_id"]
                similarity[chunk_id] = max(similarity.get(chunk_id, 0.0), 1.0 - distance)
                if chunk_id not in by_sentence:
                    by_sentence.append(chunk_id)  # already best-first: a chunk ranks by its best sentence
            ranked.append(by_sentence[:CANDIDATES])
        if mode in ("hybrid", "bm25"):
            ranked.append(self._bm25(corpus, question, min(CANDIDATES, n)))
        fused: dict[str, float] = {}
        for ids in ranked:
            for rank, chunk_id in enumerate(ids):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        index = {chunk_id: i for i, chunk_id in enumerate(corpus.ids)}
        asked = side_of_text(question)
        if asked:  # "what data is deep learning best for?" must not be answered from "Use Machine Learning If"
            for chunk_id in fused:
                if chunk_id in index and opposite(asked, side_of_section(corpus.metas[index[chunk_id]]["section"])):
                    fused[chunk_id] *= OTHER_SIDE
        best = sorted(fused, key=fused.get, reverse=True)[:k]
        return [Chunk(text=corpus.texts[index[c]], section=corpus.metas[index[c]]["section"],
                      source=corpus.metas[index[c]]["source"], score=fused[c], id=c,
                      similarity=similarity.get(c, 0.0)) for c in best if c in index]

    @staticmethod
    def _bm25(corpus: _Corpus, question: str, n: int) -> list[str]:
        import bm25s

        tokens = bm25s.tokenize([question], stopwords="en", stemmer=corpus.stemmer, show_progress=False)
        if not tokens.vocab:  # only stop words: nothing to match
            return []
        docs, scores = corpus.bm25.retrieve(tokens, k=n, show_progress=False)
        return [corpus.ids[int(d)] for d, s in zip(docs[0], scores[0]) if s > 0]

    def sentence_vectors(self, chunks: list[Chunk]) -> dict[str, np.ndarray]:
        """The stored vectors of each chunk's sentences, in order (ingest numbered them `<chunk id>#<i>`)."""
        from tutor.document import sentence_ids

        _, sentence_index, _ = self._load()
        wanted = {c.id: sentence_ids(c.id, c.text) for c in chunks}
        got = sentence_index.get(ids=[i for ids in wanted.values() for i in ids], include=["embeddings"])
        by_id = dict(zip(got["ids"], got["embeddings"]))
        return {chunk_id: np.array([by_id[i] for i in ids], dtype=np.float32)
                for chunk_id, ids in wanted.items() if ids and all(i in by_id for i in ids)}

    def section_chunk(self, section: str) -> Chunk | None:
        """The first chunk filed under a heading path, or under its nearest ancestor (small sibling sections
        are stored merged into their parent's chunk): used to cite a demo's explanation."""
        _, _, corpus = self._load()
        wanted = section.split(" > ")
        for depth in range(len(wanted), 0, -1):
            path = " > ".join(wanted[:depth])
            for chunk_id, text, meta in zip(corpus.ids, corpus.texts, corpus.metas):
                if meta["section"] == path and (depth == len(wanted) or f"{wanted[depth]}: " in text):
                    return Chunk(text=text, section=path, source=meta["source"], score=1.0, id=chunk_id,
                                 similarity=1.0)
        return None
