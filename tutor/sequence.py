"""The step an ordered list puts after a named one, or last: "After the stage of getting your hands dirty with ML
projects, what comes next?" is answered by the item after "Gain hands-on experience with Machine Learning projects",
whose own words are nowhere near the question's (dev-40 h40q11, dev-41 h41q02 and h41q19, dev-42 h42q15 were all
answered with the step named in the question, or another). The list is a section's: a numbered list whose items may
hold points under them ("1. Start with the basics ...:" and its three points), or three or more labelled points
after a lead-in saying they come in order ("The process involves:"). The step named is found by meaning. A step
before a named one, or the first, is left to the model (one dev question asks what comes before neural networks, with
where the route ends)."""
from __future__ import annotations

import re
from typing import Callable

import numpy as np

from tutor.words import EVERYWHERE, SAYING, content_stems, flatten

# what the question asks of the list, and the step it names: "after cleaning the data, which step comes next?",
# "which step sits right after cleaning and normalizing the data but before picking an algorithm?", "once you've
# moved over to neural networks, what's the last thing ...?"
_NEXT = re.compile(r"\b(?:what(?:'s| is)? (?:comes? )?next|comes? next|(?:step|stage|phase|thing)s? (?:that )?"
                   r"(?:[\w-]+ ){0,4}?(?:follows?|comes? after|sits? (?:right |just |directly )?after)|(?:the )?"
                   r"(?:next|following) (?:step|stage|phase)|what follows|what (?:comes|do(?:es)? (?:i|you|we) do) "
                   r"(?:right |just )?after)\b", re.I)
# "what comes last?" too ("Beginner order from the guide: once neural nets are covered, what comes last?" got GANs
# from the books list: dev-43 h43q16)
_LAST = re.compile(r"\b(?:last|final|closing) (?:thing|step|stage|phase|item)\b|"
                   r"\b(?:comes?|goes|happens|is|sits) (?:dead |very )?last\b|\blast of all\b", re.I)
# the step named: after "after", "once", "following" or "follows", up to the clause's end or the ask
_NAMED = re.compile(r"\b(?:after|once|following|follows?)\s+(?P<step>[^?,;]+?)"
                    r"(?=\s*(?:[?,;]|\bbut\b|\b(?:and )?before\b|\bwhat|\bwhich|$))", re.I)
_NUMBERED = re.compile(r"^\d{1,2}\.\s+(.*)$")
_POINT = re.compile(r"^[-*]\s+(.*)$")
_LABELLED = re.compile(r"^[-*]\s+\*\*[^*]+:\*\*\s*\S")
# a lead-in saying its labelled points come in order: "The process involves:", "... consist of multiple layers:"; a
# list of libraries or concepts ("Key concepts include:") is in no order, so it has no next or last step
_IN_ORDER = re.compile(r"\b(?:process|steps?|stages?|order|sequence|workflow|pipeline|layers)\b[^.]*:\s*$", re.I)
MIN_ITEMS = 3
ITEM_CHARS = 15  # a passage sentence this long at least, found inside an item, is that item's ("Data:" is any)
# words any question on a list's order says, which name no list: "the next step", "what follows"
_ORDER_WORDS = content_stems("step steps stage stages next follow follows following last final first come comes after "
                             "before")
STEP_MARGIN = 0.03  # the step named must be this much nearer one item than any other (MiniLM cosine)


def items(text: str) -> tuple[list[list[str]], str]:
    """The ordered items of a section's text, each as its lines without list marks, and the line leading into them:
    a numbered list's items with the points under them, else the labelled points after a lead-in saying they come
    in order (`_IN_ORDER`); ([], "") for fewer than MIN_ITEMS."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    numbered: list[list[str]] = []
    lead = ""
    for k, line in enumerate(lines):
        if m := _NUMBERED.match(line):
            lead = lead if numbered else (lines[k - 1] if k else "")
            numbered.append([m.group(1).strip()])
        elif numbered and (m := _POINT.match(line)):
            numbered[-1].append(m.group(1).strip())
        elif numbered:
            break
    if len(numbered) >= MIN_ITEMS:
        return numbered, lead
    runs: list[tuple[list[list[str]], str]] = []
    for k, line in enumerate(lines):
        if _IN_ORDER.search(line) and not _POINT.match(line):
            run = []
            for point in lines[k + 1:]:
                if not _LABELLED.match(point):
                    break
                run.append([_POINT.match(point).group(1).strip()])
            runs.append((run, line))
    best, lead = max(runs, key=lambda run: len(run[0]), default=([], ""))
    return (best, lead) if len(best) >= MIN_ITEMS else ([], "")


def asks_place(question: str) -> bool:
    """Whether the question asks for a step by its place: the one after a step it names, or the last."""
    return bool(_NEXT.search(question) or _LAST.search(question))


def ordered_step(question: str, text: str, embed: Callable[[list[str]], np.ndarray],
                 named_by: str | None = None) -> list[str] | None:
    """The lines of the item the question asks for, from a section's `text`: the one after the step it names, or
    the last; None when it asks neither, the text holds no ordered list, or the step named is no clear item.
    `named_by`: the section's heading, when the list must be one the question names by a word of its heading or
    lead-in ("the ML process", "the learning order"): a list found beyond the best passage ("What comes next after
    learning Python on the deep learning path?" asks of the path's steps, not of the learning order's items)."""
    if not asks_place(question):
        return None
    listed, lead = items(text)
    if not listed:
        return None
    if named_by is not None and not (content_stems(question) & (content_stems(f"{named_by} {lead}") - EVERYWHERE -
                                                                 SAYING - _ORDER_WORDS)):
        return None
    named = _NAMED.search(question)
    if _LAST.search(question) and not (named and _NEXT.search(question)):
        return listed[-1]
    if not named or not content_stems(named.group("step")):
        return None
    vectors = embed([named.group("step"), *(" ".join(item) for item in listed)])
    sims = vectors[1:] @ vectors[0]
    order = np.argsort(-sims)
    k = int(order[0])
    if float(sims[k] - sims[order[1]]) < STEP_MARGIN or k + 1 >= len(listed):
        return None
    return listed[k + 1]


def item_sentences(lines: list[str], sentences: list[str]) -> list[int]:
    """The indices of the passage sentences that are the item's `lines` (a line may be cut into sentences)."""
    flat = flatten(" ".join(lines))
    return [i for i, sentence in enumerate(sentences) if len(line := flatten(sentence).strip()) >= ITEM_CHARS and
            line in flat] if lines else []
