"""The quiz data files (data/recommend.yaml, data/bank.yaml), validated on load.

A typo in a data file fails loudly here (extra keys are forbidden, answers must be options),
not halfway through a learner's quiz.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tutor.document import Reference, check_references

Track = Literal["machine-learning", "deep-learning", "ml-then-dl"]
Field_ = Literal["machine-learning", "deep-learning"]  # the side a weight points to


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    section: str  # heading path, title excluded
    quote: str  # text found verbatim under that heading


class Option(_Strict):
    id: str
    text: str  # what the learner reads
    hint: str  # what the model reads
    toward: Field_
    weight: float = Field(gt=0)
    reason: str
    section: str
    quote: str
    foundation: bool | None = None  # experience options only: already knows classic ML?
    ignore_wishes: bool = False  # keyword hits after "want to", "learn", "hope to" do not count
    keywords: list[str] = []

    @cached_property
    def patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(rf"(?<![\w-])(?:{k})(?![\w-])", re.I) for k in self.keywords]

    @field_validator("keywords")
    @classmethod
    def _compiles(cls, keywords: list[str]) -> list[str]:
        for k in keywords:
            re.compile(k)  # raises re.error naming the bad pattern
        return keywords


class RecommendQuestionSpec(_Strict):
    id: str
    text: str
    options: list[Option] = Field(min_length=2)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class TrackSpec(_Strict):
    title: str
    learning_path: list[str]  # heading paths of the steps

    @field_validator("learning_path", mode="before")
    @classmethod
    def _flatten(cls, value: list) -> list:
        # YAML aliases let a track reuse another's steps: [*ml_path, *dl_path]
        return [s for item in value for s in (item if isinstance(item, list) else [item])]


class Rule(Citation):
    text: str


class RecommendSpec(_Strict):
    source: str
    tracks: dict[Track, TrackSpec]
    rules: dict[Literal["default", "foundation_gate"], Rule]
    questions: list[RecommendQuestionSpec] = Field(min_length=6, max_length=10)

    @model_validator(mode="after")
    def _check(self) -> RecommendSpec:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique")
        for q in self.questions:
            if len({o.id for o in q.options} | {"unknown"}) != len(q.options) + 1:
                raise ValueError(f"{q.id}: option ids must be unique and not 'unknown'")
        if set(self.tracks) != {"machine-learning", "deep-learning", "ml-then-dl"}:
            raise ValueError("tracks must be machine-learning, deep-learning and ml-then-dl")
        return self

    def question(self, question_id: str) -> RecommendQuestionSpec | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def citations(self) -> list[Citation]:
        """Every (section, quote) the recommendation can cite, for auditing."""
        cites = [Citation(section=o.section, quote=o.quote) for q in self.questions for o in q.options]
        cites += [Citation(section=r.section, quote=r.quote) for r in self.rules.values()]
        cites += [Citation(section=s, quote="") for t in self.tracks.values() for s in t.learning_path]
        return cites

    def references(self) -> list[Reference]:
        """Every citation, saying where in recommend.yaml it is, for the check against the knowledge base."""
        refs = [Reference(f"recommend.yaml question {q.id} option {o.id}", o.section, o.quote, self.source)
                for q in self.questions for o in q.options]
        refs += [Reference(f"recommend.yaml rule {name}", r.section, r.quote, self.source)
                 for name, r in self.rules.items()]
        refs += [Reference(f"recommend.yaml track {name} step {i}", step, "", self.source)
                 for name, t in self.tracks.items() for i, step in enumerate(t.learning_path, start=1)]
        return refs


class BankQuestion(_Strict):
    id: str
    topic: str
    kind: Literal["mc", "tf"]
    question: str
    options: list[str] = ["True", "False"]
    answer: str
    explanation: str
    section: str

    @model_validator(mode="after")
    def _answer_is_option(self) -> BankQuestion:
        if self.answer not in self.options:
            raise ValueError(f"{self.id}: answer {self.answer!r} is not one of its options")
        if len(set(self.options)) != len(self.options) or not 2 <= len(self.options) <= 6:
            raise ValueError(f"{self.id}: needs 2-6 distinct options")
        if self.kind == "tf" and self.options != ["True", "False"]:
            raise ValueError(f"{self.id}: true/false questions have the options True, False")
        return self


class Bank(_Strict):
    source: str
    topics: dict[str, str]  # id -> title
    questions: list[BankQuestion] = Field(min_length=40)

    @model_validator(mode="after")
    def _check(self) -> Bank:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique")
        unknown = {q.topic for q in self.questions} - set(self.topics)
        if unknown:
            raise ValueError(f"questions use undeclared topics: {sorted(unknown)}")
        return self

    def references(self) -> list[Reference]:
        return [Reference(f"bank.yaml question {q.id}", q.section, "", self.source) for q in self.questions]


def _read(name: str) -> dict:
    return yaml.safe_load(resources.files("tutor.quiz").joinpath("data", name).read_text(encoding="utf-8"))


def parse_recommend(data: dict, knowledge_dir: Path | None = None) -> RecommendSpec:
    """The recommendation quiz, validated, its citations checked against the knowledge folder."""
    spec = RecommendSpec.model_validate(data)
    check_references(spec.references(), knowledge_dir)
    return spec


def parse_bank(data: dict, knowledge_dir: Path | None = None) -> Bank:
    """The knowledge-check bank, validated, each question's section checked against the knowledge folder."""
    bank = Bank.model_validate(data)
    check_references(bank.references(), knowledge_dir)
    return bank


@lru_cache(maxsize=1)
def load_recommend() -> RecommendSpec:
    return parse_recommend(_read("recommend.yaml"))


def bank_topics() -> dict[str, str]:
    """The bank's topics {id: title}, read without checking the questions against the knowledge folder: cheap,
    and never failing for a folder without the document (the CLI lists them in --help of every command)."""
    return dict(_read("bank.yaml")["topics"])


@lru_cache(maxsize=1)
def load_bank() -> Bank:
    return parse_bank(_read("bank.yaml"))
