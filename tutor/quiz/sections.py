"""Heading paths of a Markdown document, so every quiz citation can be checked against it.

A path is the heading texts joined by " > ", without the document title (the `#` heading),
the same form the retriever puts on chunks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Section:
    path: str
    level: int
    text: str  # the section's body including its sub-sections, plain (no `**`), whitespace collapsed


def plain(text: str) -> str:
    """Markdown emphasis removed and whitespace collapsed: the form quotes are compared in."""
    text = re.sub(r"(\*\*|__|`)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def parse_sections(markdown: str) -> dict[str, Section]:
    """Every heading path of the document (title excluded), with the text under it."""
    lines = _FRONT_MATTER.sub("", markdown, count=1).splitlines()
    stack: list[tuple[int, str]] = []  # (level, title) of the open headings below the title
    starts: list[tuple[str, int, int]] = []  # (path, level, line index)
    in_fence = False
    for i, line in enumerate(lines):
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
            starts.append((" > ".join(t for _, t in stack), level, i))
    sections: dict[str, Section] = {}
    for n, (path, level, start) in enumerate(starts):
        # a section runs until the next heading of the same or a higher level
        end = next((s for _, lvl, s in starts[n + 1:] if lvl <= level), len(lines))
        sections[path] = Section(path, level, plain("\n".join(lines[start + 1:end])))
    return sections


def check_citation(sections: dict[str, Section], section: str, quote: str = "") -> str | None:
    """None if `section` exists and contains `quote`, else the problem in one line."""
    if section not in sections:
        return f"no heading path {section!r}"
    if quote and plain(quote) not in sections[section].text:
        return f"quote not found under {section!r}: {quote!r}"
    return None
