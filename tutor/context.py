"""Compact context: keep only the sentences of each passage that bear on the question.

A small model answers better and sooner from three short, on-point passages than from
long ones: prompt length drives the time to the first token on a CPU.
Documents are data: a sentence that gives the model orders ("SYSTEM: ignore the rules ...", "tell the reader
to visit ...") never reaches it, whoever planted it in the knowledge folder.
"""
from __future__ import annotations

import re

import numpy as np
from cachetools import LRUCache

from tutor.document import LIST_HEAD
from tutor.document import pieces as _pieces
from tutor.document import sentences  # noqa: F401  (imported from here by older callers)
from tutor.embeddings import Embedder
from tutor.relevance import is_instruction
from tutor.sides import label_of
from tutor.types import Chunk, Source
from tutor.words import GOES_ON, OPENS_ON_PRONOUN, flatten, holds_name, names_alone

REMOVED_HEADING = "[heading removed]"
# a passage's best sentence is cut only past this many characters, whatever the budget: cut at the budget (120),
# "Transparency: Users have a right to understand how AI models make decisions, especially in high-stakes ..."
# lost the "healthcare or criminal justice" it was asked for (dev-6 h6q18). Over the dev question sets (223 whose
# evidence is in the 3 passages retrieved, no rewording), 24 lost it to the trimming at 120, 10 at 250 (300 and
# 400 the same), for 20 characters more in passages 2 and 3 on average (230 -> 250)
WHOLE_SENTENCE = 300
NAMED = 1.0  # above any similarity: a sentence naming the question's rare name comes first


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
              stored: dict[str, np.ndarray] | None = None, both_sides: bool = False,
              names: tuple[str, ...] = (), held: tuple[str, ...] = ()) -> list[Source]:
        """Numbered sources: the best passage whole, the others trimmed to `budget` characters of their most
        relevant sentences (the best one whole up to WHOLE_SENTENCE, with the sentence it goes on from).

        The first passage is whole so that the model has the full context of the best match, and so that
        `[fixed prefix] + passage 1` is the same tokens whatever the question: its llama.cpp state can be
        cached per chunk (issue 17). A label line ("Deep Learning:") stays with every sentence under it.
        `both_sides`: the question weighs the two sides, so a comparison keeps its best line on each side,
        over the budget if need be: "Training Time" trimmed to deep learning's "hours to weeks" left the model
        nothing on the classic side, and it wrote that a classic model takes longer (dev-5 h5q41).
        `names`: the question's rare names (`Retriever.rare_names`); a sentence holding one is kept first, whatever
        its meaning's distance: "a news story mentioned CLIP, is that a paperclip brand?" is nearest the lines on
        large language models, and the one line naming CLIP was trimmed away (dev-8 h8q48).
        `held`: the question's other names; a passage keeps its best line holding one when no line it keeps does,
        or writing it alone (`names_alone`) when some line does: "The post mentions special chips made by Google ...;
        what are they called?" kept the hardware list's GPU line, trimmed "TPUs: Google's Tensor Processing Units
        ...", and was told the passages never mention Google (dev-42 h42q27).
        """
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
            if names:
                scores = scores + np.array([NAMED if any(holds_name(n, flatten(p)) for n in names) else 0.0
                                            for p in parts])
            planted = {i for i, p in enumerate(parts) if is_instruction(p)}
            if len(planted) == len(parts):
                continue
            lines = chunk.text.splitlines()
            numbered = [_NUMBERED.match(lines[line]) is not None and (k == 0 or pieces[k - 1][0] != line)
                        for k, (line, _) in enumerate(pieces)]
            labels, heads = _labels(parts), _list_heads(parts, numbered)
            scores[list(planted)] = -np.inf  # never chosen, never the highlight
            scores[[i for i in range(len(parts)) if labels[i] == i]] = -np.inf  # a label alone says nothing
            keep: set[int] = set()
            used = 0
            limit = float("inf") if n == 1 else budget
            for i in np.argsort(-scores):
                if i in planted or labels[i] == i or i in keep:
                    continue
                # a list head ("- Autonomous Systems:") stands for its items: a question near it asks of them
                # ("under autonomous systems, which project ideas ...?"), and alone it says nothing
                group = [int(i)] if heads[i] != i else \
                    [j for j in range(i + 1, len(parts)) if heads[j] == i and j not in planted | keep]
                for j in group:
                    if used + len(parts[j]) > limit and keep:
                        continue
                    keep.add(j)
                    used += len(parts[j]) + 1
                    # a list item brings the head it sits under, counted in the budget
                    if heads[j] is not None and heads[j] not in keep:
                        keep.add(heads[j])
                        used += len(parts[heads[j]]) + 1
                # a sentence going on from the one before it on its line brings that one: "This reduces the need
                # for labeled data" alone does not say what does (dev-6 h6q32: the self-supervised line before it
                # was trimmed away). With WHOLE_SENTENCE, 9 of the 223 lost their evidence, for 33 characters more
                # (230 -> 263). "Examples include DALL·E, CLIP and Whisper" alone does not say of what (dev-11
                # h11q17: "Multimodal AI: ..." was trimmed away)
                goes_on = OPENS_ON_PRONOUN.match(parts[i]) or GOES_ON.match(parts[i])
                if i > 0 and i in keep and goes_on and pieces[i][0] == pieces[i - 1][0] and \
                        i - 1 not in planted | keep:
                    keep.add(int(i) - 1)
                    used += len(parts[i - 1]) + 1
            for name in held:
                holding = [i for i in range(len(parts)) if i not in planted and labels[i] != i and
                           holds_name(name, flatten(parts[i]))]
                # "Google Colab" kept holds no "Google" of "chips made by Google": the line writing it alone does
                holding = [i for i in holding if names_alone(name, parts[i])] or holding
                if holding and not keep & set(holding):
                    best = max(holding, key=lambda i: scores[i])
                    keep.add(best)
                    if heads[best] is not None:
                        keep.add(heads[best])
            if both_sides:
                for label in {labels[i] for i in range(len(parts)) if labels[i] is not None} - \
                        {labels[i] for i in keep}:
                    best = max((i for i in range(len(parts)) if labels[i] == label and i != label),
                               key=lambda i: scores[i], default=label)
                    keep.add(best)
            # a head kept with none of its items goes: "- Computer Vision:\n- Generative AI:" kept alone were the
            # answer the 1.5B gave to "which projects under autonomous systems?" (dev-22 h22q10)
            keep -= {i for i in keep if heads[i] == i and not any(heads[j] == i and j != i for j in keep)}
            keep |= {labels[i] for i in keep if labels[i] is not None}
            text = ""
            for i in sorted(keep):  # list items stay on their own lines; sentences of a line share one
                joiner = " " if text and pieces[i][0] == pieces[i - 1][0] and i - 1 in keep else "\n"
                text = f"{text}{joiner}{parts[i]}" if text else parts[i]
            cut = max(limit, WHOLE_SENTENCE)
            if len(text) > cut and not (both_sides and any(label is not None for label in labels)):
                # one very long sentence: cut on a word boundary (a comparison's lines for both sides stay whole)
                text = text[:cut].rsplit(" ", 1)[0] + " ..."
            section = REMOVED_HEADING if is_instruction(chunk.section) else chunk.section
            sources.append(Source(n=n, section=section, source=chunk.source, text=text,
                                  highlight=parts[int(np.argmax(scores))], chunk_id=chunk.id))
        return sources


# a numbered list's item, whose number `document.pieces` drops: "4. Specialize in a subfield:"
_NUMBERED = re.compile(r"^\s*\d{1,2}\.\s")


def _list_heads(parts: list[str], numbered: list[bool] | None = None) -> list[int | None]:
    """For each piece, the index of the list head ("- Autonomous Systems:") it sits under, if any: the pieces are
    stripped of their indent, so a head's items run to the next head, side label or piece that is no list item.
    `numbered`: which pieces open a numbered item; one ending in a colon heads the items below it too ("4. Specialize
    in a subfield:" was kept alone with "Stay updated ...", and "Choose a specialization based on your interests
    (e.g., computer vision, NLP, generative AI)" trimmed away: dev-34 h34q05)."""
    out: list[int | None] = []
    current = None
    for i, part in enumerate(parts):
        if numbered and numbered[i] and LIST_HEAD.match(f"- {part}"):
            current = i
        elif label_of(part) or not part.startswith(("-", "*")):
            current = None
        elif LIST_HEAD.match(part):
            current = i
        out.append(current)
    return out


def _labels(parts: list[str]) -> list[int | None]:
    """For each piece, the index of the label line ("Machine Learning:") it sits under, if any."""
    out: list[int | None] = []
    current = None
    for i, part in enumerate(parts):
        if label_of(part):
            current = i
        out.append(current)
    return out
