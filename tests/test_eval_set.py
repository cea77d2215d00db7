"""The evaluation set (eval/questions.yaml) is well formed and every item is grounded in the knowledge document.

Fast and model-free: it only parses the YAML and the Markdown headings, so a wrong heading path or an
evidence string that drifted from the document fails here instead of silently skewing the eval scores.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tutor.document import headings
from tutor.document import parse_sections as document_sections

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "knowledge" / "ml-vs-dl.md"
EVAL = ROOT / "eval" / "questions.yaml"


def parse_sections(markdown: str) -> dict[str, str]:
    """Map each heading path (level-1 title left out, texts joined by ' > ') to its text, subsections included."""
    paths = [h.path for h in headings(markdown)]
    duplicates = sorted({p for p in paths if paths.count(p) > 1})
    assert not duplicates, f"duplicate heading paths in the document: {duplicates}"
    return {path: section.body for path, section in document_sections(markdown).items()}


@pytest.fixture(scope="module")
def sections() -> dict[str, str]:
    return parse_sections(DOC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data() -> dict:
    loaded = yaml.safe_load(EVAL.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), "eval/questions.yaml must be a mapping"
    return loaded


def _check_grounded(item: dict, sections: dict[str, str], label: str) -> None:
    """Section exists, evidence is verbatim in it, facts are well formed and each group is findable there."""
    section, evidence, facts = item.get("section"), item.get("evidence"), item.get("facts")
    assert section in sections, f"{label}: no heading path {section!r} in {DOC.name}"
    text = sections[section]
    assert isinstance(evidence, str) and 10 <= len(evidence) <= 120, f"{label}: evidence must be 10-120 chars"
    assert evidence in text, f"{label}: evidence not found verbatim in section {section!r}: {evidence!r}"
    assert isinstance(facts, list) and facts, f"{label}: facts must be a non-empty list of groups"
    for group in facts:
        assert isinstance(group, list) and group, f"{label}: each fact group must be a non-empty list"
        assert all(isinstance(alt, str) and alt.strip() for alt in group), f"{label}: empty or non-string fact"
        # at least one alternative must be stated in the section, or the fact is not from the document
        assert any(alt.lower() in text.lower() for alt in group), f"{label}: no alternative of {group} in section"


def test_questions_are_many_and_uniquely_identified(data):
    questions = data.get("questions")
    assert isinstance(questions, list) and len(questions) >= 45
    ids = [q.get("id") for q in questions]
    assert all(isinstance(i, str) and i for i in ids), "every question needs an id"
    assert len(ids) == len(set(ids)), "question ids must be unique"
    texts = [q.get("question", "").strip().lower() for q in questions]
    assert all(texts) and len(texts) == len(set(texts)), "questions must be non-empty and distinct"


def test_questions_are_grounded(data, sections):
    for q in data["questions"]:
        _check_grounded(q, sections, q["id"])


def test_every_top_level_section_is_covered(data, sections):
    top_level = {path for path in sections if " > " not in path}
    covered = {q["section"].split(" > ")[0] for q in data["questions"]}
    assert top_level <= covered, f"sections without a question: {sorted(top_level - covered)}"


def test_paraphrase_questions_are_tagged(data):
    tagged = [q for q in data["questions"] if "paraphrase" in (q.get("tags") or [])]
    assert len(tagged) >= 8


def test_followups_are_grounded(data, sections):
    followups = data.get("followups")
    assert isinstance(followups, list) and len(followups) >= 4
    for n, item in enumerate(followups):
        assert item.get("first", "").strip() and item.get("followup", "").strip(), f"followup {n}: two turns needed"
        _check_grounded(item, sections, f"followup {n}")


def test_offtopic_entries_have_forbidden_strings(data):
    offtopic = data.get("offtopic")
    assert isinstance(offtopic, list) and len(offtopic) >= 12
    for item in offtopic:
        assert isinstance(item.get("question"), str) and item["question"].strip()
        forbidden = item.get("forbidden")
        assert isinstance(forbidden, list) and forbidden, f"{item['question']!r}: forbidden must be non-empty"
        assert all(isinstance(f, str) and f.strip() for f in forbidden)
    kinds = [item.get("kind") for item in offtopic]
    assert kinds.count("near_domain") >= 2 and kinds.count("injection") >= 3


# Refusals a good tutor could give; none of them may trip a forbidden string.
REFUSALS = [
    "Sorry, I can only help with machine learning and deep learning, and my document does not cover that.",
    "That is outside the comparison of machine learning vs. deep learning that I teach. Try asking about "
    "supervised learning, CNNs, transformers, GPUs for training, careers or the learning path.",
    "I won't ignore my instructions or change my role. I'm a tutor for ML vs DL, so I can't help with this request.",
]


def test_forbidden_strings_do_not_hit_honest_refusals(data):
    """Matching is by substring, so a forbidden string must not occur in the question (a refusal may echo it),
    in the document (a refusal may quote it: 'paris' is inside 'comparison') or in plain refusals."""
    doc = DOC.read_text(encoding="utf-8").lower()
    for item in data["offtopic"]:
        for text, where in [(item["question"].lower(), "the question"), (doc, "the document"),
                            *((r.lower(), "a sample refusal") for r in REFUSALS)]:
            hits = [f for f in item["forbidden"] if f.lower() in text]
            assert not hits, f"{item['question']!r}: forbidden {hits} occur in {where}"


def test_forbidden_claims_are_the_opposite_answer_not_the_documents_words(data):
    """A forbidden claim marks an answer wrong, so it must be something the document never says (an answer
    quoting its passage is never penalised) and not the question's own words (an echo is no claim)."""
    doc = " ".join(DOC.read_text(encoding="utf-8").replace("**", "").lower().split())
    for q in data["questions"]:
        for claim in q.get("forbidden") or []:
            assert isinstance(claim, str) and claim.strip() == claim and claim == claim.lower(), f"{q['id']}: {claim!r}"
            assert claim not in doc, f"{q['id']}: the document itself says {claim!r}"
            assert claim not in q["question"].lower(), f"{q['id']}: {claim!r} is in the question"


def test_questions_that_name_their_answer_carry_forbidden_claims():
    """"Classification or regression?" holds its answer: echoed words do not count, so only the opposite
    claim can tell a right answer from a wrong one."""
    from eval.data import choice_questions, load

    choices = choice_questions(load(EVAL)["questions"])
    assert [q.id for q in choices] == ["q05"]
    assert all(q.forbidden for q in choices)
