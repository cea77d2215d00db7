"""Decide whether a question is one the document can answer, before any generation.

Two signals, calibrated on eval/questions.yaml (see `python -m eval answers`):
- the best cosine similarity between the question and any passage or sentence of the knowledge base;
- the best similarity to a list of subjects the tutor does not teach (tutor/data/offtopic.yaml), which
  catches near-domain questions that share a word with the document ("a GPU for gaming"), except a question
  on how a machine knows, learns or decides ("How does Spotify know what I like?": music, by its words) or on what
  the document says ("Which examples does the guide give?").
Prompt-injection phrasing is refused outright: the tutor takes instructions from nobody but its prompt.
The detector reads the text the way the model would: after Unicode normalisation, without invisible
characters, with look-alike letters and leetspeak mapped back, and with base64, ROT13 and reversed text
decoded (measured with `python -m eval security`; no eval question is flagged, see tests/test_security.py).
The patterns describe kinds of attack, never the wording of particular probes: clauses written for single dev
probes ("DAN", a grandmother, "note to the language model") were taken out, so the held-out figures measure
the tutor rather than a list of known prompts.
"""
from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import yaml

from tutor.embeddings import Embedder
from tutor.words import DOCUMENT, asking

SUBJECTS_FILE = Path(__file__).parent / "data" / "offtopic.yaml"
ATTACKS_FILE = Path(__file__).parent / "data" / "attacks.yaml"
# whom a planted order addresses: an AI reader in any of its names, and "assistant" in the languages a planted
# note is most often written in (a document is read by people; only a model is told what to output)
_WHO = (r"(ai( system| reader)?|a\.i\.|assistant|chatbot|language model|llm|tutor|bot|reading assistant"
        r"|model reading this|assistent(e|en|in)?|asistente|ассистент[а-я]*|ki|ia)s?")
_REPLY = r"(answer|reply|response|output)s?"
_INJECTION = re.compile("|".join([
    r"\b(ignore|disregard|forget|override|bypass|(set|put|cast|push) aside|abandon|discard)\b.{0,40}"
    r"\b(instructions?|rules|prompts?|document|guidelines|guidance|directions|directives?|guardrails)\b",
    r"\bsystem\s*(override|prompts?|message)\b|\bnew instructions\b|\bdeveloper mode\b|\bjailbr[eo]ak",
    # asking for the prompt: "print your system prompt", "repeat the text above", "what were you told"
    r"\b(print|show|reveal|repeat|recite|output|display|leak|dump|quote|translate|summari[sz]e)\b.{0,30}"
    r"\b(your|the)\s+(system|initial|original|hidden|secret|developer|first|previous|prior)?\s*"
    r"(prompts?|instructions?|rules|guidelines)\b",
    r"\b(repeat|print|summari[sz]e|quote|recite|output)\b.{0,30}\b(text|everything|words|messages?|lines) above\b",
    r"\b(print|show|reveal|repeat|output|display|leak|dump|give me)\b.{0,30}\byour\b.{0,30}"
    r"\b(prompts?|instructions|rules|guidelines|configuration|config)\b",
    r"\bwhat (were|was|are|have) you (been )?(told|instructed|programmed)\b|\byour (own )?instructions\b",
    # another persona: "you are now ...", "pretend you are", "let's play a game", "maintenance mode"
    r"\byou are now\b|\bfrom now on,? you\b|\bfrom (this|that|here) (point|moment)( on| onwards?| forward)?,? you\b"
    r"|\b(henceforth|hereafter),? you\b|\byou are (now )?(called |named )?[a-z]*bot\b",
    # a persona for the tutor itself, not a learner's framing ("imagine you are a beginner", "can a network
    # act as a feature extractor?" are questions): an AI/terminal/rule-free persona, or "you ... act as"
    r"\b(pretend|imagine)\b.{0,20}\b(you are|you're|to be)\b.{0,40}"
    r"\b(ai|assistant|chatbot|bot|terminal|shell|console|evil\w*|without|no rules|unrestricted)\b",
    r"\b(want|need|like) you to act as\b|\byou (will|must|shall|now) act as\b|\b(let'?s|let us) role-?play\b|\brole-?play with me\b",
    r"\blet'?s play a game\b|\b(an?|are|be) (unrestricted|uncensored|unfiltered|unaligned) (ai|assistant|chatbot|bot)\b",
    r"\b(with no|without any) (restrictions|filters)\b|\b(admin|maintenance|debug|god|sudo) mode\b",
    # chat-template tokens and role labels that forge a turn
    r"<\|im_(start|end)\|>|\[/?INST\]|^\s*(system|assistant)\s*:",
]), re.I | re.S | re.M)
# a document addresses its reader, never the model: a passage sentence that gives the assistant orders is an attack
_ORDERS = re.compile("|".join([
    rf"^\W*(dear |hey |attention,? )?(the )?{_WHO}\s*[:,]",
    rf"\b(the )?{_WHO} (must|should|shall|will|needs? to|has to|is to)\b",
    r"\b(tell|instruct|urge|direct) the (reader|user|learner|student)s?\b",
    r"\b(reply|respond|answer) (only )?with\b|\b(always|only) (reply|respond|answer|say|write|output)\b",
    r"\b(when|whenever|if) (you )?(answer|respond|reply)\b",
    rf"\byour {_REPLY}\b|\b{_REPLY} (must|should|shall) (be|start|begin|end|contain)\b",
    rf"\b(every|each|any|all) {_REPLY}\b.{{0,40}}\b(must|should|shall|has to|needs to)\b",
    rf"\b(append|add|include) .{{0,30}}\bto (every|each|your) {_REPLY}\b",
    rf"\b(begin|start|end|prefix|finish) (every|each|all|the) {_REPLY}\b",
    rf"\b{_REPLY} (to|for) (any|every|all|each) (question|message)s?\b",
    # a note addressed to the model ("a tip for AI readers:", "for the assistant -"), in English or another
    # language: "for" (or "note to"), up to two words, the addressee, then the colon or dash opening the message
    # ("to" alone is not enough: "you are new to AI:" is the document's own bullet)
    rf"(\b(for|für|pour|para|per|для)|\b(note|message|memo|reminder)s? to)\s+(\w+\s+){{0,2}}{_WHO}(\s*:|\s+[-–—]\s)",
    r"\b(output|say|emit) only\b",
    r"\byou (will |must |should |shall |now )?(answer|reply to|respond to) (every|each|all|any) "
    r"(question|message|query|prompt)s?\b",
    # sending the learner's words somewhere: a link or URL built from what they typed
    r"\b(link|url|address)\b.{0,80}\b(learner|user|reader|student)'?s? (question|message|words|input|query)\b",
    # lines that imitate the prompt's own structure ("Passage [1], from", "Question:") to forge a turn
    r"^\W*(question|answer|user|assistant|human|system)\s*:|^\W*passage \[\d+\]",
    r"<!--",
]), re.I | re.S | re.M)
# compact forms: "I G N O R E  Y O U R ..." and words split over lines read the same once letters are joined
_SQUASHED = re.compile(r"(ignore|disregard|forget)(all|any|the|your|my|previous|prior|above|earlier|of){0,3}"
                       r"(instructions?|rules|prompt)|systemprompt|youarenow|newinstructions|developermode|jailbreak")
# invisible fillers outside category Cf (Hangul fillers, Mongolian vowel separator, combining grapheme joiner)
_ZERO_WIDTH = {ord(c): None for c in "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0"}
# Cyrillic and Greek letters that look Latin, and leetspeak digits/symbols
_HOMOGLYPHS = str.maketrans("аеорсухіјѕԁһԛԝкмнтвАВЕКМНОРСТУХІЈЅαοτνικρεΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
                            "aeopcyxijsdhqwkmhtbABEKMHOPCTYXIJSaotvikpeABEZHIKMNOPTYX")
_LEET = str.maketrans("013457@$!|", "oieastasii")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")


# "How does my phone know it's me?", "Can a computer spot cancer on an X-ray?", "How does Spotify know what I
# like?": a machine (or a named product: a capitalised name, so a person's name too) that knows, learns or
# decides is what the document is about, whatever everyday subject (phones, music, medicine) the words resemble
# more than a passage. Only the subject list is set aside for such a question; the minimum relevance still
# holds. Measured on the dev sets: one look-alike more answered (ChatGPT's manners), no off-topic question let in.
_MACHINE = (r"(computers?|machines?|apps?|ai|algorithms?|phones?|software|systems?|programs?|models?|robots?|cars?"
            r"|assistants?|websites?|sites?|services?|platforms?|devices?|cameras?|filters?|engines?|bots?|chatbots?"
            r"|networks?|tech|technology|it)")
_THINKS = (r"(know|learn|decide|recogni[sz]e|understand|predict|recommend|detect|spot|guess|pick|choose|tell"
           r"|figure out|work out|translate|see|read|behave|think|get smarter|become smarter|improve)(s|es|ed|ing)?")
_MACHINE_MIND = re.compile(
    rf"^\W*(?i:how|why|can|could|does|do|did|is|are|will|would)\b(\s+\S+){{0,5}}?\s+(?i:an? |the |my |your |their )?"
    rf"((?i:{_MACHINE})|[A-Z][A-Za-z]+\w*)\s+(\S+\s+){{0,2}}?(?i:{_THINKS})\b")


# "squeeze a DL model onto a smartphone": a learned model is the object, whatever the words around it resemble
# ... and so is a family of networks: "Which network family reportedly scrubs speckle out of pictures?" (dev-45 h45q24
# and h45q26 were declined on their scenes: maypole dancers' snaps, a baton twirler's parade photos)
_LEARNED_MODEL = re.compile(
    r"\b(ml|dl|machine[- ]learning|deep[- ]learning|ai|trained|neural)\s+(models?|networks?|nets?)\b"
    r"|\bnetwork famil(y|ies)\b|\bfamil(y|ies) of (neural )?networks\b", re.I)


def names_a_learned_model(question: str) -> bool:
    """ "put a DL model on a phone", "which network family ...?" yes; "which family of birds ...?" no."""
    return _LEARNED_MODEL.search(question) is not None


def asks_how_a_machine_thinks(question: str) -> bool:
    """ "How does my phone recognise my face?", "put a DL model on a phone" yes; "How do I learn to juggle?" no."""
    if names_a_learned_model(question):
        return True
    match = _MACHINE_MIND.search(question.strip())
    return match is not None and match.group(4) not in ("I", "We", "You")


# the learner asks what the document says: "Which examples of that family does the guide give?", "Is that worry
# raised anywhere in the guide?". Whatever everyday subject its scene resembles (a cartoonist's pictures, a census
# office's forms), such a question is about the document; only the subject list is set aside for it, as for a
# machine that thinks. Counted on the dev sets: 127 answerable questions and 48 look-alikes ask so, 0 of the
# off-topic ones ("Who is the author of Moby-Dick?" names another work; "store the document as a rope" is no ask)
# A part of it asks it too, when the part is said to say something: "How does the closing part describe ...?", "Who
# does the case study say ... is meant for?" (dev-26 h26q23 and h26q50 were declined on their scenes: ice
# sculptures, rock-pooling), "the post's final paragraph put it"; not "in the list" alone, which any subject has
_PART = (r"(?:part|section|paragraph|chapter|case study|conclusion|introduction|intro|closing|opening|ending|wrap-?up|"
         r"round-?up|summary|"
         r"roadmap|checklist|comparison)")
_ASKS_THE_DOCUMENT = re.compile(
    rf"\b(?:in|from|according to|per|under|does|did|do|is|was|will|would|can|has|have) (?:the|this|your|that) "
    rf"{DOCUMENT}\b(?! of\b)|\b(?:the|this|your|that) (?:{DOCUMENT}(?:'s)? (?:\w+ )?|"
    rf"(?:{DOCUMENT}['’]s )?(?:[\w-]+ )?{_PART} )(?:says?|said|gives?|gave|lists?|"
    r"listed|suggests?|suggested|mentions?|mentioned|recommends?|names?|named|raises?|covers?|offers?|describes?|"
    r"calls?|called|puts?|advises?|tells?|explains?|points?|claims?|brings?|cites?|singles?|picks?|includes?|notes?|"
    r"warns?|sees?|counts?|ranks?|links?|pairs?|compares?|sets?|goes|reckons?|thinks?|uses?|spells?|sums?|closes?|"
    r"ends?|opens?|starts?|begins?|wraps?)\b", re.I)


def asks_the_document(question: str) -> bool:
    """ "Which examples does the guide give?" yes; "Who is the author of Moby-Dick?" no."""
    return _ASKS_THE_DOCUMENT.search(asking(question)) is not None


def normalise(text: str) -> str:
    """NFKC, invisible (format) characters removed, look-alike letters mapped to Latin."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").translate(_ZERO_WIDTH)
    return text.translate(_HOMOGLYPHS)


def _decoded(text: str) -> list[str]:
    """Base64 blobs in the text, decoded where they are readable text."""
    out = []
    for blob in _BASE64.findall(text):
        altchars = b"-_" if "-" in blob or "_" in blob else None  # the URL-safe alphabet
        try:
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), altchars=altchars)
            out.append(raw.decode("utf-8"))
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
    return [t for t in out if t.isprintable() or "\n" in t]


def readings(text: str) -> list[str]:
    """Every way a model could read the text: plain, de-leeted, ROT13, reversed, decoded base64."""
    plain = normalise(text)
    return [plain, plain.translate(_LEET), codecs.encode(plain, "rot13"), plain[::-1],
            *(normalise(t) for t in _decoded(plain))]


def is_injection(text: str) -> bool:
    """True when a message tries to instruct the tutor instead of asking it something."""
    for reading in readings(text):
        if _INJECTION.search(reading):
            return True
        if _SQUASHED.search(re.sub(r"[^a-z]", "", reading.lower())):
            return True
    return False


def is_instruction(text: str) -> bool:
    """True for a passage sentence that gives orders to the model: documents are data, not instructions."""
    return is_injection(text) or _ORDERS.search(normalise(text)) is not None


@lru_cache(maxsize=8)
def _embedded(path: Path, key: str, embedder: Embedder) -> np.ndarray:
    """The vectors of a data file's list, once per process: each new gate had embedded them again (0.4 s of the first
    question of every tutor `make test` builds, on 2 cores)."""
    vectors = embedder.embed(yaml.safe_load(path.read_text(encoding="utf-8"))[key])
    vectors.setflags(write=False)  # shared by every gate
    return vectors


class RelevanceGate:
    """`reason(question, vector, best)` is None for an on-topic question, else why it is declined."""

    def __init__(self, embedder: Embedder, min_relevance: float, margin: float, attack_margin: float = 0.08) -> None:
        self.embedder = embedder
        self.min_relevance = min_relevance
        self.margin = margin
        self.attack_margin = attack_margin

    @cached_property
    def _subjects(self) -> np.ndarray:
        return _embedded(SUBJECTS_FILE, "subjects", self.embedder)

    @cached_property
    def _attacks(self) -> np.ndarray:
        return _embedded(ATTACKS_FILE, "attacks", self.embedder)

    def subject_gap(self, vector: np.ndarray, best: float) -> float:
        """How much nearer the closest everyday subject is than the best passage."""
        return float((self._subjects @ vector).max()) - best

    def reason(self, question: str, vector: np.ndarray, best: float) -> str | None:
        """None, "injection", "off-topic" (no passage close enough) or "subject" (a subject the tutor does not
        teach is closer than any passage: the one decline that wording alone may have caused)."""
        if is_injection(question):
            return "injection"
        # closer to a known kind of attack than to anything the document says: the patterns missed its wording
        if float((self._attacks @ vector).max()) > best + self.attack_margin:
            return "injection"
        if best < self.min_relevance:
            return "off-topic"
        if self.subject_gap(vector, best) > self.margin and not asks_how_a_machine_thinks(question) and \
                not asks_the_document(question):
            return "subject"
        return None
