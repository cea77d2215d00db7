"""Check every sentence of a generated answer against the passages before the learner sees it.

A small model states facts the passages do not hold and puts a citation on them ("GPT-3 has about
17 billion parameters [3]"). So the engine shows a sentence only when:
- every number and every name in it (acronyms, capitalised words, tokens with digits) occurs in the
  passages or in the question: a figure or a name from the model's memory never reaches the learner;
- it is supported: its MiniLM similarity to some passage sentence, and the share of its content words
  found in that passage, are both over thresholds calibrated on eval/ (see `python -m eval answers`);
- it does not move a fact from one side of a comparison to the other: a sentence that names
  "deep learning" but whose only support sits under a "... > Machine Learning" heading is dropped.
Its citation is computed here, as the passage that supports it best, whatever number the model wrote.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

import numpy as np

from tutor.binding import (LABEL, NEGATION, PART_LABELS, antecedent_swapped, change_of_level, example_heads,
                           example_swapped, figure_swapped, figure_words, lower_words, maker_apart, moved_against,
                           name_apart, name_swapped, polarity_flipped, turned_round, whole_names, with_parts,
                           year_of_another_event)
from tutor.document import LIST_HEAD
from tutor.embeddings import Embedder
from tutor.relevance import is_instruction
from tutor.sides import (asked_side, label_of, loose_side, opposite, ranked_against, sets_against, side_of_section,
                         side_of_text)
from tutor.types import Source
from tutor.words import DOCUMENT, EVERYWHERE, GOES_ON, OPENS_ON_PRONOUN, UNIT, asked_stems, asking, content_stems, flatten, \
    ACRONYM_FIRST, ASKS_WHAT_IT_IS, SAYING, SPELL_ASK, SUBJECT_NAMES, WORD, holds_name, in_unit, names, names_alone, \
    numbers, said_as_phrase, said_nearly, spelled_out

_THAN = re.compile(r"\b(\w+er|more|less|fewer)\b[^.]*\bthan\b", re.I)
_VERDICT = re.compile(r"\s*(yes|no|nope|yeah|yep)\b", re.I)
_SILENCE_WORDS = {"document", "passag", "text", "inform", "specif", "detail", "explicit", "mention", "cover",
                  "provid", "discuss"}  # stems
# what a silence on a figure says it lacks: "does not give a figure", "no specific number" (stems)
# ("the share of viewing driven by Netflix suggestions": a dev-40 look-alike was told the text gives none, above 80%)
_FIGURE_SILENCE = {"figur", "number", "percentag", "statist", "share", "proport", "fraction"}
_CITATION = re.compile(r"\s*\[\s*\d{1,2}(?:\s*,\s*\d{1,2})*\s*\]")
# a sentence that names something: what follows must be the passages' words
_NAMED = re.compile(r"\b(?:is|are|was|were)\s+(?:often\s+|commonly\s+|also\s+|usually\s+)?(?:called|known as|"
                    r"referred to as|termed|named|dubbed)\s+([^.,;:!?()]{2,80})", re.I)
# ... and one in quotes must stand in them word for word: 'is termed "pixel classification"'
_NAME_IN_QUOTES = re.compile(r"\s*[\"“‘']([^\"“”‘’']{3,60})[\"”’']")
_NAME_ENDS = re.compile(r"\b(?:because|since|as|which|that|who|where|when|and|or|to|for|in|by|with|from|of|if)\b",
                        re.I)  # "is called 'deep' because it uses...": the name is 'deep'
_HEADING_PATH = re.compile(r"(?:^\W*|\w[?.)’']?\s+)>\s+[A-Z]")  # "What is Deep Learning? > How Deep Learning Works"
_SCAFFOLD = re.compile(r"^\W*passage\W*(\[\d+\])?\W*,?\s*from\b|^\W*(question|passage \[\d+\])\s*:", re.I)
# "the article" and "the guide" too: the model takes the learner's word for the document ("does the article back
# him up?" got "The article does not provide specific data ...", judged as a claim, dev-8 h8q47)
_SOURCE_WORDS = rf"(the passages?|the {DOCUMENT})"
# ... and in the passive: "Spotify's yearly revenue is not mentioned in the document" (dev-21 h21nc14 was dropped
# as a claim, and a line naming Spotify quoted in its place)
_SILENT = re.compile(rf"\b{_SOURCE_WORDS}\b.{{0,30}}\b(does not|doesn't|do not|don't|never|did not)\b.{{0,20}}"
                     r"\b(say|says|mention|mentions|cover|covers|state|give|gives|specify|discuss|provide)\b|"
                     r"\b(?:is|are|was|were)(?: not|n't)\s+(?:mentioned|covered|stated|given|specified|discussed|"
                     rf"provided)\s+(?:in|by)\s+{_SOURCE_WORDS}\b", re.I)
# a silence on a name itself: "does not say anything about AlphaGo or ...", "does not mention Kaggle."
_SILENT_ON_A_NAME = re.compile(r"\b(?:say|says|mention|mentions|cover|covers|discuss|discusses)\s+(?:anything\s+)?"
                               r"(?:about\s+|on\s+)?(?P<name>[A-Z][\w·-]*(?:\s+[A-Z][\w·-]*)*)"
                               r"(?=\s*(?:[.,;]|$)|\s+(?:or|and)\b)")
MIN_SIMILARITY = 0.5  # MiniLM cosine of sentence and best passage sentence; Settings.min_support says why
SIDE_MARGIN = 0.08  # a claim this much closer to the other side's line than to its own side's is a transfer
MIN_OVERLAP = 0.6  # share of the sentence's content words present in the supporting passage (Settings.min_overlap)
# a passage sentence less close to the question does not bear on it (every dev answerable question's best
# sentence is at least 0.37; coverage's CLOSEST_SIMILARITY is the same bar)
QUOTE_SIMILARITY = 0.35
MIN_QUOTE_WORDS = 3  # content words of a sentence quoted after an answer
KEY_LINE_SIMILARITY = 0.4  # the nearest sentence quoted after an answer that leaves it unsaid (`key_line`)
KEY_LINE_NEW = 0.3  # ... when more than this share of its words is new to the answer
SAID_SHARE = 0.7  # an answer said a passage sentence when it holds this share of its words, or the question does
# an answer from the model's own knowledge that names nearly all (this share) of the new words of one passage
# sentence, at least LISTED_WORDS of them, took its items from that sentence: the sentence answers (`listed_line`)
LISTED_SHARE = 0.75
LISTED_WORDS = 2
# a dropped claim holding this share of one line's words, every other dropped claim nearest that line too, leaned
# on it (`leaned_line`)
LEANED_OVERLAP = 0.75
AIMED_WORDS = 2  # words of the nearest line a dropped answer from memory says, besides the question's (`aimed_line`)
_ITEM_LABEL = re.compile(r"^[-*\s]*\*\*([^*:]{1,60}):?\*\*")  # "- **Caffe:** A Deep Learning framework ..."

_LIST_ITEM = re.compile(r"^[-*]\s")

# a case study's "The model ..." / "The system ..." speaks of what the line before it names (`Evidence.antecedent`)
_THE_ONE_BEFORE = re.compile(r"\W*the (?:model|models|system|company|platform)\b", re.I)


def is_silence(text: str) -> bool:
    """ "The document does not say who founded it": a sentence that claims nothing but the document's silence."""
    return _SILENT.search(text) is not None


# what a silence goes on to say from the model's own memory: "The document does not mention specific clustering
# algorithms, but common ones include k-Means, Hierarchical Clustering, DBSCAN, and Apriori" (the 1.5B on dev-47
# h47q24: shown whole as the silence, its list never checked)
_SILENCE_GOES_ON = re.compile(r"\s*(?:[,;:]|\s-|\s–|\s—)\s*(?:but|however|though|although|yet|instead|while|whereas)\b"
                              r"|\s*[,;:]\s*(?:common|typical|popular|usual|well-known|some|examples?)\b", re.I)


def silence_alone(text: str) -> str:
    """A silence without what it goes on to say (`_SILENCE_GOES_ON`), which claims what no passage was asked to hold."""
    found = _SILENT.search(text)
    rest = _SILENCE_GOES_ON.search(text, found.end()) if found else None
    return text if rest is None else text[:rest.start()].rstrip() + "."


def _other_sides_figure(text: str, evidence: "Evidence") -> str | None:
    """A figure of a sentence naming no side, in answer to a question on one side, that only lines of the other side
    hold: "Senior-level (5+ years) in India make INR 40-80+ LPA" to "what do ML folks in India make?" is the deep
    learning salary line's (the 0.5B on dev-34 h34q15; naming no side, it passed the side check)."""
    asked = asked_side(evidence.question)
    if asked is None or side_of_text(text) is not None:
        return None
    for figure in sorted(numbers(text) - numbers(evidence.question)):
        sides = [evidence.sides[i] for i, (_, line) in enumerate(evidence.sentences) if figure in numbers(line)]
        if sides and all(opposite(asked, side) for side in sides):
            return figure
    return None


def silence_refuted(text: str, evidence: "Evidence") -> int | None:
    """The passage sentence that shows "the document does not cover X" wrong on its face, or None: one near the
    question (one of the 3 nearest, at least QUOTE_SIMILARITY) holding every word the claim says is missing. The 0.5B
    wrote "The document does not cover multimodal AI." above "Multimodal AI: ... Examples include DALL·E, CLIP and
    Whisper", and "The document does not say who developed PyTorch" after "PyTorch was developed by Facebook"
    (0.42 from the question). With two such words or more, any sentence of the passages shown holding them all,
    however far from the question: "The document does not mention chain rule" above "Calculus: Partial derivatives,
    chain rule, automatic differentiation" (a dev-21 look-alike asked about a necklace maker's joke)."""
    for named in _SILENT_ON_A_NAME.finditer(text):
        # "The document does not say anything about AlphaGo or any other game-playing example": a passage line
        # naming AlphaGo ("Game Playing: AlphaGo, chess engines.") shows it wrong, nearest the question first (the
        # 0.5B on dev-23 h23q04). Only a silence on the name itself, not on something of it ("AlphaGo's date")
        name = flatten(named.group("name")).strip()
        lines = [i for i, _ in evidence.nearest] + list(range(len(evidence.sentences)))
        found = next((i for i in lines if holds_name(name, flatten(evidence.sentences[i][1]))), None)
        if found is not None:
            return found
    said = content_stems(_SILENT.sub(" ", text)) - _SILENCE_WORDS
    # ... and so is one on a figure of a thing, "does not provide a number on how much viewing those suggestions
    # drive", by the same line: the Impact line's "drive 80% of the content watched" (the 1.5B on dev-38 h38q46)
    if said & _FIGURE_SILENCE:
        # a silence on a figure, "The article does not give a figure.", is shown wrong by a line holding a figure and
        # a word of the question, as near the question as a supported sentence must be to its line: "Does the article
        # give a figure?" of Tesla's accidents was told it does not, above the Impact line's "by 40%" (0.60 from the
        # question; dev-29 h29q50). Not a silence on the whole question ("does not cover this question"): a line
        # naming AlphaGo is as near "Which optimizer did the AlphaGo team use?", which it does not answer
        if not evidence.nearest:
            return None
        i, similarity = evidence.nearest[0]
        line = evidence.sentences[i][1]
        held = similarity >= MIN_SIMILARITY and numbers(line) and (evidence.asked - EVERYWHERE) & evidence.line_stems[i]
        return i if held else None
    if not said - _POINTERS:
        found = mentioned_line(evidence) if said else None
        return found if found is not None else answering_line(evidence)
    # how the question names its source and what it does is no word a line must hold: "does not mention which
    # optimizers get named" is shown wrong by "Optimization: Techniques like Stochastic Gradient Descent (SGD),
    # Adam, or RMSprop ..." (the 1.5B on dev-40 h40q08)
    said = said - _SOURCE_FRAME - _FRAME_VERBS or said
    near = [i for i, similarity in evidence.nearest if similarity >= QUOTE_SIMILARITY]
    anywhere = range(len(evidence.sentences)) if len(said - EVERYWHERE) >= 2 else []
    found = next((i for i in [*near, *anywhere] if said <= evidence.line_stems[i]), None)
    if found is None and said & _TERM_GLUE:
        # a silence on a kind of thing of a term, "does not provide specific clustering methods mentioned in the post
        # name", is shown wrong by a list near the question holding the term: "Algorithms: k-Means, Hierarchical
        # Clustering, DBSCAN." (the 1.5B on a dev-39 look-alike, tide pooling). The kind ("methods") and the
        # question's words for its source ("the post name") are no words a line must hold
        term = said - _TERM_GLUE - _SOURCE_FRAME
        # "specific flavours of ensemble learning" against "Ensemble Methods: ... (e.g., Bagging, Boosting,
        # Stacking)": a word the subject uses everywhere is no word the list must hold (dev-40 h40q28)
        term = term - EVERYWHERE or term
        found = next((i for i in near if term and term <= evidence.line_stems[i]
                      and _LISTS.search(evidence.sentences[i][1])), None)
    return found if found is not None else answering_line(evidence)


# what a silence on the whole question points with: "The text does not mention anything like that."
_POINTERS = content_stems("anything something like that this it topic subject question such thing things")
# how a question names its source and what it does: "what clustering methods does the post name?"
_SOURCE_FRAME = SAYING | content_stems("name names named blog text piece tutorial overview primer writer give gives")
# a line that lists: "- **Algorithms:** k-Means, Hierarchical Clustering, DBSCAN." ("e.g.," aside)
_LISTS = re.compile(r"^[-*\s]*\*\*[^*]{1,60}\*\*|[^,]+,[^,]+,|:\s*\S+,\s")
# "which optimizers get named", "what examples are given": the verb of the question's frame
_FRAME_VERBS = content_stems("get gets got given")
# the learner asks whether the document speaks of something at all: "Does the text mention anything like that?"
_ASKS_IF_MENTIONED = re.compile(r"\b(?:does|do|did|is|are|was|were|has)\b.{0,60}?\b(?:mention(?:s|ed)?|cover(?:s|ed)?|"
                                r"talk(?:s|ed)? about|touch(?:es)? on|bring(?:s)? up|discuss(?:es|ed)?|"
                                r"say anything|anything (?:like|about|on))\b", re.I)


def mentioned_line(evidence: "Evidence") -> int | None:
    """The passage line that shows "the text does not mention anything like that" wrong, when the learner asked
    whether the document mentions something at all: the line nearest the question, as near as a quoted line must
    be, holding two of the question's words that are no common word of the subject. "computers now predict the shapes
    proteins fold into. Does the text mention anything like that?" was told it does not, above "Examples include
    AlphaFold (protein folding)" (the 1.5B on dev-39 h39q48). A silence on something named stays honest ("does not
    mention who invented it"): this is for one that points back at the question."""
    if not _ASKS_IF_MENTIONED.search(asking(evidence.question)) or not evidence.nearest:
        return None
    i, similarity = evidence.nearest[0]
    shared = (evidence.asked - EVERYWHERE - _SILENCE_WORDS - _SOURCE_FRAME) & evidence.line_stems[i]
    # a lead-in says nothing without its list: "For most beginners, the following learning order is recommended:"
    lead_in = evidence.sentences[i][1].rstrip().endswith(":")
    return i if similarity >= QUOTE_SIMILARITY and len(shared) >= 2 and not lead_in else None


# "Which techniques does the ethics part name ...?": the kind of thing asked for
_KIND_ASK = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(techni|method|tool|algorithm|librar|framework)\w*\b", re.I)
# what a sentence gives as its items: after a colon, or after "are", "include", "such as" or "like"
_GIVEN_ITEMS = re.compile(r"(?::|\b(?:are|include|includes|including|such as|like)\b)\s+(?P<items>[^:]+?)\s*\.?$", re.I)


def mislabelled_kind(text: str, evidence: "Evidence") -> bool:
    """Whether the sentence gives as the kind of thing the question asks for (techniques, methods, tools ...) two
    things or more that are the labels of passage lines that are no such thing, under a heading that is not of it
    either: "The ethics part names two techniques for opening up such decisions: accountability and job displacement"
    to "Which techniques does the ethics part name for opening up such decisions?", from "**Accountability:** Who is
    responsible if ..." and "**Job Displacement:** ..." under "Ethical Considerations" (the 1.5B on dev-39 h39q33; it
    held on the accountability line, 0.53, its other words the question's). Labels of the kind are its items:
    "**Scikit-learn:**" under "Machine Learning Tools and Frameworks", asked which tools."""
    asked = _KIND_ASK.search(asking(evidence.question))
    given = _GIVEN_ITEMS.search(text)
    if not asked or not given or not re.search(rf"\b{asked.group(1)}", text, re.I) or \
            not re.search(r",|\band\b|\bor\b", given.group("items")):
        return False
    items = content_stems(given.group("items")) - EVERYWHERE
    labelled = {i: content_stems(m.group(1)) for i, (_, line) in enumerate(evidence.sentences) if (m := LABEL.match(line))}
    named = [i for i, stems in labelled.items() if stems and stems <= items]
    of_kind = re.compile(rf"\b{asked.group(1)}", re.I)
    return bool(items and named) and set().union(*(labelled[i] for i in named)) >= items and not any(
        of_kind.search(evidence.sentences[i][1]) or of_kind.search(evidence.heading(evidence.sentences[i][0]))
        for i in named)


def answering_line(evidence: "Evidence") -> int | None:
    """The passage line that answers the question on its face, whatever a silence said: the one counting what it
    asks how many of, or the list item labelled with the thing it asks what it is or does."""
    counted = counted_line(evidence)
    return counted if counted is not None else labelled_line(evidence)


# ... and asked as reported speech: "my cousin asked what an AI Product Manager does"
_WHAT_IT_DOES = re.compile(r"\bwhat (?:an? |the )?[\w() -]{1,40}? (?:does|is)\b(?! (?:it|that|this)\b)", re.I)


def labelled_line(evidence: "Evidence") -> int | None:
    """The list item whose label is the thing the question asks what it is or does: "**Business Intelligence (BI)
    Developer:** Uses Machine Learning to create data-driven business solutions." for "what does a Business
    Intelligence Developer do, per the document?" (the 0.5B said "The document does not cover it": a dev-37
    look-alike). The label's words (two at least; an acronym in brackets aside) must all be the asking sentence's."""
    if not (ASKS_WHAT_IT_IS.search(evidence.question) or _WHAT_IT_DOES.search(evidence.question)):
        return None
    asked = content_stems(asking(evidence.question))
    for i, (_, line) in enumerate(evidence.sentences):
        label = LABEL.match(line)
        words = content_stems(re.sub(r"\([^)]*\)", " ", label.group(1))) if label else set()
        if len(words) >= 2 and words <= asked:
            return i
    return None


# "how many languages ...?" and the thing counted, as the question writes it
_HOW_MANY = re.compile(r"\bhow many ([a-z]+)\b", re.I)


def counted_line(evidence: "Evidence") -> int | None:
    """The passage sentence that counts what the question asks how many of, a figure right before the thing
    counted: "which supports over 100 languages" for "how many languages Google Translate supports" (the 1.5B
    said "The document does not cover this question" above that line: a dev-37 look-alike). The words of the
    question asked of must be in its line too: one of its names when it names any ("how many languages does Whisper
    support?" is not answered by Google's line), else two of its words."""
    asked = _HOW_MANY.search(evidence.question)
    if not asked:
        return None
    counted = re.compile(rf"\d[\d,.]*\+?\s+(?:[a-z-]+\s+)?{re.escape(asked.group(1).lower())}\b", re.I)
    rest = evidence.question.replace(asked.group(0), " ")
    named, subject = names(rest), content_stems(rest) - EVERYWHERE

    def of_it(i: int) -> bool:
        if named:
            return any(holds_name(n, flatten(evidence.sentences[i][1])) for n in named)
        return len(subject & evidence.line_stems[i]) >= 2
    return next((i for i, (_, line) in enumerate(evidence.sentences) if counted.search(line) and of_it(i)), None)


def denied_next(text: str, evidence: "Evidence", i: int) -> bool:
    """Whether the line after a sentence's support goes on from it ("This ...") to deny the sentence: "Self-supervised
    learning needs more hand-labelled examples ... because it creates its own supervisory signals" held on the line
    on creating signals, whose next sentence is "This reduces the need for labeled data" (dev-11 h11nc18; a line
    further off that denies it is weighed by closeness, in `Verifier.check`)."""
    j = i + 1
    if j >= len(evidence.sentences) or evidence.sentences[j][0] != evidence.sentences[i][0]:
        return False
    follows = evidence.sentences[j][1]
    return OPENS_ON_PRONOUN.match(follows) is not None and polarity_flipped(text, follows)


def citations_in(text: str) -> set[int]:
    """The passage numbers a text cites ("[1]", "[2, 3]"), by the same pattern `strip_citations` removes."""
    return {int(n) for m in _CITATION.finditer(text) for n in re.findall(r"\d{1,2}", m.group(0))}


def strip_citations(text: str) -> str:
    return re.sub(r"\s+([.,;:!?])", r"\1", _CITATION.sub("", text)).strip()


@dataclass
class Verdict:
    ok: bool
    cite: int | None  # the passage number that supports the sentence best
    similarity: float
    overlap: float
    reason: str = ""
    index: int | None = None  # the evidence sentence that supports it best
    denied_by: int | None = None  # the evidence sentence that says the opposite, when that is why it is dropped
    shown: str | None = None  # what may be shown instead of the sentence: it without an aside that failed
    instead: int | None = None  # the evidence sentence that answers what the dropped sentence answered wrongly


@dataclass
class Evidence:
    """The passages the learner is shown, split into sentences and embedded once per answer."""

    sources: list[Source]
    sentences: list[tuple[int, str]]  # (passage number, sentence); label lines ("Deep Learning:") left out
    sides: list[str | None]  # per sentence: the side of the comparison its heading or label puts it on
    vectors: np.ndarray
    stems: dict[int, set[str]]  # per passage
    text: str  # all passages and the question, flattened: where a shown sentence's numbers and names must occur
    passages: str  # the passages alone, flattened
    asked: set[str] = field(default_factory=set)  # the question's content words: echoing them is no new claim
    nearest: list[tuple[int, float]] = field(default_factory=list)  # the 3 sentences nearest the question
    choice: bool = False  # the question offers alternatives ("classification or regression?")
    flat_by_passage: dict[int, str] = field(default_factory=dict)  # each passage flattened, with its heading
    question_names: set[str] = field(default_factory=set)  # the names the question gives that the passages hold
    question: str = ""
    rare: tuple[str, ...] = ()  # the question's names that few passages of the knowledge hold (`Retriever.rare_names`)
    question_vector: np.ndarray | None = None  # the question's MiniLM vector: which list item it is nearest
    # the acronyms of the names a text spells out in lower case ("convolutional networks": "cnn"; `Retriever.short_names`)
    short: Callable[[str], list[str]] | None = None
    # whether the knowledge as a whole uses a word (`Retriever.knows`): a term it never uses is no answer it gives
    knows: Callable[[str], bool] | None = None
    # how rare a word is in the knowledge (`Retriever.rarity`): the question's rare words on a line make it a quote
    rarity: Callable[[str], float] | None = None

    @cached_property
    def named(self) -> list[int]:
        """The sentences naming one of the question's rare names: what the document says of the thing asked about
        (the engine asks up to three times an answer; computed once)."""
        return [i for i, (_, s) in enumerate(self.sentences) if any(holds_name(n, flatten(s)) for n in self.rare)]

    @cached_property
    def line_stems(self) -> list[set[str]]:
        """Each sentence's content words, computed once per answer (every shown sentence is checked against all)."""
        return [content_stems(sentence) for _, sentence in self.sentences]

    @cached_property
    def passage_nearness(self) -> dict[int, float]:
        """Each passage's nearest sentence to the question (MiniLM cosine), computed once per answer."""
        nearest: dict[int, float] = {}
        if self.question_vector is not None:
            for (n, _), similarity in zip(self.sentences, self.vectors @ self.question_vector):
                nearest[n] = max(nearest.get(n, -1.0), float(similarity))
        return nearest

    @cached_property
    def example_heads(self) -> list[list[tuple[set[str], set[str]]]]:
        """Each sentence's heads with their examples (`binding.example_heads`), read once per answer."""
        return [example_heads(sentence) for _, sentence in self.sentences]

    def antecedent(self, i: int) -> int | None:
        """The sentence that a pronoun opening sentence i goes back to: the one before it in its passage. "The
        model ..." and "The system ..." in a case study go back the same way: "The model was trained on millions of
        Go games and used reinforcement learning to improve its strategy over time" is AlphaGo's, and said with "It"
        after a sentence on Neural Architecture Search it passed (dev-19 h19nc18, 0.5B)."""
        n, sentence = self.sentences[i]
        goes_back = OPENS_ON_PRONOUN.match(sentence) or _THE_ONE_BEFORE.match(sentence)
        return i - 1 if i and goes_back and self.sentences[i - 1][0] == n else None

    def heading(self, n: int) -> str:
        """The last heading of passage n's section: what its lines are about when they name nothing."""
        return next((s.section for s in self.sources if s.n == n), "").split(" > ")[-1].strip()

    def mentions(self, term: str, *, passages_only: bool = False, initials: bool = True) -> bool:
        """Whether the term occurs; an acronym also when words with its initials do ("ml": machine learning)."""
        return holds_name(term, self.passages if passages_only else self.text, initials)

    def quote(self, i: int) -> str:
        """Sentence i as the learner should read it out of context: with its side when it has a label."""
        n, sentence = self.sentences[i]
        item = _LIST_ITEM.match(sentence)
        sentence = re.sub(r"^[-*]\s+", "", sentence.replace("**", "")).strip()
        group = LIST_HEAD.match(self.sentences[i - 1][1]) if item and i and self.sentences[i - 1][0] == n else None
        if group:
            # the first item under a bare "- LinkedIn Groups:" says whose it is only with it: "Join groups like ... to
            # network with professionals" was quoted for "which site's groups?" without the site (dev-34 h34q32)
            sentence = f"{group.group(1).strip()}: {sentence}"
        side = self.sides[i]
        section = next((s.section for s in self.sources if s.n == n), "")
        if side and side_of_section(section) is None:  # the label is not in the heading: say it
            sentence = f"{side[0].upper()}{side[1:]}: {sentence}"
        return sentence

    @classmethod
    def build(cls, sources: list[Source], question: str, embedder: Embedder,
              question_vector: np.ndarray | None = None, rare: tuple[str, ...] = (),
              short: Callable[[str], list[str]] | None = None,
              knows: Callable[[str], bool] | None = None,
              rarity: Callable[[str], float] | None = None) -> "Evidence":
        from tutor.document import sentences as split

        pairs: list[tuple[int, str]] = []
        sides: list[str | None] = []
        for s in sources:
            side = side_of_section(s.section)
            for sentence in split(s.text):
                label = label_of(sentence)
                if label:  # the side for the lines below it, not a sentence of its own
                    side = label
                    continue
                if is_instruction(sentence):  # an order planted in a document is never quoted or cited
                    continue
                pairs.append((s.n, sentence))
                # a line naming only the other side speaks of both: "Netflix uses a combination of collaborative
                # filtering, content-based filtering, and deep learning" is no machine-learning-only line, though a
                # machine-learning case study (dev-14 h14q30: the sentence saying so was dropped as a transfer)
                sides.append(None if opposite(side_of_text(sentence), side) else side)
        # a sentence opening on a pronoun is embedded with its heading, which says what the pronoun is: "They use
        # convolutional layers to extract spatial features from images" is about CNNs (dev q15: "use a CNN for
        # pictures" was 0.46 from it alone)
        # Within a list item, the item's label says it better: "It is optimized for speed and modularity,
        # particularly for computer vision tasks" after "**Caffe:** A Deep Learning framework ..." is about Caffe
        # (dev-9 h9q11: "Caffe is tuned for computer vision tasks" was 0.44 from the first, with the heading)
        heading = {s.n: s.section.split(" > ")[-1] for s in sources}
        subject = [heading[n] for n, _ in pairs]
        for i in range(1, len(pairs)):
            item = _ITEM_LABEL.match(pairs[i - 1][1])
            if pairs[i][0] == pairs[i - 1][0] and (item or subject[i - 1] != heading[pairs[i][0]]) and \
                    not _ITEM_LABEL.match(pairs[i][1]) and not pairs[i][1].lstrip().startswith(("-", "*")):
                subject[i] = item.group(1) if item else subject[i - 1]
        vectors = embedder.embed([f"{subject[i]}: {p}" if OPENS_ON_PRONOUN.match(p) else p
                                  for i, (_, p) in enumerate(pairs)]) if pairs else np.zeros((0, 384), dtype=np.float32)
        passages = " ".join(f"{s.section} {s.text}" for s in sources)
        flat = flatten(passages)
        nearest = []
        if question_vector is None:
            question_vector = embedder.embed([question])[0]
        if pairs:
            sims = vectors @ question_vector
            nearest = [(int(i), float(sims[i])) for i in np.argsort(-sims)[:3]]
        return cls(sources, pairs, sides, vectors,
                   {s.n: content_stems(f"{s.section} {s.text}") for s in sources}, flatten(f"{question} {passages}"),
                   flat, asked_stems(question, flat), nearest, re.search(r"\bor\b", question, re.I) is not None,
                   {s.n: flatten(f"{s.section} {s.text}") for s in sources},
                   {n for n in names(question) | set(short(question) if short else ())
                    if f" {flatten(n).strip()}" in flat or spelled_out(n, flat)}, question, rare, question_vector, short,
                   knows, rarity)


class Verifier:
    """`check(sentence, evidence)`: may the learner see this sentence, and which passage does it cite?"""

    def __init__(self, embedder: Embedder, min_similarity: float = MIN_SIMILARITY,
                 min_overlap: float = MIN_OVERLAP) -> None:
        self.embedder = embedder
        self.min_similarity = min_similarity
        self.min_overlap = min_overlap

    def check(self, sentence: str, evidence: Evidence, after: int | None = None) -> Verdict:
        """`after`: the evidence sentence that supported the unit shown just before, which a pronoun opening
        this one may go on from. A sentence failing on a number or a name in an aside is judged without the aside,
        and may be shown without it: "... detectors are YOLO (You Only Look Once) or Faster R-CNN" spells out
        what the passages never do (dev-12 h12q08 lost its right answer), "YOLO or Faster R-CNN" they hold."""
        verdict = self._check(sentence, evidence, after)
        if verdict.ok and (line := _place_apart(strip_citations(sentence), evidence)) is not None:
            # a pay band is its place's: "The entry-level (0-2 years) salary for Deep Learning professionals in the
            # US is INR 10-20 LPA [1]" gave India's band for the US (the 1.5B on dev-47 h47q13), whichever line of
            # the passage held it up; the line it took the band from gives the place's own
            return Verdict(False, None, verdict.similarity, verdict.overlap, "gives the band of another place",
                           instead=line)
        if verdict.ok and (line := _described_by_another(strip_citations(sentence), evidence)) is not None:
            # StyleGAN given the question's "turn a photo into a painting", Style transfer's (a dev-47 look-alike)
            return Verdict(False, None, verdict.similarity, verdict.overlap,
                           "names a thing whose lines hold none of what the question describes", instead=line)
        if not verdict.ok and verdict.reason.startswith(("number not in", "name not in")):
            bare = _ASIDE.sub("", sentence)
            if bare != sentence and content_stems(bare):
                again = self._check(bare, evidence, after)
                if again.ok:
                    again.shown = bare
                    return again
                # the line it should have answered from, found without the aside: "The chips mentioned are called
                # GPUs (Graphics Processing Units)" for Google's chips is the TPUs line's to answer (dev-42 h42q27)
                verdict.instead = again.instead
        return verdict

    def _check(self, sentence: str, evidence: Evidence, after: int | None = None) -> Verdict:
        text = re.sub(r"^\s*(\d{1,2}\.|[-*])\s+", "", strip_citations(sentence))  # a list marker states nothing
        if not evidence.sentences:
            return Verdict(False, None, 0.0, 0.0, "no passages")
        missing = [n for n in numbers(text) if not evidence.mentions(n) and not counts_its_list(text, n)]
        if missing:
            return Verdict(False, None, 0.0, 0.0, f"number not in the passages: {missing[0]}")
        unit = UNIT.search(text) if numbers(text) else None
        if unit and not in_unit(unit.group(1), evidence.passages):
            # "Tesla cars have driven with Autopilot switched on for over 40% of their total miles": the figure is
            # the accidents line's, the unit the question's (dev-21 h21nc13 was shown it, every word echoed)
            return Verdict(False, None, 0.0, 0.0, f"gives a figure in {unit.group(1)}, which no passage uses")
        other = _other_sides_figure(text, evidence)
        if other:
            return Verdict(False, None, 0.0, 0.0, f"gives {other}, which only the other side's lines hold")
        unknown = [n for n in names(text) if not evidence.mentions(n)]
        if unknown:
            return Verdict(False, None, 0.0, 0.0, f"name not in the passages: {unknown[0]}")
        stray = name_apart(text, evidence)
        if stray:
            return Verdict(False, None, 0.0, 0.0, f"pairs {stray} with a name of the question no passage names with it")
        made = maker_apart(text, evidence)
        if made:
            return Verdict(False, None, 0.0, 0.0, f"says who made a thing, {made}, which no line names together")
        named = _NAMED.search(text)
        if named and content_stems(_NAME_ENDS.split(named.group(1))[0]) - set().union(*evidence.stems.values()):
            # "The trick where a model invents its own practice questions is called "transfer learning"" (dev-2
            # d2q19; the passages never say "transfer"): every other word echoed the question, so the sentence
            # passed on overlap; the name it gives is the whole answer and must be the passages' own
            return Verdict(False, None, 0.0, 0.0, f"gives a name the passages do not: {named.group(1)}")
        quoted = _NAME_IN_QUOTES.match(named.group(1)) if named else None
        if quoted and len(quoted.group(1).split()) > 1 and not said_as_phrase(quoted.group(1), evidence.passages):
            # a name in quotes claims the passages' own words: "The job of marking each pixel of coral is termed
            # "pixel classification"" held every word of "Image segmentation (e.g., pixel-level classification ...)"
            # but not its name (dev-44 h44q32)
            return Verdict(False, None, 0.0, 0.0, f"puts in quotes a name the passages never write: {quoted.group(1)}")
        if (year := year_of_another_event(text, evidence)) is not None:
            return Verdict(False, None, 0.0, 0.0, f"gives {year} to another event than the passage does")
        swapped = figure_swapped(text, evidence)
        if swapped:
            # the line it misread holds the figure of what it spoke of: "lowered Siemens' maintenance costs by up to
            # 50%" is answered by "... downtime by up to 50% and lower maintenance costs by 30%" (a dev-37 look-alike
            # was told the document gives no figure for that)
            line = next((i for i, (_, sentence) in enumerate(evidence.sentences)
                         if len(found := figure_words(sentence)) > 1 and swapped in found), None)
            return Verdict(False, None, 0.0, 0.0, f"pairs {swapped} with what the passage says of another figure",
                           instead=line)
        level = change_of_level(text, evidence)
        if level:
            return Verdict(False, None, 0.0, 0.0, f"gives {level}% as a change where the passages give it as a level")
        given = example_swapped(text, evidence)
        if given:
            return Verdict(False, None, 0.0, 0.0, f"gives {given} as an example of another head of its line")
        swapped = name_swapped(text, evidence)
        if swapped:
            # the other name's line answers a premise taken from the question ("CNNs keep a memory of earlier
            # words", the RNNs' line: dev-9 h9nc17) only when its passage never names the sentence's: OpenAI's
            # passage says "The model was trained on ... Transformer architectures" of OpenAI's own DALL·E (h9q16)
            name, i = swapped
            apart = f" {flatten(name).strip()}" not in evidence.flat_by_passage.get(evidence.sentences[i][0], "")
            return Verdict(False, None, 0.0, 0.0, f"says of {name} what a passage says of another name",
                           denied_by=i if apart else None)
        turned = next(((i, name) for i, (_, line) in enumerate(evidence.sentences)
                       if (name := turned_round(text, line))), None)
        if turned:
            return Verdict(False, None, 0.0, 0.0, f"turns {turned[1]}'s data the other way round",
                           denied_by=turned[0])
        if _SCAFFOLD.search(text):  # 'Passage, from "Key Differences..."': the prompt's frame echoed back
            return Verdict(False, None, 0.0, 0.0, "echoes the prompt's layout")
        if _HEADING_PATH.search(text):
            # 'The courses mentioned are "What is Deep Learning? > How Deep Learning Works" and ...' (dev-8 h8q25):
            # the passages' heading paths read back as the answer; every word is theirs, so it passed on overlap
            return Verdict(False, None, 0.0, 0.0, "reads out a heading path")
        if scene_attributed(text, evidence):
            return Verdict(False, None, 0.0, 0.0, "says the document speaks of the question's scene")
        if unheld_claim(text, evidence):
            return Verdict(False, None, 0.0, 0.0, "gives a reason for a claim of the document's that no passage holds")
        if mislabelled_kind(text, evidence):
            return Verdict(False, None, 0.0, 0.0, "gives as the kind asked the labels of lines of another kind")
        if is_silence(text):  # "The document does not say when it was published": honest, claims nothing
            spoken = silence_refuted(text, evidence)
            if spoken is not None:  # that line is what the document says instead
                return Verdict(False, None, 0.0, 0.0, "says the document is silent where a passage sentence speaks",
                               instead=spoken)
            return Verdict(True, None, 1.0, 1.0, "says the document is silent")
        stems = content_stems(text)
        if not stems:  # "Sure!", "In short:" carry no fact: shown only as glue between facts
            return Verdict(True, None, 1.0, 1.0, "no content")
        if re.search(r"\.\.\.|…", text):  # "(e.g., temperature, ...)": a passage copied where the budget cut it
            return Verdict(False, None, 0.0, 0.0, "copies a passage where it was cut short")
        # a figure the question does not give is no echo: "80% of what people watch on Netflix comes from its
        # recommendations" answers "how much of what people watch...?" in its words (dev q65 was told "no figure")
        adds_figure = bool(numbers(text) - numbers(evidence.question))
        spells = SPELL_ASK.search(evidence.question) is not None and bool(names(text))
        if stems <= evidence.asked and not adds_figure and not spells and (
                not evidence.choice or OPENS_ON_PRONOUN.match(text) or _VERDICT.match(text)):
            # the question's own words stated as a fact, which no passage word bears out: "There is no way to peek
            # inside a black-box neural network" (dev q30; the passage names LIME and SHAP), "It can help you use
            # a neural net with a tiny dataset" of whatever came before (dev q28). Only picking one of the
            # question's alternatives ("Spam detection is a classification task") may use its words alone
            return Verdict(False, None, 0.0, 0.0, "the question's own words stated as a fact")
        if _VERDICT.match(text) and not (stems - evidence.asked) & set().union(*evidence.stems.values()):
            # a yes or no that adds only its own words to the question's ("Yes, AI is bound to take over your job
            # someday"): the verdict is the model's, however close its words sit to a passage
            return Verdict(False, None, 0.0, 0.0, "a yes or no that adds no word of the passages")
        # (a stem of three letters is a verb's form more often than a term: "goes" is "goe", "go" is "go")
        term = {w for w in one_term(stems, evidence) - EVERYWHERE - _TERM_GLUE - _REPORTING if len(w) > 3}
        if evidence.knows and term and not any(evidence.knows(w) for w in term) and not adds_figure:
            # the question said back with a term that answers it, a term the whole document never uses: "Scikit-learn's
            # agglomerative (hierarchical) clustering applies the single linkage method when nobody picks a linkage"
            # is 0.54 from the bare "Hierarchical Clustering." line (dev-26 h26nc08: a default the document never
            # gives). A word of the document is no such term, whichever passages are shown: "... gets back from the
            # environment information that ..." restates the question ("information" is the document's word)
            return Verdict(False, None, 0.0, 0.0, "answers with a term no passage holds")
        if spells:
            defined = _defines(text, evidence)
            if defined is not None:
                return defined
        rest = unechoed(text, evidence.asked)
        # with the question restated first, its meaning dilutes what is added: the addition is judged too
        mine = self.embedder.embed([text, rest] if rest else [text])
        sims = (evidence.vectors @ mine.T).max(axis=1)
        j = None if after is None else after + 1
        if j is not None and OPENS_ON_PRONOUN.match(text) and j < len(evidence.sentences) and \
                evidence.antecedent(j) == after:
            # "It was tuned for speed and modularity [...]" after a sentence on Caffe, whose passage goes on "It is
            # optimized for speed and modularity [...]": the two pronouns are one thing, so the sentences are
            # compared as they stand (0.46 with the passage's embedded under its heading, "Deep Learning Tools and
            # Frameworks: It is...": dev-5 h5q17 lost its second half)
            bare = self.embedder.embed([evidence.sentences[j][1]])[0]
            sims[j] = max(float(sims[j]), float(mine[0] @ bare))
        claims = side_of_text(text)
        new = stems - evidence.asked or stems  # what the sentence adds to the question
        order = [int(i) for i in np.argsort(-sims)]
        same = [i for i in order if not opposite(claims, evidence.sides[i])]
        if claims and order and order[0] not in same and \
                float(sims[order[0]]) - (float(sims[same[0]]) if same else 0.0) >= SIDE_MARGIN and \
                _shared(new, evidence, [order[0]]) >= _shared(new, evidence, same):
            # it says of deep learning what the document says of machine learning (or the reverse)
            return Verdict(False, None, float(sims[order[0]]), 0.0, "states what the document says of the other side")
        other = _nearer_item(one_term(stems, evidence), evidence)
        if other is not None:
            return Verdict(False, None, 0.0, 0.0, "picks an item of a list the question is farther from than another",
                           instead=other)
        best: Verdict | None = None
        flipped: Verdict | None = None
        supported: list[Verdict] = []
        for i in np.argsort(-sims):
            n, _ = evidence.sentences[int(i)]
            if opposite(claims, evidence.sides[int(i)]):
                continue  # a claim about one side supported only by the other side's line
            overlap = len(stems & (evidence.stems[n] | evidence.asked)) / len(stems)
            verdict = Verdict(float(sims[i]) >= self.min_similarity and overlap >= self.min_overlap, n,
                              float(sims[i]), overlap, index=int(i))
            if verdict.ok and (polarity_flipped(text, evidence.sentences[int(i)][1]) or
                               moved_against(text, evidence.sentences[int(i)][1]) or
                               ranked_against(text, evidence.sentences[int(i)][1])):
                # denied by this line: held up only if a closer line states it as it stands (dev-6 h6q32: "...
                # reduce the need for labeled data" was checked against the supervised-learning line first)
                flipped = flipped or Verdict(False, None, verdict.similarity, overlap,
                                             "says the opposite of the passage", denied_by=int(i))
                continue
            if verdict.ok and flipped is None:
                supported.append(verdict)
            best = best or verdict
        if flipped is not None and not supported:
            return flipped
        if supported:  # cite the passage that holds most of what the sentence adds, then the closest sentence
            top = max(supported, key=lambda v: (len(new & evidence.stems[v.cite]), v.similarity))
            headed = _topic_elsewhere(stems, evidence, top.cite, top.index)
            # cited where the topic's own passage supports it too, else dropped (below: a denial says more)
            top = next((v for v in supported if v.cite in headed), top)
            off_topic = bool(headed) and top.cite not in headed
            added = new & content_stems(" ".join(names(text) - names(evidence.question))) - EVERYWHERE
            if added and not added & evidence.stems[top.cite] and not adds_figure:
                # the names the sentence adds to the question are nowhere in its passage: "The model family credited
                # with sharpening low-quality images like those is the Autoencoder family" passed on DALL·E's line,
                # whose "high-quality images" echoed the question (dev-42 h42q33, 0.51; the autoencoders passage did
                # not hold it up), unless a passage holding them has a line near enough: "You could try out neural
                # nets for free on Kaggle" rests on the cloud passage, not on the reading list's "(Free online here)"
                # (dev-40 h40q22). A plain word may be the question's said back ("the agent gets back from the
                # environment information that ...", dev q08)
                holder = self._holding_passage(stems, added, claims, evidence, sims)
                if holder is None:
                    return Verdict(False, None, top.similarity, top.overlap, "adds nothing its passage holds")
                top = holder
            figures = _figures_added(text, evidence)
            if _answers_an_open_question(new, evidence, top.index):
                # the document asks it, and leaves it open: "The can for responsibility when an AI makes a harmful
                # decision is carried by the person who created the AI" rested on "Accountability: Who is responsible
                # if an AI model makes a harmful decision?" (the 1.5B on dev-41 h41q29, shown as a fact, cited). A
                # line that does say it holds it up instead: "... call for accountability mechanisms to address ..."
                asked_on = len(new & evidence.line_stems[top.index])
                top = next((v for v in supported if not _answers_an_open_question(new, evidence, v.index) and
                            len(new & evidence.line_stems[v.index]) > asked_on), None)
                if top is None:
                    return Verdict(False, None, 0.0, 0.0, "answers what its line only asks")
            if _levels_apart(text, evidence.sentences[top.index][1]):
                # a pay band is its level's: the line of the level the sentence gives, holding its figures, or none
                # ("Junior ML people expect INR 12-25 LPA (India), $120,000-$180,000 (US)" is the Mid-Level line's
                # band: the 0.5B on dev-46 h46q13; the 1.5B's "Junior ... INR 6-12 LPA" rested on it too)
                top = next((v for v in supported if not _levels_apart(text, evidence.sentences[v.index][1]) and
                            _holds_figures(figures, evidence, v.cite, flatten(evidence.sentences[v.index][1]))), None)
                if top is None:
                    return Verdict(False, None, 0.0, 0.0, "gives a band of another level than it says")
            if figures and not _holds_figures(figures, evidence, top.cite):
                # the figure is another passage's: "Predictive maintenance at Siemens saves each year approximately
                # 120,000 euros [1]" rested on the Siemens line and took its figure from the salary line shown
                # beside it (dev-46 h46nc18, a figure the document never gives). Cited where the figure is, if that
                # passage holds the sentence up too
                holder = next((v for v in supported if _holds_figures(figures, evidence, v.cite)), None)
                if holder is None:
                    return Verdict(False, None, top.similarity, top.overlap,
                                   f"gives {sorted(figures)[0]}, which its passage does not hold")
                top = holder
            if _THAN.search(text) and 2 * len(new & evidence.stems[top.cite]) < len(new):
                return Verdict(False, None, top.similarity, top.overlap, "adds words its passage does not hold")
            if OPENS_ON_PRONOUN.match(text) and (antecedent_swapped(evidence, top.index, after) or
                                                 _speaks_apart(evidence, top.index, after) or
                                                 _meant_unasked(evidence, top.index, after)):
                return Verdict(False, None, top.similarity, top.overlap, "its pronoun means another thing")
            named = _other_item_named(stems, evidence, top.index)
            named = _other_item_holds(text, evidence, top.index) if named is None else named
            if named is not None:
                return Verdict(False, None, top.similarity, top.overlap,
                               "gives another item of the list than the one the question names", instead=named)
            joined = _other_items_joined(stems, new, evidence, top.index)
            if joined is not None:
                return Verdict(False, None, top.similarity, top.overlap,
                               "gives the item the question names other items' words", instead=joined)
            if _grafted(new, evidence, top.cite):
                return Verdict(False, None, top.similarity, top.overlap, "joins another passage's line to its own")
            if _asked_of_another(stems, evidence, top.cite):
                return Verdict(False, None, top.similarity, top.overlap,
                               "says of its passage's things what the question asks of another passage's")
            if denied_next(text, evidence, top.index):
                return Verdict(False, None, top.similarity, top.overlap, "its passage goes on to deny it",
                               denied_by=top.index + 1)
            if off_topic:
                return Verdict(False, None, top.similarity, top.overlap, OTHER_TOPIC)
            return top
        held = self._held_with_its_names(text, stems, claims, evidence, sims, after) or \
            _held_with_its_words(text, stems, claims, evidence, after) or \
            _picked_from_nearest(text, one_term(stems, evidence), claims, evidence) or \
            _figure_near(text, stems, claims, evidence)
        if held is not None:
            return held
        if best is None:
            return Verdict(False, None, 0.0, 0.0, "supported only by the other side of a comparison")
        best.reason = f"unsupported (similarity {best.similarity:.2f}, overlap {best.overlap:.2f})"
        return best

    def _holding_passage(self, stems: set[str], added: set[str], claims: str | None, evidence: Evidence,
                         sims: np.ndarray) -> Verdict | None:
        """The nearest line, at the key line's bar at least, of a passage holding every word `added`, when the
        sentence's words are that passage's or the question's as a supported sentence's must be. (At a quote's bar,
        0.35, "... is the Autoencoder family" rested on the autoencoders' bare "Image denoising." for sharpening
        images: dev-42 h42q33.)"""
        for i in (int(i) for i in np.argsort(-sims)):
            n = evidence.sentences[i][0]
            if float(sims[i]) < KEY_LINE_SIMILARITY:
                return None
            overlap = len(stems & (evidence.stems[n] | evidence.asked)) / len(stems)
            if added <= evidence.stems[n] and not opposite(claims, evidence.sides[i]) and overlap >= self.min_overlap:
                return Verdict(True, n, float(sims[i]), overlap, index=i)
        return None

    def _held_with_its_names(self, text: str, stems: set[str], claims: str | None, evidence: Evidence,
                             sims: np.ndarray, after: int | None) -> Verdict | None:
        """Supported by the one passage sentence that holds every name the sentence adds (two at least), when most
        of its words are that passage's. MiniLM scores such a sentence against the whole line: "Google's own models
        named T5 and PaLM are examples of Transformer-based models" is 0.41 from "Google Translate uses
        Transformer-based models (e.g., Google's own T5 and PaLM) to translate text", "The usual flavours include
        Bagging, Boosting, and Stacking" 0.47 from the ensemble line. In the dev pickles 8 such sentences were
        dropped, all right but one, which tied a list item's names ("**Recommender Systems:** Collaborative
        filtering, content-based filtering") to the question's junk mail: an item's label must be the sentence's,
        the question's or the line shown before (dev-9 h9q18, h9q29; dev-2 d2q37; dev-6 h6q35)."""
        added = {n for n in names(text) if len(n) > 1} - set(names(evidence.question))
        if len(added) < 2:
            return None
        for i in np.argsort(-sims):
            i = int(i)
            n, sentence = evidence.sentences[i]
            flat = flatten(sentence)
            if not all(holds_name(name, flat) for name in added) or opposite(claims, evidence.sides[i]):
                continue
            label = _label_stems(sentence)
            if label and not label & (stems | evidence.asked) and after != i:
                continue
            overlap = len(stems & (evidence.stems[n] | evidence.asked)) / len(stems)
            if overlap >= self.min_overlap and not polarity_flipped(text, sentence):
                return Verdict(True, n, float(sims[i]), overlap, index=i)
        return None


# the document said to speak of something: "the post brings that law up because it discusses ..."
_ATTRIBUTED = re.compile(rf"\b(?:the|this) {DOCUMENT}\b.*?\b(?:discuss|mention|describ|talk|"
                         r"say|said|cover|bring|brought|refer|explain|cite|list)\w*\b(?P<what>.+)$", re.I)
SCENE_WORDS = 2  # the scene's own words a sentence must say the document speaks of before it is dropped


def scene_attributed(text: str, evidence: Evidence) -> bool:
    """Whether the sentence says the document speaks of the question's scene, in words only the scene gives: "The
    post brings that law up because it discusses a tech firm being fined under GDPR" (dev-9 h9q49, after "A news
    story said a tech firm was fined under GDPR. ... why does the post bring that law up?"). Its words are the
    question's and the passage's, so it passed on overlap; the learner would take their own news story for the
    document's."""
    attributed = _ATTRIBUTED.search(text)
    asks = asking(evidence.question)
    if not attributed or asks == evidence.question:
        return False
    scene = content_stems(evidence.question.replace(asks, " ")) - content_stems(asks) - \
        set().union(*evidence.stems.values())
    return len(content_stems(attributed.group("what")) & scene) >= SCENE_WORDS


# a question asking why the document claims something: "Why does the guide insist AI will only ever add jobs?"
_WHY_IT_CLAIMS = re.compile(rf"\bwhy (?:does|do|did|would|is) (?:the|this) {DOCUMENT}(?: \w+)?\b", re.I)
_REASON = re.compile(r"\s*\b(?:because|since|as|due to|so that)\b", re.I)
CLAIM_WORDS = 3  # a claim of fewer content words than this is too short to judge by its words


def unheld_claim(text: str, evidence: Evidence) -> bool:
    """Whether the sentence gives a reason for a claim the question says the document makes, in the question's
    words, while no passage line holds most of that claim: "The guide insists AI will only ever add jobs and never
    put anyone out of work because it is important to consider the societal impact of AI" (dev-24 h24nc19): its
    reason is the Job Displacement line's, which says the opposite, and only "job" and "work" of the claim are
    that line's words. Only a question naming the document as the claimant: a reason for a claim of the learner's
    own ("Why do deep nets need GPUs?") may rest on lines in other words."""
    asked = _WHY_IT_CLAIMS.search(asking(evidence.question))
    parts = _REASON.split(strip_citations(text), 1)
    if asked is None or len(parts) < 2:
        return False
    claim = content_stems(parts[0]) - content_stems(asked.group(0))
    if len(claim) < CLAIM_WORDS or len(claim - evidence.asked) > 1:  # not the question's claim said back
        return False
    return not any(len(claim & stems) >= MIN_OVERLAP * len(claim) for stems in evidence.line_stems)


PICK_WORDS = 2  # a one-term answer adds at most this many words of its own to the question's ...
ECHOED_TERM = 2  # ... and says back at least this many of the question's
_NAMING = content_stems("called named known term referred")  # "that check is called ...": words naming, not claims


# words a sentence may add that neither its passage nor the question holds (its own glue: "used", "such") before
# they are weighed as another passage's line grafted onto it
GRAFT_WORDS = 2


def _grafted(new: set[str], evidence: Evidence, cite: int) -> bool:
    """Whether the sentence adds to its own passage's words those of one sentence of another passage: "RNNs can be used for time
    series forecasting and sales forecasting for retail businesses" holds the RNN passage's words and the machine
    learning use case "Sales forecasting for retail businesses" (dev-20 h20q08), and passed on the first passage's
    share of its words. Not when what it adds is the model's own glue or held nowhere."""
    extra = new - evidence.stems[cite] - EVERYWHERE
    return len(extra) >= GRAFT_WORDS and any(n != cite and extra <= stems
                                             for (n, _), stems in zip(evidence.sentences, evidence.line_stems))


_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# where a sentence's own list starts: after a colon, or after "are" / "include" ("The two networks are ...")
_LIST_START = re.compile(r":|\b(?:are|were|include|includes|including)\b", re.I)


# the levels of experience the salary lines are labelled with ("**Entry-Level (0-2 years):**"), in learners' words too
_LEVELS = {"entry": re.compile(r"\b(?:junior|entry|beginners?|graduates?|starting)\b", re.I),
           "mid": re.compile(r"\b(?:mid|middle|intermediate)\b", re.I),
           "senior": re.compile(r"\b(?:senior|experienced|veterans?)\b", re.I)}


def _answers_an_open_question(new: set[str], evidence: Evidence, i: int) -> bool:
    """Whether line i is a question the document asks, and the sentence adds words it does not hold (an answer)."""
    return evidence.sentences[i][1].rstrip().endswith("?") and \
        bool(new - evidence.line_stems[i] - EVERYWHERE - _REPORTING - _ASKING)


def _levels_apart(text: str, line: str) -> bool:
    """Whether a sentence gives a level of experience, and the line it rests on, labelled with a level, another."""
    label = LABEL.match(line)
    held = {level for level, words in _LEVELS.items() if label and words.search(label.group(0))}
    said = {level for level, words in _LEVELS.items() if words.search(text)}
    return bool(held and said and not held & said)


# the places the salary lines give a band for, each band followed by its place: "INR 10-20 LPA (India),
# $100,000-$150,000 (US)"; a place is said by its name (a currency is the band's own, not the place said)
_BAND_PLACE = re.compile(r"(.*?)\((India|US)\)")
_PLACE_SAID = {"India": re.compile(r"\bIndia(?:n|ns)?\b", re.I),
               "US": re.compile(r"\b(?:US|U\.S\.|USA|United States|America(?:n|ns)?)\b")}


def _place_apart(text: str, evidence: Evidence) -> int | None:
    """The line whose band a sentence gives for another place than the band's: its figures stand on the passages'
    lines only beside one place's label, and the sentence (else the question) names another place and not that
    one. That line gives the band of the place named too."""
    figures = _figures_added(text, evidence)
    said = {place for place, name in _PLACE_SAID.items() if name.search(text)} or \
        {place for place, name in _PLACE_SAID.items() if name.search(evidence.question)}
    if not figures or not said:
        return None
    held: dict[str, int] = {}
    for i, (_, line) in enumerate(evidence.sentences):
        body = line[LABEL.match(line).end():] if LABEL.match(line) else line
        for part, place in _BAND_PLACE.findall(body):
            if any(holds_name(f, flatten(part), False) for f in figures):
                held.setdefault(place, i)
    return next(iter(held.values())) if held and not set(held) & said else None


def _described_by_another(text: str, evidence: Evidence) -> int | None:
    """The line a sentence's description belongs to, when the sentence gives the question's description the name of
    a thing whose lines hold none of it: "The GAN ... that matches the use of AI to turn a photo into a painting is
    StyleGAN" says back the question's "photo" and "painting", which "Style transfer (e.g., converting photos into
    paintings)" holds and StyleGAN's "Generating realistic images using GANs (e.g., StyleGAN)" does not (the 1.5B
    on a dev-47 look-alike). Two of the question's words at least, said back by the sentence."""
    added = {n for n in names(text) - names(evidence.question) if len(n) > 1}
    if not added:
        return None
    own = [i for i, (_, line) in enumerate(evidence.sentences) if any(holds_name(n, flatten(line)) for n in added)]
    if not own:
        return None
    # the question's words for where the answer stands describe nothing: "Which advanced topic on the ML path covers
    # spotting such odd ones out?" is the "Explore Advanced Topics" step's, whose lead-in holds "advanced topics"
    headings = set().union(*(content_stems(s.section) for s in evidence.sources))
    said = content_stems(text) & content_stems(evidence.question) - EVERYWHERE - headings - \
        set().union(*(content_stems(n) for n in added))
    if len(said) < 2:
        return None
    best = max((i for i, (_, line) in enumerate(evidence.sentences) if not line.rstrip(" *").endswith(":")),
               key=lambda i: len(evidence.line_stems[i] & said), default=None)
    if best is None:
        return None
    held = evidence.line_stems[best] & said
    if len(held) < 2 or best in own or any(evidence.line_stems[i] & held for i in own):
        return None
    return best


def _figures_added(text: str, evidence: Evidence) -> set[str]:
    """The figures in digits a sentence gives that the question does not (a number word may be a list's count)."""
    return {n for n in numbers(text) - numbers(evidence.question)
            if n[0].isdigit() and not counts_its_list(text, n)}


def _holds_figures(figures: set[str], evidence: Evidence, n: int, flat: str | None = None) -> bool:
    """Whether passage n (or the flattened line `flat`) holds every figure."""
    return all(holds_name(f, evidence.flat_by_passage.get(n, "") if flat is None else flat, False) for f in figures)


def counts_its_list(text: str, number: str) -> bool:
    """Whether a number counts the items the sentence itself lists: "The document lists three approaches for
    hyperparameter tuning: Grid Search, Random Search, and Bayesian Optimization" holds "three" whatever the
    passages say; the items are checked as any other words are (dev-29 h29q13 was told "not covered")."""
    count = _COUNTS.get(number.lower()) or (int(number) if number.isdigit() else 0)
    start = _LIST_START.search(text)
    said = re.search(rf"\b{re.escape(number)}\b", text, re.I)
    if not 2 <= count <= 10 or start is None or said is None or said.start() > start.start():
        return False
    listed = re.sub(r"[.!?\s]+$", "", text[start.end():])
    items = [item for item in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", listed) if item.strip()]
    return len(items) == count


def _meant_unasked(evidence: Evidence, support: int, after: int | None) -> bool:
    """Whether the first sentence shown, opening on a pronoun (which then means what the question asks about), rests
    on a line going back to a named thing the question never names (the line it goes back to, or its passage's
    heading when the line opens the passage): "It uses a combination of Transformer architectures and diffusion
    processes" for "Some network squashes each photo into a tiny code and rebuilds it. Name it" rests on "The model
    was trained on ...", under "4. DALL·E by OpenAI" (dev-46 h46q28)."""
    if after is not None:
        return False
    n, line = evidence.sentences[support]
    before = evidence.antecedent(support)
    if before is None and not (OPENS_ON_PRONOUN.match(line) or _THE_ONE_BEFORE.match(line)):
        return False
    while before is not None and (earlier := evidence.antecedent(before)) is not None:
        before = earlier
    meant = whole_names(evidence.sentences[before][1] if before is not None else evidence.heading(n),
                        lower_words(evidence))
    asked = flatten(evidence.question)
    return bool(meant) and not any(f" {flatten(name).strip()} " in asked for name in meant)


def _speaks_apart(evidence: Evidence, support: int, after: int | None) -> bool:
    """Whether a sentence opening on a pronoun, right after a shown one, rests on a line of another passage that
    shares no word with the shown one's line: "It is a subset of AI" after "Whisper is an AI that can convert speech
    to text" rests on the introduction's "While both are subsets of AI" (ML and DL), and told the learner Whisper
    is a subset of AI (dev-23 h23q46). Unless the line's section is about the one side the shown line names: "It
    works by feeding data into the algorithm" after "This is called machine learning" rests on "How Machine Learning
    Works" (dev-29 h29q21 was told only the definition)."""
    if after is None or evidence.sentences[support][0] == evidence.sentences[after][0]:
        return False
    if (evidence.line_stems[support] & evidence.line_stems[after]) - EVERYWHERE:
        return False
    side = evidence.sides[support]  # its section's side (or its label's), as `Evidence.build` read it
    return side is None or side != side_of_text(evidence.sentences[after][1])


def _other_item_named(stems: set[str], evidence: Evidence, i: int) -> int | None:
    """The line of another item of line i's list when the question names that item's label and neither the question
    nor the sentence names line i's: "In the automotive line of the deep-learning hiring list, which firms are given
    as examples?" got "Google, Facebook, Amazon, Microsoft, Apple", the items of "**Technology:**", the line before
    "**Automotive:** Autonomous vehicles (e.g., Tesla, Waymo, Cruise)" (dev-23 h23q14)."""
    own = _label_stems(evidence.sentences[i][1])
    if not own or own & (stems | evidence.asked):
        return None
    named = [j for j, label in _list_items(evidence, evidence.sentences[i][0]) if j != i and label <= evidence.asked]
    return named[0] if len(named) == 1 else None


# what a thing is called: "what are they called?", "which chips ... and what is their name?"
_ASKS_CALLED = re.compile(r"\b(?:what|which)\b[^?.;]*\b(?:called|named|(?:their|its|the) names?)\b", re.I)


def _other_item_holds(text: str, evidence: Evidence, i: int) -> int | None:
    """The line of the one other item of line i's list that holds a name of the question, when line i and the
    sentence hold none: "The post mentions special chips made by Google ...; what are they called?" got "The chips
    mentioned are called GPUs" from "**GPUs:** NVIDIA GPUs ...", the item before "**TPUs:** Google's Tensor Processing
    Units ..." (dev-42 h42q27). Only a question asking what a thing is called: "Why does the guide put Transformers
    ahead of RNNs ...?" is answered by the self-attention item, not by the one saying "Unlike RNNs". A name the
    question leaves out ("apart from Google's") points at no item."""
    items = _list_items(evidence, evidence.sentences[i][0])
    if i not in dict(items) or not _ASKS_CALLED.search(evidence.question):
        return None
    left_out = " ".join(m.group(1) or m.group(2) for m in _LEFT_OUT.finditer(evidence.question))
    # a name the passage's heading holds is what the whole list is about: "For making graphs in Python, which libs
    # ...?" under "Step 2: Learn Programming (Python)" points at no item (dev-41 h41q10 lost Matplotlib to the
    # Scikit-learn line's "in Python")
    around = f"{flatten(left_out)} {flatten(evidence.heading(evidence.sentences[i][0]))} "
    asked = [n for n in names(evidence.question) if n not in SUBJECT_NAMES and not holds_name(n, around) and
             not holds_name(n, flatten(text)) and not holds_name(n, flatten(evidence.sentences[i][1]))]
    holding = [j for j, _ in items if any(holds_name(n, flatten(evidence.sentences[j][1])) for n in asked)]
    # "Google’s Tensor Processing Units" before "cloud services like Google Colab" (`names_alone`)
    alone = [j for j in holding if any(names_alone(n, evidence.sentences[j][1]) for n in asked)]
    holding = alone if len(alone) == 1 else holding
    return holding[0] if len(holding) == 1 and holding[0] != i else None


def _list_items(evidence: Evidence, n: int) -> list[tuple[int, set[str]]]:
    """Passage n's labelled list items: (evidence sentence index, the label's stems)."""
    return [(j, label) for j, (m, line) in enumerate(evidence.sentences) if m == n and (label := _label_stems(line))]


# words of other items' lines a sentence on the item the question names may carry before they are weighed as those
# items joined onto it
JOINED_WORDS = 2
_LEFT_OUT = re.compile(r"\b(?:apart from|aside from|besides|other than|except(?: for)?|excluding|beyond|not counting)"
                       r"\s+([^,;?.]+)|(\w+(?:\s+and\s+\w+)?)\s+aside\b", re.I)


def _other_items_joined(stems: set[str], new: set[str], evidence: Evidence, i: int) -> int | None:
    """The line of the list item the question names, when the sentence gives that item words found only on the
    other items' lines of its list: "Marketing managers ... lean on recommendation systems, demand forecasting,
    customer segmentation, customer churn prediction, targeted advertising, sentiment analysis, and predictive
    maintenance" for "Which uses in marketing are listed ...?" joins the Retail and Manufacturing lines onto
    "**Marketing:** Customer churn prediction, targeted advertising, sentiment analysis" (a dev-25 look-alike).
    Every word is its passage's, so it passed. A sentence that never names the item the question names, resting on
    another item's line, speaks of that one: "it fixes itself up by adjusting the weights of the neurons using
    backpropagation" answers the first ask of "how does it fix itself up, and which optimizers get named?" from the
    Backpropagation line; the second ask named the Optimization item (the 1.5B on dev-40 h40q08 was dropped)."""
    items = _list_items(evidence, evidence.sentences[i][0])
    # "Apart from games and robots, where else ...?", "Robots aside, which uses ...?" name the items they leave out
    # (dev-20 h20q04 and dev-21 h21q04 lost their right answers to the Robotics line)
    left_out = set().union(*(content_stems(m.group(1) or m.group(2)) for m in _LEFT_OUT.finditer(evidence.question)))
    named = [j for j, label in items if label <= evidence.asked and not label <= left_out]
    # naming it by any word of its label: "GRUs are a type of RNN ..." names "Gated Recurrent Units (GRUs)"
    if len(named) != 1 or named[0] != i and not (dict(items)[named[0]] - EVERYWHERE) & stems:
        return None
    own = evidence.line_stems[named[0]]
    others = set().union(*(evidence.line_stems[j] for j, _ in items if j != named[0]))
    joined = (new & others) - own - evidence.asked - EVERYWHERE
    return named[0] if len(joined) >= JOINED_WORDS else None


# words a heading shares with many questions without naming a topic ("Example Use Cases", "How to Get Started"):
# "get" alone dropped dev-13 h13q07's right "You are told to first get to know a dataset by ..." in the first replay
_HEADING_GLUE = content_stems("example examples use uses case cases type types step steps key difference differences "
                              "work how what which when why trend trends path learn first one should get started")


def _topic_elsewhere(stems: set[str], evidence: Evidence, cite: int, index: int | None = None) -> set[int]:
    """The other shown passages whose heading is a topic word of the question that the sentence carries and its own
    passage never uses: "The examples of recommendation systems and sales forecasting ... appear among the uses of
    recurrent networks" cites the machine-learning use cases, while "Recurrent Neural Networks (RNNs)" heads another
    passage (dev-24 h24q12); "The project list suggests using a Feedforward Neural Network" cites a trends passage,
    while "Step 7: Work on Deep Learning Projects" heads another (dev-23 h23q35). Cited to such a passage when it
    supports the sentence too ("A feedforward network passes data along in one direction" holds for the
    forward-propagation line and the feedforward passage alike, dev q14).
    Replaying the 1.5B over every dev split: 1 answer wrong before is right (h23q35), none lost; in 6 more a sentence
    is dropped, 5 of them wrong picks ("Microsoft's cloud offers AI-driven products (e.g., Google, Facebook, ...)",
    dev-21 h21q34), one right: its "autopilot" was the learner's figure of speech, and heads Tesla's case (h7q35)."""
    carried = (stems & evidence.asked) - evidence.stems[cite] - EVERYWHERE - _HEADING_GLUE
    if index is not None and not carried:
        # ... or only elsewhere in its passage, when a line of another list holds the sentence: "Transformers are used
        # for creating music or art" rests on "Creating music or art with Deep Learning" under "Generative AI:", while
        # "Training a chatbot using Transformers" is the same project list's only word of them, and "Transformer
        # Models" heads another passage (dev-32 h32q08)
        own = evidence.line_stems[index] | content_stems(evidence.heading(cite))
        if index and evidence.sentences[index - 1][0] == cite:
            own |= evidence.line_stems[index - 1]
        carried = (stems & evidence.asked) - own - EVERYWHERE - _HEADING_GLUE
    headed = {n for n in evidence.stems if n != cite and carried & content_stems(evidence.heading(n))}
    if not headed or evidence.question_vector is None:
        return set()
    # only a passage the question is nearer than the cited one: "Once an ML model is trained and evaluated ..." is
    # about the workflow line it cites, whatever heading says "evaluation"
    nearest = evidence.passage_nearness
    return {n for n in headed if nearest.get(n, -1.0) > nearest.get(cite, -1.0)}


def _asked_of_another(stems: set[str], evidence: Evidence, cite: int) -> bool:
    """Whether the sentence gives its passage's things the question's description, which its passage lacks and one
    sentence of another passage holds: "Speech recognition and autonomous vehicles are examples of agents that learn by
    acting in an environment" takes the deep learning use cases for reinforcement learning's ("An agent learns to
    make decisions by interacting with an environment", dev-21 h21q04), every word the question's or the use cases'."""
    echoed = (stems & evidence.asked) - evidence.stems[cite] - EVERYWHERE
    return len(echoed) >= GRAFT_WORDS and any(
        n != cite and len(held := echoed & stems) >= GRAFT_WORDS and 2 * len(held) > len(echoed)
        for (n, _), stems in zip(evidence.sentences, evidence.line_stems))


# the words that say who says it ("the case study states that ..."), no part of what is said
_REPORTING = SAYING | content_stems("state states stated note notes describe describes described explain explains "
                                    "write writes suggest suggests passage passages")
# words saying a line asks, as the document's open questions do ("The guide asks who is responsible ...")
_ASKING = content_stems("ask asks asked question questions raise raises raised guide document post article text")
# words a one-term answer adds around its term ("available on Google Cloud", "the single linkage method")
_TERM_GLUE = content_stems("method methods approach technique way kind type option one available used uses use "
                           "called known famous popular common example examples flavour flavor variant version sort")
HELD_WORDS = 3  # words a sentence adds to the question, every one on one line near the question, for that line to hold it


def _held_with_its_words(text: str, stems: set[str], claims: str | None, evidence: Evidence,
                         after: int | None) -> Verdict | None:
    """Supported by a line among the 3 nearest the question that holds every word (three at least) the sentence adds
    to the question's: "The case study states that the wave of tools inspired by DALL·E is meant for artists,
    designers, and content creators" is 0.45 from "It has inspired a new wave of AI-powered tools for artists,
    designers, and content creators, ...", its question's words and a pronoun diluting both; that line goes on from
    the question's nearest (dev-26 h26q50 was told "it doesn't say who"). A list item's label must be the sentence's,
    the question's or the line shown before, as for names."""
    added = stems - evidence.asked - EVERYWHERE - _REPORTING
    if len(added) < HELD_WORDS:
        return None
    near = [i for i, _ in evidence.nearest]
    # ... or goes on from one of them: "It has inspired ..." after the nearest, "Impact: DALL·E has demonstrated ..."
    near += [j for j in range(len(evidence.sentences)) if j not in near and evidence.antecedent(j) in near]
    for i in near:
        n, sentence = evidence.sentences[i]
        if not added <= evidence.line_stems[i] or opposite(claims, evidence.sides[i]) or \
                polarity_flipped(text, sentence):
            continue
        label = _label_stems(sentence)
        if label and not label & (stems | evidence.asked) and after != i:
            continue
        return Verdict(True, n, 0.0, 1.0, "holds every word it adds on a line near the question", index=i)
    return None


def one_term(stems: set[str], evidence: Evidence) -> set[str]:
    """The words a sentence adds to the question when it is the question said back with the term that answers it
    ("The proper name for that check on the ML path is Cross-Validation"), else an empty set."""
    added = stems - evidence.asked - _NAMING
    return added if 0 < len(added) <= PICK_WORDS and len(stems & evidence.asked) >= ECHOED_TERM else set()


def _picked_from_nearest(text: str, term: set[str], claims: str | None, evidence: Evidence) -> Verdict | None:
    """Supported when the passage sentence nearest the question holds the term: "The proper name for that check on
    the ML path is Cross-Validation" (dev-13 h13q22) is 0.34 from "Use techniques like cross-validation to assess
    model performance", every other word the question's. A term from another line is no answer the passages give
    to this question: the second nearest gave "manufacturing" for the industries the conclusion names (dev-9
    h9q20), as "supervised learning" came from afar for models handling several kinds of data (dev-12 h12q29).
    Only a support of last resort: required of every such sentence, it turned 8 of the 1.5B's right dev-8 to
    dev-13 answers wrong (their term on the second line or further) and no wrong one right."""
    if not term or not evidence.nearest:
        return None
    i, similarity = evidence.nearest[0]
    n, sentence = evidence.sentences[i]
    if term <= content_stems(sentence) and not opposite(claims, evidence.sides[i]) and \
            not polarity_flipped(text, sentence) and not _listed_with(term, evidence.question_names, sentence):
        return Verdict(True, n, similarity, 1.0, "names a term of the line nearest the question", index=i)
    return None


def _figure_near(text: str, stems: set[str], claims: str | None, evidence: Evidence) -> Verdict | None:
    """Supported by a line among the 3 nearest the question that holds the figure the sentence adds, said of a word
    the line says of it too, every other word the question's or the line's: "Downtime dropped by up to 50%" is 0.48
    from "Predictive maintenance has helped Siemens reduce downtime by up to 50% and lower maintenance costs by
    30%, ...", the rest of the line diluting it (dev-28 h28q26 was told "it gives no figure"). A word shared only
    through a name ("Siemens revenue grew by up to 50%") binds nothing: the figure must count the same thing."""
    added = numbers(text) - numbers(evidence.question)
    if not added or not evidence.nearest:
        return None
    mine = {f: set(words) for f, words in figure_words(text).items() if f in added}
    named = set().union(*(content_stems(n) for n in names(evidence.question)))
    for i, _ in evidence.nearest:
        n, sentence = evidence.sentences[i]
        if not stems <= evidence.asked | evidence.line_stems[i] or opposite(claims, evidence.sides[i]) or \
                polarity_flipped(text, sentence) or moved_against(text, sentence):
            continue
        theirs = figure_words(sentence)
        if mine and all(f in theirs and (words & set(theirs[f])) - named - EVERYWHERE for f, words in mine.items()):
            return Verdict(True, n, 0.0, 1.0, "says a figure of a line near the question of what the line says it of",
                           index=i)
    return None


def _listed_with(term: set[str], asked: set[str], line: str) -> bool:
    """Whether the term and a name of the question are two items of one list in the line, which says nothing of how
    they are related: "Which carmaker owns the driverless-taxi firm Cruise?" got "Cruise is owned by Tesla" from
    "Autonomous vehicles (e.g., Tesla, Waymo, Cruise)" (dev-24 h24nc14)."""
    for group in re.findall(r"\(([^()]*)\)", line) + [line.split(":", 1)[-1]]:
        items = [content_stems(item) for item in re.split(r",|;|\b(?:and|or)\b", group)]
        if any(term <= item for item in items) and any(
                (own := content_stems(name)) and own <= item and not term <= item for name in asked for item in items):
            return True
    return False


# how much nearer the question another item of the same list must be. Set, not tuned: replaying the 1.5B's dev-8
# to dev-15 answers it changed two items, h15q30 (now right) and h10q30 (its wrong pick gone, still not the answer)
ITEM_MARGIN = 0.05


def _nearer_item(term: set[str], evidence: Evidence) -> int | None:
    """The line of another item of the list whose item the sentence picks, when the question is clearly nearer
    that item's line: "The advanced topic on the ML path that covers flagging odd ones out is Ensemble Methods"
    names the list's first item, "Combining multiple models to improve performance", for a coffee roaster's batch
    "unlike all the others", nearest "**Anomaly Detection:** Identifying rare or unusual data points" (dev-15
    h15q30). Every word of it is the passages' or the question's, so it passed."""
    if not term or evidence.question_vector is None:
        return None
    items = [(i, n, _label_stems(s)) for i, (n, s) in enumerate(evidence.sentences) if _label_stems(s)]
    picked = [(i, n) for i, n, label in items if term <= label]
    if not picked:
        return None
    sims = evidence.vectors @ evidence.question_vector
    own = max(float(sims[i]) for i, _ in picked)
    lists = {n for _, n in picked}
    rivals = [(float(sims[i]), i) for i, n, label in items if n in lists and not term <= label]
    if not rivals:
        return None
    best, i = max(rivals)
    if best < own + ITEM_MARGIN:
        return None
    # ... unless the picked line holds more of the question's own words: "Which gradient boosting framework is
    # designed to run distributed?" (a yacht rigger's, dev-26 h26q32) is nearer XGBoost's "implementation of gradient
    # boosting" by MiniLM, while LightGBM's line, "a gradient boosting framework ... designed for distributed ...
    # gradient boosting", says back four of its words to XGBoost's two
    # A compound's parts count as its words: "which matrix-related topics does the advanced mathematics step name?"
    # holds "matrix", which "Linear Algebra: Matrix operations, ..." says (a dev-47 look-alike got the Optimization
    # line, nearer by MiniLM, in place of the Linear Algebra the model had named)
    words = with_parts(evidence.asked) - EVERYWHERE
    held = max(len(evidence.line_stems[j] & words) for j, _ in picked)
    return None if held > len(evidence.line_stems[i] & words) else i


_ACRONYM_AFTER = re.compile(r"((?:[A-Za-z][\w-]*\s+){2,6})\(([A-Z][A-Za-z0-9]*[A-Z])\)")  # "Automated ... (AutoML)"


def _defines(text: str, evidence: Evidence) -> Verdict | None:
    """Supported, citing its line, when the sentence gives an acronym and the words a passage line writes beside it
    in brackets: "GDPR stands for General Data Protection Regulation" by "... like GDPR (General Data Protection
    Regulation)". MiniLM put the two 0.49 apart, under the bar, though every word is the line's (dev-9 h9q49)."""
    flat = flatten(text)
    for i, (n, sentence) in enumerate(evidence.sentences):
        # in the singular or the plural: "GPU stands for Graphics Processing Unit" by "GPUs (Graphics Processing
        # Units)" (dev-34 h34q12); each acronym of the line the sentence gives, with its own words
        given = [w for a, w in _spelled(sentence, flat) if re.search(rf" {a.lower()}s? ", flat)]
        if given and all(re.search(rf" {re.escape(flatten(w).strip().removesuffix('s'))}s? ", flat) for w in given):
            return Verdict(True, n, 1.0, 1.0, index=i)
    return None


def _spelled(sentence: str, flat: str):
    """(acronym, its words) as a line writes them: "GDPR (General Data Protection Regulation)", or "Automated Machine
    Learning (AutoML)", where the words before the brackets are taken as far back as the claim (`flat`) repeats."""
    yield from ACRONYM_FIRST.findall(sentence)
    for before, acronym in _ACRONYM_AFTER.findall(sentence):
        words = before.split()
        k = next((k for k in range(len(words), 1, -1) if f" {flatten(' '.join(words[-k:])).strip()} " in flat), 0)
        if k:
            yield acronym, " ".join(words[-k:])


# labels that head an item of any kind ("**Solution:** Google Translate uses ..."): they name no thing
_ANY_ITEM = content_stems("problem solution impact example examples algorithm algorithms application applications "
                          "key feature features use case cases tool tools")


def _label_stems(sentence: str) -> set[str]:
    """A list item's label ("Caffe" of "- **Caffe:** A Deep Learning framework ..."); none for a label with nothing
    after it, which heads the items below it: "**Variants:**" is no item, and "the LSTM variant" named it, so the
    right "LSTMs solve the vanishing gradient problem" was dropped as the Variants item given the LSTM line's words
    (dev-27 h27q07)."""
    label = _ITEM_LABEL.match(sentence)
    if not label or not re.search(r"\w", sentence[label.end():]):
        return set()
    return content_stems(label.group(1)) - _ANY_ITEM


def _shared(stems: set[str], evidence: Evidence, indices: list[int]) -> int:
    """The most content words the claim adds to the question that one of these evidence sentences holds. MiniLM
    alone puts "machine learning usually takes minutes to hours" closer to deep learning's "hours to weeks" line
    (0.78) than to its own "minutes to hours" line (0.67, dev q34); the words say which line it repeats, and
    only the added ones: "training", "take", "model" came from the question and tied the two lines."""
    return max((len(stems & content_stems(evidence.sentences[i][1])) for i in indices), default=0)


def cite(sentence: str, n: int | None) -> str:
    """The sentence without the model's citations, with the computed one before its final punctuation."""
    text = strip_citations(sentence)
    if n is None:
        return text
    m = re.search(r"[.!?:;]+[\"'”’)]*$", text)
    return f"{text[:m.start()]} [{n}]{text[m.start():]}" if m else f"{text} [{n}]"


_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|approx|cf|Dr|Mr|Ms|Fig|No)\.|\b[A-Z]\.)$")
# not a "?" inside a heading path ("What is Deep Learning? > How Deep Learning Works")
_END = re.compile(r"[.!?](?:\s*\[\d{1,2}\])*[\"'”’)]*(?=\s)(?!\s*>)|\n")
_LIST_NUMBER = re.compile(r"\s*\d{1,2}\.")  # "1." opening a numbered list item is not a sentence end
_LIST_OPENS = re.compile(r":\s*\d{1,2}\.$")  # nor "you need to: 1." (the probe set showed "...need to [1]: 1.")
_CLAUSE = re.compile(r"[;,:](?=\s)")
_ASIDE = re.compile(r"\s*\([^()]{1,80}\)")  # "(You Only Look Once)", "(introduced in 2015)"
ECHOED_WORDS = 3  # the question's content words a sentence must open on before what follows them is judged alone
MIN_CLAUSE = 40  # characters: a shorter clause ("such as images,") cannot be checked on its own


class Units:
    """Cuts streamed text into the units that are verified: sentences (and list lines), or clauses."""

    def __init__(self, unit: str = "sentence") -> None:
        self.unit = unit
        self.buffer = ""

    def feed(self, piece: str) -> list[str]:
        self.buffer += piece
        out = []
        while True:
            cut = self._cut()
            if cut is None:
                return out
            unit, self.buffer = self.buffer[:cut], self.buffer[cut:]
            if unit.strip():
                out.append(unit)

    def flush(self) -> list[str]:
        unit, self.buffer = self.buffer, ""
        return [unit] if unit.strip() else []

    def _cut(self) -> int | None:
        for m in _END.finditer(self.buffer):
            if m.group(0) != "\n" and (_ABBREV.search(self.buffer[:m.start() + 1])
                                       or _LIST_NUMBER.fullmatch(self.buffer[:m.start() + 1])
                                       or _LIST_OPENS.search(self.buffer[:m.start() + 1])):
                continue
            return m.end()
        if self.unit == "clause":
            for m in _CLAUSE.finditer(self.buffer):
                if m.start() >= MIN_CLAUSE and len(self.buffer) - m.end() > 1:
                    return m.end()
        return None


OTHER_TOPIC = "gives its passage's things for the topic another passage is headed by"
_REFERS_BACK = re.compile(r"\b(?:it|its|they|them|their|these|those|this one|that one)\b", re.I)
# a sentence opening on what the one before it said: "This helped ...", "That is why ...", "Such models ..."
_OPENS_ON_THIS = re.compile(r"\W*(?:this|that|these|those|such)\b", re.I)
_NAMES_IT = re.compile(r"\b(?:is|are) (?:called|known as|referred to as|termed|named)\b", re.I)


def stream_verdicts(verifier: "Verifier", pieces, evidence: Evidence, unit: str, timings=None, cut_short=None):
    """(unit as generated, verdict) for each unit of a streamed answer, as soon as the unit is complete."""
    units = Units(unit)

    after: int | None = None  # the evidence sentence behind the last unit shown
    wrong_pick = False  # the last unit named another thing than the one asked, and was dropped for it
    dropped = False  # the last unit was dropped
    seen: set[str] = set()  # the units judged so far, as words

    def judged(batch):
        nonlocal after, wrong_pick, dropped
        for raw in batch:
            if not strip_citations(raw):  # a stray "[2]." between units
                continue
            t0 = time.perf_counter()
            words = " ".join(WORD.findall(strip_citations(raw).lower()))
            if words in seen and len(content_stems(words)) >= 3 and not raw.rstrip().endswith(":"):
                # a unit the model wrote before, word for word: the 0.5B looping on one list item repeated it ten
                # times (dev-36 h36q23), and each check cost an embedding (137 ms for the answer, over the 100 ms
                # budget). Said once is enough; a bare label ("Machine Learning:") may head a second list
                if timings is not None:
                    timings.verify_ms += (time.perf_counter() - t0) * 1000
                yield raw, Verdict(False, None, 0.0, 0.0, "repeats a sentence already judged")
                continue
            seen.add(words)
            verdict = verifier.check(raw, evidence, after)
            goes_on = verdict.ok and wrong_pick and _REFERS_BACK.search(strip_citations(raw)) is not None
            if goes_on:
                # "This kind of rule-finding is called clustering" dropped for the association line, then "The
                # methods that go with it include k-Means, Hierarchical Clustering, DBSCAN": its "it" is the wrong
                # pick, and shown alone it gave clustering's algorithms as association's (dev-23 h23q23)
                verdict = Verdict(False, None, verdict.similarity, verdict.overlap,
                                  "goes on from a wrong pick that was dropped")
            elif verdict.ok and dropped and _OPENS_ON_THIS.match(strip_citations(raw)) and \
                    not _NAMES_IT.search(strip_citations(raw)):
                # "This" after a dropped sentence is what was dropped: "Self-attention from the transformer allowed
                # AlphaGo to weigh ..." was dropped, and "This helped AlphaGo improve its strategy over time and win
                # against Lee Sedol" was shown as the answer to how self-attention helped AlphaGo (dev-30 h30nc20).
                # Not a sentence that only gives the thing its name, checked as any name is: "This is known as edge
                # deployment" (dev-29 h29q34), "This type of neural network is called an autoencoder" (h29q25)
                verdict = Verdict(False, None, verdict.similarity, verdict.overlap,
                                  "opens on what a dropped sentence said")
            dropped = not verdict.ok
            # ... so is one given another topic's line: "Transformers are used for creating music or art" dropped,
            # "They are also used in autonomous systems" is the same project list said of them again (dev-32 h32q08)
            wrong_pick = not verdict.ok and (verdict.instead is not None or goes_on or verdict.reason == OTHER_TOPIC)
            after = verdict.index if verdict.ok else None
            if timings is not None:
                timings.verify_ms += (time.perf_counter() - t0) * 1000
            yield raw, verdict

    for piece in pieces:
        yield from judged(units.feed(piece))
    rest = units.flush()
    if rest and cut_short is not None and cut_short():  # stopped by the token limit mid-sentence: never shown
        yield rest[0], Verdict(False, None, 0.0, 0.0, "cut off by the token limit")
        return
    yield from judged(rest)



def unechoed(text: str, asked: set[str]) -> str:
    """The sentence without its leading clauses that only restate the question ("To get a neural net small
    enough to run on a phone, | you can use quantization, pruning and distillation": dev q45, similarity 0.50
    whole, the added clause alone well above), or "" when nothing leads with an echo."""
    parts = _CLAUSE.split(text)
    k = 0
    while k < len(parts) - 1 and content_stems(parts[k]) and content_stems(parts[k]) <= asked:
        k += 1
    rest = ",".join(parts[k:]).strip()
    if k and content_stems(rest):
        return rest
    # or its leading words that only restate it, within a clause: "Software can sort the horses into look-alike
    # bunches | using clustering, which is a type of unsupervised learning" (dev-12 h12q22, 0.41 whole)
    words = re.findall(r"\S+\s*", text)
    j = 0
    while j < len(words) and content_stems(words[j]) <= asked:
        j += 1
    rest = "".join(words[j:]).strip()
    # what follows must add words of its own: "... neural-network specialists | for" adds none, "mentions" one
    return rest if len(content_stems("".join(words[:j]))) >= ECHOED_WORDS and \
        len(content_stems(rest) - asked) >= 2 else ""


def stems_of(pieces: list[str]) -> set[str]:
    return set().union(*(content_stems(p) for p in pieces)) if pieces else set()


def adds_little(said: set[str], evidence: Evidence, most: int = 1) -> bool:
    """Whether the shown sentences add at most `most` of the passages' words to the question's. "Clustering
    algorithms can split your customers into groups when you don't have any labels" (dev q06) is supported yet
    tells the learner nothing they did not ask; "LSTMs were designed to solve the vanishing gradient problem"
    adds two ("vanishing", "gradient") and is an answer. `said`: the shown sentences' `stems_of`."""
    known = set().union(*evidence.stems.values()) if evidence.stems else set()
    return len((said - evidence.asked) & known) <= most


# the weight, beside MiniLM's cosine, of the share of the question's words a sentence holds, each word weighed by its
# rarity: "a whole wave of similar creative tools" is said by "It has inspired a new wave of AI-powered tools ..."
# (0.39, fifth by cosine alone; dev-27 h27q48). Over the quotable sentences of dev-20..27 whose right one is among
# the eight nearest (335 questions), the first is right for 170 by cosine alone, 181 at 0.2, 187 at 0.5; on
# dev-5..19, not used to choose it, 380 -> 386 of 655 at 0.5
QUOTE_WORDS_WEIGHT = 0.5


def _words_held(evidence: Evidence) -> np.ndarray:
    """Per evidence sentence, the share of the question's words it holds, each weighed by its rarity."""
    if evidence.rarity is None or not evidence.sentences:
        return np.zeros(len(evidence.sentences), dtype=np.float32)
    weight = {w: evidence.rarity(w) for w in evidence.asked - EVERYWHERE}
    total = sum(weight.values()) or 1.0
    return np.array([sum(weight[w] for w in weight.keys() & evidence.line_stems[i]) / total
                     for i in range(len(evidence.sentences))], dtype=np.float32)


def _quotable(evidence: Evidence, question_vector: np.ndarray, said: set[str] | None,
              within: set[int] | None) -> tuple[list[int], np.ndarray]:
    """The evidence sentences worth quoting, nearest the question first, and every sentence's similarity."""
    sims = evidence.vectors @ question_vector
    named = set(evidence.named)  # a sentence naming the rare name asked about comes first (dev-8 h8q48: CLIP)
    order = sorted((int(i) for i in np.argsort(-(sims + QUOTE_WORDS_WEIGHT * _words_held(evidence)))),
                   key=lambda i: i not in named)
    whole = [i for i in order if not evidence.sentences[i][1].endswith("...")
             and not (said and content_stems(evidence.sentences[i][1]) <= said)
             # after an answer, a bare list item adds nothing: "Reinforcement Learning covers this [3]. The
             # document says: “Q-Learning.”" (dev-8 h8q24)
             and not (said is not None and len(content_stems(evidence.sentences[i][1])) < MIN_QUOTE_WORDS)
             # nor a lead-in quoted without what it leads into: “the following learning order is recommended:”
             # (dev-9 h9q19); nor as the whole answer: “The process involves:” [3] (dev-18 off-topic, Pascal)
             and not evidence.sentences[i][1].rstrip().endswith(":")
             and (not within or evidence.sentences[i][0] in within)]
    return whole, sims


def extractive_text(evidence: Evidence, question_vector: np.ndarray, n: int = 2,
                    said: set[str] | None = None, within: set[int] | None = None, floor: float = 0.0,
                    first: int | None = None) -> str:
    """The passages' own best sentences, quoted with their citation: the answer when nothing generated held up,
    or after an answer that adds little (then without the sentences whose words it already `said`, and only
    from the passages it cited, `within`: "use a CNN for pictures [2]" followed by passage 1's feedforward
    sentence misled, dev q15). "" when `within` holds no whole sentence to quote, or the best is less close to the
    question than `floor`. `first`: a sentence to quote first whatever its closeness (`termed_line`), then the
    others that bear on the question."""
    whole, sims = _quotable(evidence, question_vector, said, within)
    if within and not whole:
        return ""
    picked = (whole or [int(np.argmax(sims))])[:n]  # a sentence cut to fit the budget is a poor quote
    if first is not None:  # then the lines the answer would have quoted without it, each bearing on the question
        return quote_text(evidence, [first] + [i for i in picked if i != first and sims[i] >= QUOTE_SIMILARITY])
    if sims[picked[0]] < floor:
        return ""
    # a second quote only when it bears on the question: a book title (0.2) after the answer is noise (dev q45)
    return quote_text(evidence, picked[:1] + [i for i in picked[1:] if sims[i] >= QUOTE_SIMILARITY])


def following_quote(evidence: Evidence, question_vector: np.ndarray, said: set[str], within: set[int] | None) -> str:
    """The quote after an answer that adds little: the best line of the passages it cited (`within`), when one is near
    the question; else the line nearest the question of any passage, at the bar of a key line. "Autoencoders can
    blow up old, tiny photos of my jumps into bigger, crisper pictures [3]" rested on the name and the question's
    words, its passage's lines 0.29 from the question and less; "Super-resolution (e.g., enhancing low-resolution
    images)", under GANs, is 0.44 from it and the answer (dev-34 h34q29)."""
    text = extractive_text(evidence, question_vector, n=1, said=said, within=within,
                           floor=QUOTE_SIMILARITY if within else 0.0)
    if not text and within:
        text = extractive_text(evidence, question_vector, n=1, said=said, floor=KEY_LINE_SIMILARITY)
    return text


def termed_line(evidence: Evidence, entries: list[str]) -> int | None:
    """The one passage sentence holding every word of a phrase the learner's everyday words stand for
    (`Retriever.textbook_entries`): "Why would a video game studio hire deep learning specialists?" reads "Gaming
    non-player characters NPCs", and the line "Gaming: AI for non-player characters (NPCs), procedural content
    generation." answers, though its meaning is 0.34 from the question's, under QUOTE_SIMILARITY (dev-33 h33q09 was
    told the document does not cover it when the model answered from its own knowledge). Only a phrase of two words
    or more, only in the first passage (retrieved first, and whole), and only one sentence: in passages 2 and 3 the
    no-model scan of the dev sets found a few such lines for off-topic and not-covered questions ("jet lag after
    flying east" read "real-time fast inference" and met the Low-Latency line), in the first none."""
    holding = {i for terms in entries if len(wanted := content_stems(terms)) >= 2
               for i, stems in enumerate(evidence.line_stems) if evidence.sentences[i][0] == 1 and wanted <= stems}
    return holding.pop() if len(holding) == 1 else None


def dropped_words(dropped: list[str]) -> set[str]:
    """The content words of the dropped units that claim something; a claim that the document is silent claims
    nothing of the model's own."""
    return content_stems(" ".join(d for d in dropped if not is_silence(d)))


def _nearest_on_the_side_asked(evidence: Evidence, question_vector: np.ndarray):
    """(index, similarity) of the evidence sentences, nearest the question first, without those of the other side
    than the question asks of, said loosely too: "... at the harder maths stage on the deep side?" is not answered by
    the classic path's "Calculus: Derivatives, partial derivatives, gradients, and optimization techniques" (dev-22
    h22q09, whose dropped answer named both lines' items)."""
    sims = evidence.vectors @ question_vector
    side = loose_side(evidence.question)
    for i in (int(i) for i in np.argsort(-sims)):
        if not opposite(side, evidence.sides[i]):
            yield i, float(sims[i])


def listed_line(dropped: list[str], evidence: Evidence, question_vector: np.ndarray) -> int | None:
    """The passage sentence that lists what a dropped answer named, when the model took its items from the
    passages and explained each from its own knowledge: "Beyond partial derivatives, what extra calculus comes
    in?" got "- **Chain Rule:** Used to compute gradients of composite functions." and the like, all dropped, while
    "Calculus: Partial derivatives, chain rule, automatic differentiation." answers (dev-18 h18q14 was told the
    document does not cover it). The sentence must bear on the question, add at least LISTED_WORDS words to it,
    and the answer must say nearly all of them."""
    said = dropped_words(dropped)
    for i, similarity in _nearest_on_the_side_asked(evidence, question_vector):
        if similarity < QUOTE_SIMILARITY:
            return None
        sentence = evidence.sentences[i][1]
        new = evidence.line_stems[i] - evidence.asked
        if not sentence.rstrip().endswith((":", "...")) and len(new) >= LISTED_WORDS and \
                len(new & said) >= LISTED_SHARE * len(new):
            return i
    return None


# a title or phrase the model put in quotes: "Attention Is All You Need"
_QUOTED = re.compile(r"[\"“]([^\"“”]{8,80})[\"”]")


def quoted_line(dropped: list[str], evidence: Evidence, loose: bool = False) -> int | None:
    """The passage line holding, word for word, a phrase of two words or more that a dropped sentence put in quotes:
    the model took the answer from that line and added what no passage holds ("The paper "Attention Is All You Need"
    by Vasu Vaswani, Ashish Vaswani, and Prakash Goyal launched Transformers" to "which 2017 paper launched
    Transformers; what was its title?": a dev-40 look-alike was told the document does not cover it). Not a phrase
    the question gives itself. `loose`: else the one line holding every word of the phrase, apart: a name made of
    the line's words ("is termed "pixel classification"" for "Image segmentation (e.g., pixel-level classification
    ...)", dev-44 h44q32) was read from it, and the line's own name is the answer."""
    for text in dropped:
        for m in _QUOTED.finditer(text):
            phrase = flatten(m.group(1)).strip()
            if len(phrase.split()) < 2 or content_stems(phrase) <= evidence.asked:
                continue  # a title the question gives is no answer: "Which journal printed "Attention Is ..."?"
            found = next((i for i, (_, line) in enumerate(evidence.sentences) if f" {phrase} " in f" {flatten(line)} "),
                         None)
            if found is None and loose:
                holding = [i for i, (_, line) in enumerate(evidence.sentences) if said_nearly(phrase, flatten(line))]
                found = holding[0] if len(holding) == 1 else None
            if found is not None:
                return found
    return None


def aimed_line(dropped: list[str], evidence: Evidence, question_vector: np.ndarray) -> int | None:
    """The passage sentence nearest the question, when a dropped answer from the model's own knowledge said
    AIMED_WORDS or more of the words it adds to the question: the model aimed at that line and put it in its own
    words. "What should a team do to catch unfair treatment baked into its model, per the ethics list?" got "A team
    should conduct thorough audits of AI models to identify and mitigate biases", dropped, beside "It is important
    to audit models for bias and ensure fairness in their predictions" (0.48 from the question; the 0.5B on dev-34
    h34q16 was told the document does not cover it). At KEY_LINE_SIMILARITY, the bar of a line quoted after an
    answer, not a quote's lower one."""
    said = dropped_words(dropped)
    for i, similarity in _nearest_on_the_side_asked(evidence, question_vector):
        sentence = evidence.sentences[i][1]
        if similarity < KEY_LINE_SIMILARITY or sentence.rstrip().endswith((":", "...")):
            return None
        # the learner's own words, not the textbook's they stand for: "unfair treatment" reads "bias" too
        return i if len((evidence.line_stems[i] - content_stems(evidence.question) - EVERYWHERE) & said) >= \
            AIMED_WORDS else None
    return None


def label_named_line(claims: list[str], evidence: Evidence) -> int | None:
    """The one passage line whose bold label (two words or more: "**Linear Algebra:**") the claims name, shown or
    dropped: the model picked that line's item and said its label alone. "For Deep Learning, the advanced
    mathematics step name is "Linear Algebra"" rested on the list's lead-in, and the line answers "which
    matrix-related topics does the advanced mathematics step name?" (a dev-47 look-alike: "Linear Algebra: Matrix
    operations, tensor operations, singular value decomposition (SVD)")."""
    said = f" {flatten(' '.join(claims))} "
    found = {i for i, (_, line) in enumerate(evidence.sentences)
             if (label := _ITEM_LABEL.match(line)) and len(flatten(label.group(1)).split()) >= 2
             and f" {flatten(label.group(1)).strip()} " in said}
    return found.pop() if len(found) == 1 else None


def leaned_line(verdicts: list[Verdict]) -> int | None:
    """The one passage sentence every dropped claim rested nearest, when one of them held LEANED_OVERLAP of its
    words there and was KEY_LINE_SIMILARITY close to it: the model put that line in its own words and added to
    them. "Should I feed my patient notes, riddled with gaps and strange readings, to a model?" got "feeding
    patients with riddled with gaps ... can lead to inaccurate or unreliable results", dropped beside "Poor data
    quality (e.g., missing values, outliers, biases) can lead to inaccurate or unreliable models" (dev-44 h44q35
    was told the document does not cover it). Not when a claim was dropped for a name, a figure or a premise."""
    lines = {v.index for v in verdicts}
    if len(lines) != 1 or None in lines or not all(v.reason.startswith("unsupported") for v in verdicts):
        return None
    return lines.pop() if any(v.overlap >= LEANED_OVERLAP and v.similarity >= KEY_LINE_SIMILARITY
                              for v in verdicts) else None


def key_line(evidence: Evidence, question_vector: np.ndarray, said: set[str]) -> str:
    """The document's sentence nearest the question, quoted after a supported answer that leaves most of its
    words unsaid ("" when the answer said them, or no sentence is near enough). The model often answers with
    a true line of the passages that is not the one asked about. Replaying the model's answers to dev..dev-9
    (408 questions, 60 of them answered yet wrong), the quote made 16 right and none wrong (314 -> 330); the
    bars 0.4 / 0.3 quote after 184 answers, 0.45 gained 12, 0.5 gained 9; dev-10, not used to set them: 32 -> 34
    of 50."""
    whole, sims = _quotable(evidence, question_vector, said | evidence.asked, None)
    nearest = whole[:1] if whole and sims[whole[0]] >= KEY_LINE_SIMILARITY else []
    # else the line going on from one the answer said, at the lower bar of a quote: "Deep Learning models require
    # large amounts of labeled data to train effectively" said, "Collecting and labeling such data can be
    # expensive and time-consuming" (0.35) was what the sawmill asked (dev-18 h18q32)
    for i in nearest + [i for i in whole if sims[i] >= QUOTE_SIMILARITY and _goes_on_from_said(evidence, i, said)]:
        words = content_stems(evidence.sentences[i][1]) - evidence.asked
        if len(words - said) > KEY_LINE_NEW * len(words):
            return quote_text(evidence, _with_what_it_points_back_to(evidence, i, said) if i in nearest else [i])
    return ""


# "such misuse", "these models"; not "such as", nor "these" standing alone ("be aware of these as you ...")
_SPEAKS_OF_SUCH = re.compile(r"\b(?:such|these|those)\s+(?!(?:as|are|were|is|was|can|could|will|would|may|might|"
                             r"and|or|of|in|on|at|to|for|with|that|which|by|from)\b)[a-z]\w*", re.I)


def _with_what_it_points_back_to(evidence: Evidence, i: int, said: set[str]) -> list[int]:
    """Sentence i, after the one before it in its passage when i speaks of "such misuse" and that one says what it
    was and more than the answer did: "Ethical guidelines and regulations are needed to prevent such misuse." alone
    left the list of misuses it follows unsaid (dev-45 h45q32: "deepfake generation" said, "autonomous weapons, or
    surveillance" never quoted)."""
    sentence = evidence.sentences[i][1]
    back = _SPEAKS_OF_SUCH.search(sentence)
    # within one unit, "such misuse" may point back to the unit's own first sentence: a list item quoted whole
    if not i or evidence.sentences[i - 1][0] != evidence.sentences[i][0] or not back or \
            re.search(r"[.!?]\s", sentence[:back.start()]):
        return [i]
    before = content_stems(evidence.sentences[i - 1][1]) - evidence.asked
    return [i - 1, i] if len(before - said) > KEY_LINE_NEW * len(before) else [i]


def _goes_on_from_said(evidence: Evidence, i: int, said: set[str]) -> bool:
    """Whether sentence i goes on from the sentence before it in its passage ("such data", "these models"), and
    the answer said most (SAID_SHARE) of that one's words."""
    if not i or evidence.sentences[i - 1][0] != evidence.sentences[i][0]:
        return False
    sentence = evidence.sentences[i][1]
    if not (GOES_ON.match(sentence) or re.search(r"\b(?:such|these|those|this|that)\s+\w+", sentence, re.I)):
        return False
    before = content_stems(evidence.sentences[i - 1][1])
    return bool(before) and len(before & (said | evidence.asked)) >= SAID_SHARE * len(before)


# "how do I fight it?", "how should it be handled?": the learner asks what to do about it
_ASKS_REMEDY = re.compile(r"\bhow\b.{0,40}?\b(?:fight|handl|avoid|prevent|stop|fix|tackl|address|deal with|mitigat|"
                          r"counter|reduc|cure|guard against|get around|overcom|solv|beat|curb|limit)", re.I)
# ... and the rest of a line's item that says it: "Techniques like regularization ... can help mitigate this.", "It is
# important to audit models for bias and ensure fairness in their predictions."
_REMEDY = re.compile(r"\b(?:mitigate|help|helps|address|addressing|requires?|important to|ensure|prevent|avoid|"
                     r"reduce|solutions?)\b", re.I)


def _remedy_asked(evidence: Evidence, sentence: str) -> bool:
    """Whether the sentence after a quoted one on its list item says what to do about it, and the learner asked that:
    "... scores perfectly on those clips but falls apart on new ones. Is there a term for this, and how do I fight it
    according to the text?" got the overfitting line quoted without "Techniques like regularization, cross-validation,
    and early stopping can help mitigate this." (dev-39 h39q28; the bias line without its audit, h39q34). Only where
    the passage holds it: passages 2 and 3 are cut to `context_chars`, and both of those still lack it."""
    return not sentence.lstrip().startswith(("-", "*")) and _REMEDY.search(sentence) is not None and \
        _ASKS_REMEDY.search(asking(evidence.question)) is not None


def _goes_on(sentence: str) -> bool:
    """Whether a sentence goes on from the one before it on its line: it opens so ("Examples include ...", "This
    ..."), or speaks of "such data" (not "such as"): "Collecting and labeling such data can be expensive and
    time-consuming" is what "Data Requirements: Deep Learning models require large amounts of labeled data" leads
    to (dev-19 h19q34 got the first quoted alone)."""
    return bool(GOES_ON.match(sentence)) or _SUB_ITEM.match(sentence) is not None or (
        not sentence.lstrip().startswith(("-", "*")) and re.search(r"\bsuch (?!as\b)[a-z]+", sentence, re.I) is not None)


# an item's own algorithms under it: "- **Association:** Discovering rules ..." goes on "- **Algorithms:** Apriori,
# FP-Growth." (dev-23 h23q23 got the association line quoted without its methods)
_BULLET = re.compile(r"^\s*[-*]\s+")
_SUB_ITEM = re.compile(r"^\s*[-*]\s+\*\*(?:Algorithms?|Examples?)\s*:?\*\*:?\s*\w")


def quote_text(evidence: Evidence, indices: list[int]) -> str:
    """Evidence sentences quoted with their citations, as the document's own words; a sentence that goes on
    from a quoted one ("Examples include DALL·E, CLIP and Whisper." after "Multimodal AI: Models that...") is
    quoted with it, and so is the sentence a quoted one's opening pronoun goes back to."""
    parts: list[str] = []
    headings: set[str] = set()
    quoted: set[int] = set()
    for i in indices:
        n, _ = evidence.sentences[i]
        text = evidence.quote(i)
        before = evidence.antecedent(i)
        if before is not None and before not in indices and before not in quoted and \
                not evidence.sentences[before][1].endswith("..."):
            # a sentence opening on a pronoun says what it is about in the one before it: "It is important to
            # consider the societal impact of AI ..." is the job displacement item's (dev-23 h23q24 was quoted it alone)
            text = f"{evidence.quote(before)} {text}"
            quoted.add(before)
        quoted.add(i)
        nxt = i + 1
        if nxt < len(evidence.sentences) and nxt not in indices and nxt not in quoted and \
                evidence.sentences[nxt][0] == n and (_goes_on(evidence.sentences[nxt][1]) or
                                                     _remedy_asked(evidence, evidence.sentences[nxt][1])) and \
                not evidence.sentences[nxt][1].endswith("..."):
            text = f"{text} {_BULLET.sub('', evidence.sentences[nxt][1].replace('**', '')).strip()}"
            quoted.add(nxt)
        heading = evidence.heading(n)
        # the heading names what the sentence is about: "An agent learns to make decisions by interacting with an
        # environment" answers "how does a robot learn by trial and error?" under "Reinforcement Learning", a
        # name the sentence itself never says (dev-2 d2q08). Once per heading; a side the quote's label already
        # gives is not said twice, but one only the heading gives is: "Image classification (e.g., identifying
        # objects in photos ...)" under "Example Use Cases for Deep Learning" said nothing of deep learning (dev-8
        # h8q45, a container port's photos)
        side = side_of_section(heading)
        if heading and heading not in headings and not content_stems(heading) <= content_stems(text) and \
                (side is None or not text.lower().startswith(side)):
            parts.append(f"{heading} — “{text}” [{n}]")
        else:
            parts.append(f"“{text}” [{n}]")
        headings.add(heading)
    return "The document says: " + " ".join(parts)


def not_covered_text(coverage, evidence: Evidence) -> str:
    """ "The document doesn't cover that", what exactly it lacks, and what it does say nearby, cited."""
    if coverage.missing:  # never the learner's own words back: a "name" may be an attacker's code word
        lack = "it never mentions the name" + ("s" if len(coverage.missing) > 1 else "") + " you asked about"
    elif coverage.apart:  # both are the document's names: it speaks of each, never of one with the other
        lack = "it never speaks of those two things together"
    elif "person" in coverage.wants:
        lack = "it doesn't say who"
    elif "date" in coverage.wants:
        lack = "it gives no date for that"
    elif "number" in coverage.wants:
        lack = "it gives no figure for that"
    elif "default" in coverage.wants:  # a setting's value, not a figure ("which kernel does SVC use by default?")
        lack = "it gives no default setting for that"
    elif "code" in coverage.wants:
        lack = "it gives no code for that"
    elif "link" in coverage.wants:
        lack = "it gives no web address for that"
    elif "resource" in coverage.wants:  # "the diagram the guide draws": it gives none, of any kind
        lack = "it points to no such resource"
    else:
        lack = "none of its passages answers this"
    near = nearby_text(coverage, evidence)
    return f"The document doesn't cover that: {lack}, so I won't guess." + (f" {near}" if near else "")


def premise_text(evidence: Evidence, i: int) -> str:
    """What the tutor says when the question takes for granted what a passage denies: that line, quoted and cited."""
    n, sentence = evidence.sentences[i]
    lines = [i - 1, i] if i and evidence.sentences[i - 1][0] == n and GOES_ON.match(sentence) else [i]
    said = " ".join(evidence.quote(j) for j in lines)  # "This reduces the need ..." with the line it goes on from
    heading = evidence.heading(n)
    side = evidence.sides[i]
    if side and sets_against(evidence.question) and side not in f"{said} {heading}".lower():
        # a line of one study path or one side's list, "Probability and Statistics: Probability distributions,
        # Bayesian networks, Markov chains", answers "the traditional steps open with Bayesian networks" only when
        # the learner is told whose line it is (dev-21 h21nc16)
        return f"The document doesn't say that; it says otherwise of {side}, under {heading}: “{said}” [{n}]"
    if heading and not re.match(r"\W*\*\*", evidence.sentences[lines[0]][1]) and not content_stems(heading) - EVERYWHERE <= content_stems(said):
        # a line with no label of its own, "The Generator creates synthetic data ..., while the Discriminator
        # evaluates ...", says nothing of what it is about: under "Generative Adversarial Networks (GANs)" it answers
        # "DALL·E's discriminator"
        return f"The document doesn't say that; it says otherwise, under {heading}: “{said}” [{n}]"
    return f"The document doesn't say that; it says otherwise: “{said}” [{n}]"


# a question asking whether, after a lead-in at most: "Hardware-wise, is a plain office PC enough to train them?"
_ASKS_WHETHER = re.compile(r"^(?:[^,?]{1,40},\s*)?(?:is|are|was|were|can|could|does|do|did|will|would|should|has|have"
                           r"|must)(?:n[’']t)?\b", re.I)


def answers_whether(question: str, text: str) -> bool:
    """Whether a sentence answers a question asking whether the other way round from how it is put: one of the two
    denies, the other not ("is a plain office PC enough...?", "A plain office PC is not enough ..."). When a line
    says otherwise of that answer, the line is the answer to the question, not a denial of its premise (dev-40
    h40q39 was told "the document doesn't say that" above "ML models can be trained on standard CPUs")."""
    ask = asking(question).strip()
    return _ASKS_WHETHER.match(ask) is not None and bool(NEGATION.search(ask)) != bool(NEGATION.search(text))


def restates(text: str, evidence: Evidence) -> bool:
    """Whether a sentence holds most of the question's words: the model took the question's premise as a fact."""
    asked = evidence.asked - EVERYWHERE
    return bool(asked) and 2 * len(content_stems(text) & asked) >= len(asked)


def echoes(text: str, evidence: Evidence) -> bool:
    """Whether a sentence says nothing but the question's own words."""
    return content_stems(strip_citations(text)) <= evidence.asked


def nearby_text(coverage, evidence: Evidence) -> str:
    """What the document does say closest to an uncovered question, quoted and cited."""
    near = " ".join(f"“{evidence.quote(i)}” [{evidence.sentences[i][0]}]" for i in coverage.nearby)
    return f"What it does say nearby: {near}" if near else ""


# a question asking what a thing is called: "What trend does the post describe for cutting that?"
_ASKS_NAME = re.compile(r"\b(?:what|which) (?:[\w-]+ ){0,2}?(?:trend|technique|tool|approach|method|concept|term|"
                        r"idea|practice|field|process|name)s?\b|\b(?:called|known as)\b", re.I)


def unsaid_label(evidence: Evidence, rested: list[int], said: set[str], question: str) -> str:
    """The labelled line a shown sentence rests on, quoted, when the question asks what a thing is called and the
    answer told its line without its label: "The post describes a trend for developing energy-efficient Machine
    Learning models" never named "Green AI" (dev-31 h31q49)."""
    if not _ASKS_NAME.search(asking(question)):
        return ""
    for i in dict.fromkeys(rested):
        label = LABEL.match(evidence.sentences[i][1])
        # a list's own part ("Algorithms:", "Impact:") names no thing: "What is the label-free technique called
        # that cuts down how many of those columns I keep?" got the unsupervised algorithms' line (dev-26 h26q22)
        if label and not content_stems(label.group(1)) <= said | evidence.asked | PART_LABELS:
            return quote_text(evidence, [i])
    return ""
