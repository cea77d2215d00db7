"""The structure of a knowledge document, owned here: heading paths, sentences, and references into them.

A heading path is the heading texts joined by " > ", without the document title (the `#` heading): the form
chunks carry, demos, quizzes and prompts cite, and the evals name. Sentences are what the context builder
trims passages to and what ingest stores one vector for, under the id `<chunk id>#<i>` (`sentence_ids`):
ingest writes and retrieval reads the ids through the same function, so the two cannot drift apart.
Whatever cites the document (a demo's sections, a quiz's citations, an example in a prompt) is checked with
`check_references` when it is loaded, and a broken reference is named in the error.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SEPARATOR = " > "
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# a sentence ends at . ! or ? followed by space and a capital, a quote or a bracket ("e.g. the" stays whole), not at
# a name's initial: "... by Christopher M. Bishop." was two sentences, and "Machine learning: Bishop." was quoted as
# the title of his book in the reading list (a dev-43 look-alike)
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)\s+(?=[A-Z\"'(])")
MARKDOWN = (".md", ".markdown", ".txt")  # documents whose headings can be cited (a PDF has none)


# -- heading paths -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    path: str
    level: int
    line: int  # index of the heading's line, front matter removed


@dataclass(frozen=True)
class Section:
    path: str
    level: int
    body: str  # the Markdown under the heading, sub-sections included
    text: str  # the same, plain (no `**`), whitespace collapsed: the form quotes are compared in


def plain(text: str) -> str:
    """Markdown emphasis removed and whitespace collapsed: the form quotes are compared in."""
    text = re.sub(r"(\*\*|__|`)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def join_path(titles: Iterable[str]) -> str:
    """["What is ML?", "Types"] -> "What is ML? > Types"."""
    return SEPARATOR.join(t.strip() for t in titles if t and t.strip())


def _lines(markdown: str) -> list[str]:
    return _FRONT_MATTER.sub("", markdown, count=1).splitlines()


def headings(markdown: str) -> list[Heading]:
    """Every heading below the title, in document order (a repeated path appears twice); `#` in code is not one."""
    stack: list[tuple[int, str]] = []  # (level, title) of the open headings below the title
    found: list[Heading] = []
    in_fence = False
    for i, line in enumerate(_lines(markdown)):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        m = None if in_fence else _HEADING.match(line)
        if not m:
            continue
        level, title = len(m.group(1)), m.group(2).strip()
        stack = [(lvl, t) for lvl, t in stack if lvl < level]
        if level > 1:  # the `#` title is the same for the whole document
            stack.append((level, title))
            found.append(Heading(join_path(t for _, t in stack), level, i))
    return found


def parse_sections(markdown: str) -> dict[str, Section]:
    """Every heading path of the document (title excluded), with the text under it."""
    lines = _lines(markdown)
    found = headings(markdown)
    sections: dict[str, Section] = {}
    for n, h in enumerate(found):
        # a section runs until the next heading of the same or a higher level
        end = next((later.line for later in found[n + 1:] if later.level <= h.level), len(lines))
        body = "\n".join(lines[h.line + 1:end])
        sections.setdefault(h.path, Section(h.path, h.level, body, plain(body)))  # a repeated path: the first
    return sections


def check_citation(sections: dict[str, Section], section: str, quote: str = "") -> str | None:
    """None if `section` exists and contains `quote`, else the problem in one line."""
    if section not in sections:
        return f"no heading path {section!r}"
    if quote and plain(quote) not in sections[section].text:
        return f"quote not found under {section!r}: {quote!r}"
    return None


# -- sentences -----------------------------------------------------------------------------------------------
def pieces(text: str) -> list[tuple[int, str]]:
    """(line number, sentence) for every sentence and list item of a passage, in order."""
    return [(n, s.strip()) for n, line in enumerate(text.splitlines()) for s in _split(line) if s.strip()]


def _split(line: str) -> list[str]:
    parts = _SENTENCE.split(line)
    if len(parts) > 1 and _LIST_NUMBER.match(parts[0]):
        # "1. Start with the basics of AI and Machine Learning:" is one item, not the sentence "1." and another: the
        # context kept "1.\n2.\n3." and dropped the items they lead (dev-11 h11q35), and a lone "1." was the line
        # nearest a question pairing wine with salmon. The number goes: kept, it brought one held-out off-topic
        # question past the gate (eval gate, counts only); the line's order keeps the list's
        parts = parts[1:]
    return parts


_LIST_NUMBER = re.compile(r"^\s*\d{1,2}\.$")
# a list item that heads the items nested under it: "- Autonomous Systems:" (not a side's "Deep Learning:", nor a
# bold label with its text, "- **Kaggle:** ..."); the pieces lose the nesting, so the head's words are all that
# says whose its items are ("- LinkedIn Groups:")
LIST_HEAD = re.compile(r"^[-*]\s+(?!\*\*)([^.:!?*]{2,60}):$")


def sentences(text: str) -> list[str]:
    """Sentences and list items of a passage, in order."""
    return [s for _, s in pieces(text)]


def numbered_sentences(chunk_id: str, text: str) -> list[tuple[str, str]]:
    """(stored id, sentence) for each sentence of a chunk, in order; the id is `<chunk id>#<i>`."""
    return [(f"{chunk_id}#{i}", s) for i, s in enumerate(sentences(text))]


def sentence_ids(chunk_id: str, text: str) -> list[str]:
    """The stored ids of a chunk's sentences, as ingest wrote them."""
    return [sentence_id for sentence_id, _ in numbered_sentences(chunk_id, text)]


# -- references into the knowledge base ---------------------------------------------------------------------
@dataclass(frozen=True)
class Reference:
    """One citation of the knowledge base by something the tutor loads."""

    cited_by: str  # what cites it, as a maintainer would look for it: "quiz bank question ml-supervised-data"
    section: str  # heading path
    quote: str = ""  # text that must appear under it (plain comparison); empty: the heading is enough
    source: str | None = None  # the document's file name in the knowledge folder; None: any document


class BrokenReferenceError(ValueError):
    """Something cites a heading path (or a quote) the knowledge base does not have; the message names it."""


@lru_cache(maxsize=32)
def _document_sections(path: Path, mtime_ns: int, size: int) -> dict[str, Section]:
    return parse_sections(path.read_text(encoding="utf-8", errors="replace"))


def knowledge_sections(knowledge_dir: Path) -> dict[str, dict[str, Section]]:
    """{file name relative to the folder: its sections} for the Markdown and text documents of the folder."""
    found: dict[str, dict[str, Section]] = {}
    if knowledge_dir.is_dir():
        for path in sorted(knowledge_dir.rglob("*")):
            if path.suffix.lower() in MARKDOWN and path.is_file() and not path.name.startswith("."):
                stat = path.stat()
                found[path.relative_to(knowledge_dir).as_posix()] = _document_sections(path, stat.st_mtime_ns,
                                                                                       stat.st_size)
    return found


def check_references(references: Iterable[Reference], knowledge_dir: Path | None = None) -> None:
    """Raise BrokenReferenceError naming every reference the knowledge folder does not back."""
    if knowledge_dir is None:
        from tutor.config import get_settings

        knowledge_dir = get_settings().knowledge_dir
    documents = knowledge_sections(knowledge_dir)
    problems = []
    for ref in references:
        if ref.source is not None and ref.source not in documents:
            problems.append(f"{ref.cited_by} cites the document {ref.source!r}, which is not in {knowledge_dir}")
            continue
        candidates = [documents[ref.source]] if ref.source is not None else list(documents.values())
        found = [check_citation(sections, ref.section, ref.quote) for sections in candidates]
        if None not in found:
            where = ref.source or f"any document in {knowledge_dir}"
            reason = next((p for p in found if p and p.startswith("quote")), None) or \
                f"no heading path {ref.section!r}"
            problems.append(f"{ref.cited_by}: {reason} in {where}")
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise BrokenReferenceError(f"Broken reference{'s' if len(problems) > 1 else ''} to the knowledge base: "
                                   f"{shown}.")


_PROMPT_CITATION = re.compile(r'from "([^"{}\n]+)":\n')


def prompt_references(name: str, template: str) -> list[Reference]:
    """The sections a prompt template cites literally (`Passage [1], from "<path>":`), as in its worked example.

    Only the heading is checked: the example's passages are shortened on purpose, not quoted word for word.
    """
    return [Reference(f"prompt {name}", section.strip()) for section in _PROMPT_CITATION.findall(template)]
