"""A learner's situation weighed against the document's own guidelines for choosing a side.

"A container port has millions of camera photos of boxes and a rack of GPUs: classic ML or a deep model?" The
document answers such questions in its guideline lists ("Use Machine Learning If" / "Use Deep Learning If", "Learn
Machine Learning First If" / "Learn Deep Learning First If"), each item a condition in bold and its reason. Given
those passages, the 1.5B model quoted the other side's items or both sides' (7 of the 8 such questions of dev-8 to
dev-11 were wrong: "all I own is an ordinary laptop" got "Deep Learning requires GPUs"). Which conditions a
situation meets is a matter of everyday words ("a rack of GPUs" is powerful hardware, "some thousands of rows in a
spreadsheet" small, structured data); the side most of them point to is the answer, its conditions quoted and
cited, and any pointing the other way quoted after them. No model call.

The cues are written for the conditions of this kind of document, from the conditions' own words and the ways a
newcomer describes data, hardware and needs; a document without such lists gets no choice answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.sides import DL, ML, sets_against, side_of_section
from tutor.types import Chunk, Source
from tutor.words import DOCUMENT

# a guideline list's heading: "Use Deep Learning If", "Learn Machine Learning First If"
GUIDELINES = re.compile(r"^(use|learn) .+ if$", re.I)
_BULLET = re.compile(r"^\s*[-*]\s+\*\*(?P<label>[^*]+?):?\*\*:?\s*(?P<body>.+)$")
_NEGATED = re.compile(r"\b(no|not|without|never|lacks?|lacking|don'?t|doesn'?t|can'?t|cannot|nor|rather than|"
                      r"instead of)\b(\W+\w+){0,2}\W*$", re.I)

# each condition: words of its bold label in the document (a pattern), and the learner's ways of saying a situation
# meets it. A cue just after a negation ("no graphics card", "not tables") does not count; a cue that is a negation
# does.
_NUM = r"(?:\d[\d,]*|a few|some|several|a couple of|a handful of|dozens of|hundreds of)"
_RECORDS = r"(?:rows|records|entries|customers|clients|members|patients|orders|readings|lines|people|holders)"
CUES: dict[str, tuple[str, ...]] = {
    # machine learning
    "small or medium-sized": (rf"\b(a )?few (dozen|hundred|thousand)\b", rf"\b{_NUM} (\w+ ){{0,2}}{_RECORDS}\b",
                              r"\bsmall (data ?set|dataset|amount of data|sample)", r"\blimited (data|examples)\b",
                              r"\bnot (much|a lot of) data\b"),
    "interpretable": (r"\bexplain", r"\bjustif(y|ied|ies)\b", r"\b(see|know|understand|say|tell|show)( exactly)? why\b",
                      r"\bwhy (each|every|a|the|it|its|that)\b", r"\b(auditors?|regulators?|inspectors?)\b",
                      r"\btransparen", r"\binterpretab",
                      # "need to know the reasoning behind every forecast" (dev-43 h43q44 was told three conditions
                      # without this one)
                      r"\b(reasoning|logic|thinking|rationale) (behind|for|of)\b",
                      # "every flag needing a reason our tenancy panel can follow" (dev-45 h45q44)
                      r"\b(need|needs|needing|needed|with|give|gives|giving|have|has) (a|an|its|their) (clear |plain )?"
                      r"reasons?\b", r"\breasons? (that |which )?(\w+ ){0,3}(can|could|will|would) (follow|understand|"
                      r"check|read|accept)\b"),
    "limited computational resources": (
        r"\b(ordinary|plain|basic|old|cheap|standard|normal|regular|simple|office|home|family|single|one|modest)"
        r" (laptops?|pcs?|computers?|desktops?|machines?)\b", r"\blaptops?\b", r"\bno (gpus?|graphics cards?)\b",
        r"\bwithout (a |any )?(gpus?|graphics cards?)\b", r"\bstandard cpus?\b", r"\bonly (a |the )?cpus?\b"),
    "structured data": (r"\bspreadsheets?\b", r"\bexcel\b", r"\btables?\b", r"\btabular\b", r"\brows\b",
                        r"\bcolumns\b", r"\bdatabases?\b", r"\bcsv\b"),
    # "it wants a flag within seconds of each register", "predictions in real time" (dev-26 h26q44)
    "fast training|quick results": (r"\b(soon|quickly|quick|fast|right away|straight away|in a hurry)\b",
                                    r"\b(within|in) (a few |mere )?(seconds|a second|moments)\b",
                                    r"\breal[- ]time\b", r"\binstant(ly)?\b"),
    # whoever knows it: "its teachers know which of those columns matter" (dev-26 h26q44)
    "feature engineering is feasible": (r"\bknows? (exactly )?(which|what) ([\w-]+ ){0,4}(matter|count)s?\b",
                                        r"\bdomain (knowledge|expertise)\b"),
    "new to ai": (r"\bnew to (ai|machine learning|this|the field|coding|programming|computers)\b",
                  r"\b(complete|total|absolute) (beginner|novice|newcomer)", r"\bnever (written|coded|programmed)\b",
                  r"\bknows? nothing (about|of) (ai|machine learning|computers|coding|this)\b", r"\bbeginners?\b",
                  r"\b(brand )?new to (ai|it)\b", r"\bstarting (from scratch|out)\b"),
    # deep learning
    "your dataset is large": (r"\bmillions?\b", r"\bbillions?\b", r"\btens of thousands\b",
                              r"\bhundreds of thousands\b", r"\bthousands of hours\b", r"\b(tera|peta)bytes\b",
                              r"\b(huge|massive|vast|enormous|giant|gigantic) (\w+ )?(amounts?|troves?|archives?|"
                              r"collections?|libraries|piles?|volumes?|numbers?|datasets?|data ?sets?|stores?)\b"),
    "unstructured": (r"\b(photo|photograph|picture|image|scan|x-ray|video|clip|film|recording|drawing)s?\b",
                     r"\bsketch(es)?\b", r"\b(footage|audio|speech|voices?|sounds?|songs?|music)\b",
                     r"\b(emails|essays|transcripts)\b", r"\bfree text\b"),
    "state-of-the-art": (r"\b(top|best|highest|best-possible|best possible|cutting-edge|state[- ]of[- ]the[- ]art|"
                         r"world-class) (accuracy|performance|results)\b",
                         r"\b(as accurate as possible|most accurate)\b"),
    "powerful hardware": (r"\bgpus?\b", r"\bgraphics cards?\b", r"\btpus?\b",
                          r"\b(server room|data cent(re|er)|supercomputer|cloud (gpus?|servers?|computing))\b",
                          r"\b(beefy|powerful|big|high-end) (machines?|servers?|hardware|computers?)\b"),
    "feature engineering is challenging": (
        r"\b(nobody|no one|hard to|difficult to|can'?t|cannot)( can)? (say|tell|describe|define|spell out|write down)"
        r" (which|what)\b",),
    "complex tasks": (
        r"\b(generat\w*|dreams? up|creat\w*|invent\w*|draw\w*|compos\w*) (\w+ ){0,2}(images?|pictures?|art|artwork|"
        r"characters?|music|text|stories|faces|designs?|photos?)\b", r"\b(self-driving|driverless|autonomous)\b",
        r"\btranslat\w*", r"\b(into|to) text\b", r"\btranscrib\w*"),
    "already familiar": (r"\b(already|i've|i have) (know|knows|familiar|done|studied|comfortable|worked|built|used)\w*"
                         r" (\w+ ){0,3}(machine learning|ml|classic|scikit|decision trees?|regression)\b",),
    "cutting-edge": (r"\bcutting[- ]edge\b", r"\b(latest|newest) (ai|research|breakthroughs?)\b",
                     r"\bbreakthroughs?\b"),
}
_CUES = {name: [re.compile(c, re.I) for c in cues] for name, cues in CUES.items()}
# a question that asks which of the two: "classic model or deep network?", "which approach suits us?", "what
# does the post recommend?"
_OR = re.compile(r"\b(or|versus|vs\.?)\b", re.I)
_WHICH_ONE = re.compile(r"\bwhich (one|approach|way|side|camp|family|route|path|field|kind|method|option|"
                        r"of (the|these) two|of them)\b", re.I)
# "which one" after a thing of another kind than the two sides asks which of those: "Looking for a boosting package
# that digests text-label columns without me encoding them. Which one?" got "Learn Machine Learning First If"
_ONE_OF_A_KIND = re.compile(r"\b(?:a|an|some|any)\s+(?:[\w-]+\s+){0,2}?(?:package|library|tool|toolkit|framework|book|"
                            r"course|algorithm|architecture|optimi[sz]er|platform|service|website|role|job|company|"
                            r"firm|dataset|language|cloud|notebook|app)s?\b", re.I)
_ASKS_ADVICE = re.compile(rf"\b(what|which) (does|do|would) (the|this) ({DOCUMENT}|page) (recommend|suggest|advise)\b",
                          re.I)
# going straight on to a side, which is what to learn first: "I've done classic ML for years: can I skip straight to
# deep learning?" (dev-13 h13q25 got the conclusion's lines and "not covered")
_SKIP = (r"(?:skip|jump|go|move|head|dive|leap)(?: straight| directly| right)?(?: ahead| on)? (?:in)?to "
         r"(?:the )?(?:deep|neural|dl\b|machine learning|classic|ml\b)")
_SKIPS = re.compile(r"\b(?:can|could|should|may|do|shall) (?:i|we|you|one|they|he|she) (?:just )?" + _SKIP, re.I)
# what to begin with, not what to use: "should I begin with the older methods or neural networks?" ("a start-up"
# is no start)
# "learn" in "scikit-learn" is a library's name: "Got a scikit-learn model working locally. To serve it over HTTP ...,
# what does the guide recommend?" got "Learn Deep Learning First If" for its "image" (dev-41 h41q12)
_LEARNING = re.compile(r"(?<![\w-])(learn|study|begin|start (with|on|out)|first|tackle|pick up|get into)\b|\b" + _SKIP,
                       re.I)
# two situations, each to be given its side: "rows in a database versus audio clips: which approach suits which?"
_EACH = re.compile(r"\b(suits?|fits?|goes? with|for) (which|each)\b", re.I)


@dataclass
class Condition:
    side: str  # ML or DL
    section: str  # the guideline list's heading path
    label: str  # the condition in bold: "Your dataset is large"
    body: str  # its reason, the document's words
    chunk: Chunk


@dataclass
class Choice:
    side: str
    kind: str  # "use" or "learn"
    met: list[Condition]  # the chosen side's conditions the situation meets
    against: list[Condition]  # the other side's


def conditions(chunks: list[Chunk]) -> list[Condition]:
    """Every bulleted condition of the guideline lists among the chunks, in document order."""
    out = []
    for chunk in chunks:
        side = side_of_section(chunk.section)
        if not side or not GUIDELINES.match(chunk.section.split(" > ")[-1].strip()):
            continue
        for line in chunk.text.splitlines():
            m = _BULLET.match(line)
            if m:
                out.append(Condition(side, chunk.section, m["label"].strip().rstrip(":"), m["body"].strip(), chunk))
    return out


def _met(cue_name: str, question: str) -> bool:
    for pattern in _CUES[cue_name]:
        for m in pattern.finditer(question):
            if pattern.pattern.startswith((r"\bno ", r"\bwithout", r"\bnever", r"\bnot ")) or not _NEGATED.search(
                    question[max(0, m.start() - 30):m.start()]):
                return True
    return False


def asks_choice(question: str) -> bool:
    """Whether the question asks which side to take: it sets the two against each other and asks which, or asks
    the document's advice ("which approach suits us?", "what does the post recommend?"), or whether to go straight on
    to one ("can I skip straight to deep learning?")."""
    which = _WHICH_ONE.search(question)
    if which and which.group(1).lower() == "one" and _ONE_OF_A_KIND.search(question):
        which = None  # "Looking for a boosting package that ...: which one?" asks which package (dev-40 h40q17)
    return bool((sets_against(question) and _OR.search(question)) or which
                or _ASKS_ADVICE.search(question) or _SKIPS.search(question))


def choose(question: str, chunks: list[Chunk]) -> Choice | None:
    """The side the situation described points to, by the document's conditions it meets; None when the question
    asks no choice, describes too little (two conditions; one for what to learn first) or points both ways."""
    if not asks_choice(question) or _EACH.search(question):
        return None
    kind = "learn" if _LEARNING.search(question) else "use"
    met: dict[str, list[Condition]] = {ML: [], DL: []}
    seen: set[tuple[str, str]] = set()
    every = conditions(chunks)
    # the list for this kind of question first: "Learn ... First If" for what to begin with
    every.sort(key=lambda c: c.section.split(" > ")[-1].lower().startswith("learn") != (kind == "learn"))
    for condition in every:
        label = condition.label.lower()
        for cue_name in _CUES:
            if re.search(rf"\b({cue_name})\b", label) and (condition.side, cue_name) not in seen and \
                    _met(cue_name, question):
                seen.add((condition.side, cue_name))
                met[condition.side].append(condition)
    counts = {side: len(found) for side, found in met.items()}
    side, other = (ML, DL) if counts[ML] > counts[DL] else (DL, ML)
    if counts[side] == counts[other] or counts[side] < (1 if kind == "learn" else 2):
        return None
    return Choice(side, kind, _unique(met[side]), _unique(met[other]))


def _unique(found: list[Condition]) -> list[Condition]:
    out, labels = [], set()
    for c in found:
        if c.label.lower() not in labels:
            labels.add(c.label.lower())
            out.append(c)
    return out


def choice_sources(choice: Choice) -> list[Source]:
    """The guideline lists the answer quotes, numbered: the chosen side's first."""
    sources: list[Source] = []
    for c in [*choice.met, *choice.against]:
        if not any(s.section == c.section for s in sources):
            text = "\n".join(f"- **{x.label}:** {x.body}" for x in [*choice.met, *choice.against]
                             if x.section == c.section)
            sources.append(Source(n=len(sources) + 1, section=c.section, source=c.chunk.source, text=text,
                                  chunk_id=c.chunk.id))
    return sources


def choice_text(choice: Choice, sources: list[Source]) -> str:
    """The conditions quoted under their list's heading, cited; those pointing the other way after them."""
    number = {s.section: s.n for s in sources}

    def block(found: list[Condition]) -> list[str]:
        return [f"- **{c.label}:** “{c.body}” [{number[c.section]}]" for c in found]

    heading = choice.met[0].section.split(" > ")[-1]
    lines = [f"The document says: **{heading}** (what you describe meets these):", *block(choice.met)]
    if choice.against:
        lines += [f"What points the other way, under **{choice.against[0].section.split(' > ')[-1]}**:",
                  *block(choice.against)]
    return "\n".join(lines)
