"""Held-out sets stay held out: no 5-word span of a held-out item appears in what the tutor is made of
(tutor/data/, prompts/, the code under tutor/). A defence tuned on a held-out item usually carries its words;
this catches the copy mechanically. (It cannot see a paraphrase: the rule in eval/heldout/README.md covers that.)
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# sets that were held out once and then seen stay guarded: copying their items into the tutor is still overfitting
SEEN = [ROOT / "eval" / name for name in ("security-heldout.yaml", "security-seen.yaml", "offtopic_seen.yaml")]
HELDOUT = sorted((ROOT / "eval" / "heldout").glob("*.yaml")) + SEEN
SPAN = 5


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


SENT = {"question", "message", "document", "turns", "text", "first", "followup"}  # what reaches the tutor


def _strings(node, sent: bool = False) -> list[str]:
    """The text of a YAML document's items that reaches the tutor: questions, messages, planted documents,
    set-up turns (headings paths and labels are the document's structure, not the item)."""
    if isinstance(node, str):
        return [node] if sent else []
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, sent or k in SENT)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v, sent)]
    return []


def heldout_spans(files: list[Path]) -> dict[str, str]:
    """Each 5-word span of the held-out items -> the file it comes from; spans the knowledge document also
    holds ("machine learning and deep learning") are the subject's own words, anyone's to use."""
    knowledge = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "knowledge").glob("*.md"))
    document = " " + " ".join(_words(knowledge)) + " "
    spans: dict[str, str] = {}
    for path in files:
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            words = _words(text)
            for i in range(len(words) - SPAN + 1):
                span = " ".join(words[i:i + SPAN])
                if f" {span} " not in document:
                    spans.setdefault(span, path.name)
    return spans


def tutor_files(root: Path) -> list[Path]:
    """What the tutor is made of: its data, its prompts, its code."""
    return sorted([*(root / "tutor" / "data").rglob("*"), *(root / "prompts").rglob("*"),
                   *(root / "tutor").rglob("*.py")])


def copies(spans: dict[str, str], files: list[Path]) -> list[str]:
    """"file: span (from held-out file)" for every held-out span found in `files`."""
    found = []
    for path in files:
        if not path.is_file():
            continue
        text = " " + " ".join(_words(path.read_text(encoding="utf-8", errors="ignore"))) + " "
        found += [f"{path.relative_to(path.parents[1])}: {s!r} (from {src})" for s, src in spans.items()
                  if f" {s} " in text]
    return found


def test_the_heldout_sets_are_there():
    names = {p.name for p in HELDOUT if p.is_file()}
    assert {"questions.yaml", "routing.yaml", "not_covered.yaml", "security-heldout.yaml", "security-seen.yaml",
            "offtopic_seen.yaml"} <= names
    assert len(heldout_spans(HELDOUT)) > 2000


def test_no_heldout_span_is_in_the_tutor():
    assert copies(heldout_spans(HELDOUT), tutor_files(ROOT)) == []


def test_the_guard_catches_a_copied_item(tmp_path):
    """Break it on purpose: a data file holding a held-out item in other capitals and punctuation is caught."""
    item = yaml.safe_load((ROOT / "eval" / "offtopic_seen.yaml").read_text(encoding="utf-8"))["questions"][3]
    planted = tmp_path / "tutor" / "data" / "subjects.yaml"
    planted.parent.mkdir(parents=True)
    planted.write_text(f"subjects:\n  - {item['question'].upper().replace(' ', '  ')}\n", encoding="utf-8")
    found = copies(heldout_spans(HELDOUT), tutor_files(tmp_path))
    assert found and all("offtopic_seen.yaml" in f for f in found)
