"""The evaluation sets and the scoring rules shared by the evaluations.

Dev sets live in eval/*.yaml (thresholds and prompts may be tuned on them); held-out sets in eval/heldout/
are only ever measured (`load_heldout`), never tuned on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "heldout"
# the current file of each held-out set: a set read while tuning moves to the dev side and a fresh one replaces it
# (eval/heldout/README.md, "Sets no longer held out")
HELDOUT_FILES = {"offtopic": "offtopic_2", "injection": "injection_2"}
OFFTOPIC_SEEN = HERE / "offtopic_seen.yaml"  # the first held-out off-topic set, seen while tuning the gate: dev now
# the numbered sets, each written blind by a helper (eval/heldout/README.md names them), measured as held-out for
# one session (first contact and final) and dev from the next: dev-N reads eval/questions_devN.yaml,
# not_covered_devN.yaml and offtopic_devN.yaml (dev-5 is the seventh sets); heldout-NEWEST reads
# eval/heldout/questions_NEWEST.yaml, not_covered_NEWEST.yaml and offtopic_NEWEST.yaml. Moving a set to dev is
# `git mv` of its three files and one more here.
NEWEST = 48
NUMBERED_DEV = tuple(f"dev-{n}" for n in range(5, NEWEST))


@dataclass
class Question:
    id: str
    question: str
    section: str
    evidence: str
    facts: list[list[str]]
    tags: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # other places the document states the answer
    forbidden: list[str] = field(default_factory=list)  # the opposite claim: an answer holding one is wrong


def _question(q: dict) -> Question:
    return Question(**{k: q[k] for k in ("id", "question", "section", "evidence", "facts")},
                    tags=q.get("tags") or [], also=q.get("also") or [], forbidden=q.get("forbidden") or [])


def load(path: Path = HERE / "questions.yaml") -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"] = [_question(q) for q in data["questions"]]
    return data


def load_offtopic_dev() -> list[dict]:
    """Every dev off-topic item: eval/questions.yaml's `offtopic` and eval/offtopic_seen.yaml."""
    seen = yaml.safe_load(OFFTOPIC_SEEN.read_text(encoding="utf-8"))["questions"]
    return [*load()["offtopic"], *seen]


def load_heldout(name: str) -> Any:
    """A held-out set, eval/heldout/<file>.yaml (HELDOUT_FILES, else <name>.yaml), for measuring only.

    "questions" gives Question objects like `load`; "offtopic" and "not_covered" give their list of items;
    "routing" its items; "injection" its probes (eval.security.load reads it as Probe objects).
    """
    path = HELDOUT / f"{HELDOUT_FILES.get(name, name)}.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"no held-out set {path.relative_to(HERE.parent)}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if name.startswith("questions"):
        return [_question(q) for q in data["questions"]]
    for key in ("questions", "items", "probes"):
        if isinstance(data, dict) and key in data:
            return data[key]
    return data


def numbered_sets(split: str) -> tuple[list[Question], list[dict], list[dict]]:
    """(questions, off-topic, not covered) of a numbered split: dev-5 .. dev-(NEWEST-1) or heldout-NEWEST."""
    if split in NUMBERED_DEV:
        n = split.removeprefix("dev-")
        return (load(HERE / f"questions_dev{n}.yaml")["questions"], _list(HERE / f"offtopic_dev{n}.yaml"),
                _list(HERE / f"not_covered_dev{n}.yaml"))
    if split == f"heldout-{NEWEST}":
        return (load_heldout(f"questions_{NEWEST}"), load_heldout(f"offtopic_{NEWEST}"),
                load_heldout(f"not_covered_{NEWEST}"))
    raise ValueError(f"not a numbered split: {split!r}")


def _list(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip().lower()


def chunk_answers(chunk_text: str, q: Question) -> bool:
    """A retrieved chunk answers the question only if it holds the evidence (or another statement of it)."""
    text = _norm(chunk_text)
    return any(_norm(e) in text for e in [q.evidence, *q.also])


def chunk_in_section(chunk_section: str, q: Question) -> bool:
    """Section-level hit: the chunk comes from the answering section (it may not hold the answer itself)."""
    return chunk_section == q.section


def _group_found(text: str, group: list[str], question: str) -> bool:
    """A fact group is found when an alternative the question does not already hold is in the answer; a group
    whose every alternative is in the question ("classification or regression?") can only be matched as
    such, and then the question's `forbidden` claims (the other option) decide."""
    own = [alt for alt in group if _norm(alt) not in question] or group
    return any(_norm(alt) in text for alt in own)


def has_facts(answer: str, facts: list[list[str]], question: str = "") -> bool:
    """Correct if every fact group has at least one alternative in the answer that is not just the question's
    own words echoed back (q05 would pass on "regression" from "classification or regression?")."""
    text, asked = _norm(answer), _norm(question)
    return all(_group_found(text, group, asked) for group in facts)


def claims(answer: str, forbidden: list[str]) -> list[str]:
    """The forbidden claims (the opposite answer) the answer makes."""
    text = _norm(answer)
    return [f for f in forbidden if _norm(f) in text]


def correct(answer: str, q: Question) -> bool:
    """The answer states the facts in its own words and none of the opposite claims."""
    return has_facts(answer, q.facts, q.question) and not claims(answer, q.forbidden)


def choice_questions(questions: list[Question]) -> list[Question]:
    """Questions that name their own answer among options: only `forbidden` claims can mark them wrong."""
    return [q for q in questions
            if any(all(_norm(alt) in _norm(q.question) for alt in group) for group in q.facts)]


_CITING = re.compile(r"([^.!?\n]*?)((?:\s*\[\d{1,2}\])+)")


def citation_problems(text: str, passages: dict[int, str], question: str = "") -> list[str]:
    """Why the citations of an answer do not hold up (empty: they do). Each sentence's [n] must name a passage
    that holds one of the sentence's own content words (5+ letters, not the question's): a citation that is
    merely present proves nothing. No citation at all is a problem too."""
    asked = set(re.findall(r"[a-z]{5,}", question.lower()))
    cited = _CITING.findall(text)
    if not cited:
        return ["no citation"]
    problems = []
    for sentence, marks in cited:
        words = set(re.findall(r"[a-z]{5,}", sentence.lower())) - asked
        for n in map(int, re.findall(r"\d+", marks)):
            if n not in passages:
                problems.append(f"[{n}] names no passage shown")
            elif words and not any(w in passages[n].lower() for w in words):
                problems.append(f"[{n}] does not hold {sentence.strip()[:80]!r}")
    return problems


def declined(answer: Any) -> bool:
    """The reply is the tutor's decline: not a demo, not the demo catalog, not an answer drawn from passages
    (the engine's `offtopic`, or its `coverage` saying off-topic or not covered)."""
    from tutor.tools import catalog_text

    if answer is None or answer.tool is not None or answer.answer == catalog_text():
        return False
    coverage = getattr(answer, "coverage", None)
    if coverage is not None:
        return coverage in ("off_topic", "not_covered")
    return bool(answer.offtopic)


def mentions(answer: str, forbidden: list[str]) -> list[str]:
    text = " " + _norm(answer)
    return [f for f in forbidden if f.lower() in text]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile, one of the measured values (numpy's "nearest" rank), or nan without values."""
    return float(np.percentile(values, p, method="nearest")) if values else float("nan")
