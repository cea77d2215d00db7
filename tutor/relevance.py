"""Decide whether a question is one the document can answer, before any generation.

Two signals, calibrated on eval/questions.yaml (see `python -m eval answers`):
- the best cosine similarity between the question and any passage or sentence of the knowledge base;
- the best similarity to a list of subjects the tutor does not teach (tutor/data/offtopic.yaml), which
  catches near-domain questions that share a word with the document ("a GPU for gaming").
Prompt-injection phrasing is refused outright: the tutor takes instructions from nobody but its prompt.
"""
from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import numpy as np
import yaml

from tutor.embeddings import Embedder

SUBJECTS_FILE = Path(__file__).parent / "data" / "offtopic.yaml"
_INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompt|document|guidelines)\b"
    r"|\bsystem (override|prompt)\b|\byou are now\b|\bnew instructions\b|\bdeveloper mode\b|\bjailbreak",
    re.I | re.S)


class RelevanceGate:
    """`reason(question, vector, best)` is None for an on-topic question, else why it is declined."""

    def __init__(self, embedder: Embedder, min_relevance: float, margin: float) -> None:
        self.embedder = embedder
        self.min_relevance = min_relevance
        self.margin = margin

    @cached_property
    def _subjects(self) -> np.ndarray:
        subjects = yaml.safe_load(SUBJECTS_FILE.read_text(encoding="utf-8"))["subjects"]
        return self.embedder.embed(subjects)

    def reason(self, question: str, vector: np.ndarray, best: float) -> str | None:
        if _INJECTION.search(question):
            return "injection"
        if best < self.min_relevance:
            return "off-topic"
        if float((self._subjects @ vector).max()) > best + self.margin:
            return "off-topic"
        return None
