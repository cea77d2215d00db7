"""Decide whether a learner's message asks for a demo or is a question, and with which arguments.

Deterministic first, over the closed catalog: request verbs at the start of a clause, demo and data-set
vocabulary with synonyms, numbers the learner states. Embedding similarity with the demo descriptions
breaks ties and recognises a demo described in other words. The language model is asked only what
that cannot settle (is a terse "random forest with lots of trees please" a request? which of several tied
demos?), with a schema it cannot leave (an enum of a few names, a dozen tokens), validated again.
A question never runs a demo: "What is an LSTM?" is answered, "Show me an LSTM" is run. When the words
leave it unsure (a demo's verb with nothing to run it on, a reason asked about one of our data sets), the
message is answered and the demo offered beside the answer, rather than run or the catalog printed.
"""
from __future__ import annotations

import difflib
import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from cachetools import LRUCache

from tutor.embeddings import Embed
from tutor.sides import names_both_fields
from tutor.tools import router_model, settings_words, vocab
from tutor.tools.registry import Demo, all_demos, get_demo

log = logging.getLogger(__name__)
# An unnamed request ("show me how computers recognise handwritten numbers") runs the demo whose
# description is at least this close (MiniLM cosine, the request verb left out). Measured: paraphrases of
# a demo 0.55-0.6, but "compare machine learning and deep learning" 0.45-0.48, so the bar is high; the
# 0.5B model, asked to pick a demo or "none" in between, picked "compare" for that question, so it is
# not asked here.
SURE = 0.55
MAX_CHARS = 4000  # the engine refuses longer messages anyway; this keeps routing cheap regardless


@dataclass
class Route:
    """Where a message goes: a demo with arguments, the question-answering path, or a catalog reply."""

    intent: Literal["demo", "question", "unclear"]
    name: str | None = None
    arguments: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    suggestion: str | None = None  # with a question: a demo to offer beside the answer


def catalog_text() -> str:
    """What the tutor can run, for the reply to an unclear request."""
    lines = ["I can run these demos (ask in your own words, or name the settings):"]
    for demo in all_demos():
        choices = [f"{k}: {', '.join(map(str, p['enum']))}" for k, p in demo.schema["properties"].items()
                   if "enum" in p]
        lines.append(f"- {demo.name}: {demo.summary.rstrip('.')}"
                     + (f" ({'; '.join(choices)})" if choices else ""))
    lines.append('For example: "train a random forest on wine", "show me k-means on moons", '
                 '"compare SVM and k-NN on circles", "forecast a sine wave with an LSTM".')
    return "\n".join(lines)


def route(message: str, *, embed: Embed | None = None, llm: Any | None = None) -> Route:
    """Route one message. `embed` (texts -> normalised rows) breaks ties; `llm` settles what words cannot."""
    message = message[:MAX_CHARS]
    text = _normalise(message)
    if not text:
        return Route("question", reason="empty message")
    if _NO_RUN.search(text):  # "just explain random forests, no demo needed"
        return Route("question", reason="asks not to run anything")
    if _ALGEBRA.search(message) and not _FIT_WORDS.search(text):  # "polynomial long division of x³ − 2x² + 4 by x − 3"
        return Route("question", reason="asks for a calculation on a formula, which no demo runs")
    # "go ahead and" only leads in to the verb: split at its "and", it would read as "go ahead", a go-ahead to run
    clauses = [_normalise(c) for c in re.split(r"[.?!;:,\n]+|\s[-–—]+\s|\b(?:and then|then|and|but|also)\b",
                                                     re.sub(r"\bgo ahead and\b", "", message.lower()))]
    # "do the GRU version", "have the model predict...": an imperative; "Do the models need more data?" asks
    request = any(_is_request(c) for c in clauses) or (
        not message.rstrip().endswith("?") and any(_OBJECT_REQUEST.match(c) for c in clauses))
    asked = any(_is_question(c) for c in clauses) or message.strip().endswith("?") or _INDIRECT.search(text) is not None
    # "demo what a learning path looks like": "demo" the verb, before a wh-clause, asks to be shown, not the catalog
    about_catalog = _about_catalog(text, clauses, asked)
    found = _Findings(message, text)
    # "do dbscan on the moons", "do k-means with 3 clusters": "do" and a demo's name; "do neural networks need
    # more data?" asks
    request = request or any(re.match(rf"^(?:(?:{_PREFIX})\s+)*do\s+{re.escape(p)}(?:e?s)?(?:\s+{_ADJUNCT}\b|$)", c)
                             for c in clauses for p in found.phrases)
    # "LSTM forecast, window 25, 100 epochs", "k-means on the digits: do the clusters match?": clauses made only of
    # a demo's words, data sets and settings, with data or a setting among them, are a run written as a heading
    request = request or (found.dataset is not None and not found.stand_in or found.states_settings) and any(
        _terse(c, found) for c in clauses)
    # a result asked for ("which wins on moons?", "how many clusters does DBSCAN find...?" once a demo is named);
    # "why does a net do better on the moons?" takes the result as known and asks for the reason
    outcome = ((_OUTCOME.search(text) is not None or bool(found.phrases) and _RESULT_IF_NAMED.search(text) is not None)
               and not re.match(r"(why|how come)\b", text))
    # "show me the difference between...", "give me examples of...", "walk me through...": an explanation
    explain = (any(_explains(c) for c in clauses)
               or _IN_WORDS.search(text) is not None or _SORT_INTO_KINDS.search(text) is not None
               or found.dataset is None and any(_FACET.search(c) and (_REQUEST.match(c) or _POLITE.match(c))
                                                for c in clauses))
    # "try it", "have a go", "could we train...", a result on a data set ("what accuracy does a random forest get
    # on wine?"): only running it answers that, the document cannot; so does a follow-up that is no question
    # ("now with 500 trees", "same thing but on circles": the router sees one message, so the demo it names)
    asks_to_run = (any(_TRY.search(c) and not _WHO_COULD_DO.match(c) for c in clauses)
                   or any(_WE_RUN.match(c) and not _repeats_asked(clauses, i) for i, c in enumerate(clauses))
                   or bool(found.phrases) and any(_asks_us_to_act(c, found.dataset is not None or found.states_settings)
                                                for c in clauses)
                   or outcome and (found.dataset is not None and not found.stand_in or found.states_settings)
                   or _AGAIN.search(text) is not None and not asked and not explain)
    if found.named and not found.phrases and not (request or about_catalog or asks_to_run or found.compare):
        # only a data set's name and no ask to run anything: "which wine goes with fish?", "how far away is
        # the moon?" are not demo requests (helper R: 3 of 62 dev off-topic questions ran a demo)
        return Route("question", reason="names only a data set, without asking to run anything")
    about_demo = _WH_QUESTION.match(text) or re.match(r"(explain|describe|tell me)\b", text)
    if found.named and about_catalog and about_demo and not (request or asks_to_run):
        # "what does the cluster demo do?": a question about a demo; answered, and the demo offered
        return Route("question", reason="asks about a demo", suggestion=_suggest(found, message, embed))
    # a question on how a model works, data set or not ("how do neural networks recognise handwritten digits?",
    # "explain how k-means clusters the iris data", "would k-means work on the moons?"), is answered with the
    # demo offered; a result ("how well...", "which wins...") or "try it" is run
    # a question that states a setting of a demo and names its data ("an LSTM forecasting the sine wave, 20 hidden units,
    # yes?") is about a run
    mechanism = asked and not (request or outcome or found.states_settings and not re.match(r"(why|how come)\b", text))
    # "show me with the iris example from the guide": what the document says is asked for; a data set named
    # does not make it a run (a "try it" still does)
    cites_document = _CITES_DOCUMENT.search(text) is not None
    # "show me why k-means struggles with the moons", "give me examples of what a CNN learns from the digits",
    # "compare in theory an MLP and logistic regression on the moons": a reason, examples or theory asked for;
    # the data set named is the example the explanation is about, not a run ("show me how k-means does on the
    # moons" still runs; so does any "try it", and a clause asking for the run: "try k-means on the circles and
    # show me why it fails")
    reasons = (explain and not outcome and _REASONS.search(text) is not None
               and not any(_is_request(c) and not (_explains(c) or _IN_WORDS.search(c)) for c in clauses))
    run_it = found.named and (asks_to_run or found.dataset is not None and not (mechanism or cites_document or reasons
                                                                           or found.stand_in))
    # "I tie trout flies and fancy having a go at a neural net, but my computer is ancient. Is there a free website
    # with notebooks that lends you graphics chips?" (dev-36 h36q33 ran the network demo): the wish sets the scene;
    # the closing question, naming no demo or data set and asking no run, is what the learner wants answered
    run_it = run_it and not _asks_apart(message)
    # "Train me up on this: what separates supervised from unsupervised?": the request words only lead in;
    # the question after them is what the learner wants answered
    asks_after = message.strip().endswith("?") and any(_is_question(c) and not _is_request(c)
                                                        for c in clauses[1:] if c)
    if (explain or asks_after or cites_document) and not run_it and not about_catalog:
        return Route("question", reason="asks to be shown an explanation",
                     suggestion=_suggest(found, message, embed))

    if not found.named:
        if not request and not about_catalog:
            return Route("question", reason="no request to run anything")
        # "which service can I use to train models?" asks about the document
        if asked and not about_catalog and _WH_QUESTION.match(text):
            return Route("question", reason="a wh-question that names no demo")
        # a request in words the vocabulary does not know: maybe it describes a demo in other words
        sims = _similarities(_REQUEST.sub("", text), embed)
        pick = max(sims, key=sims.__getitem__) if sims else None
        if pick is None or sims[pick] < SURE:
            if _asks_for_catalog(text):
                return Route("unclear", reason="asks for a demo without saying which")
            # unsure: answer it, and offer the closest demo rather than the whole catalog
            return Route("question", reason="asks to be shown something no demo clearly covers",
                         suggestion=pick if pick is not None and sims[pick] >= OFFER else None)
        how = f"similarity {sims[pick]:.2f}"
        return Route("demo", pick, found.arguments(get_demo(pick)), f"picked {pick} by {how}")

    intent = "a request"
    if not (request or about_catalog or run_it):
        if asked:  # with a data set it is close to a run: the demo is offered beside the answer
            return Route("question", reason=f"a question that mentions {found.described}",
                         suggestion=_suggest(found, message, embed) if found.dataset else None)
        if found.dataset is None:  # "random forest": a topic, or a terse request? only the model can tell
            short = len(text.split()) <= 3  # "LSTM", "k-means clustering": a topic to explain
            verdict = router_model.ask_intent(llm, message) if llm is not None and not short else None
            if verdict != "demo":
                return Route("question", reason="names a topic without asking to run it"
                             + (f" (the model said: {verdict or 'nothing usable'})"
                                if llm is not None and not short else ""), suggestion=_suggest(found, message, embed))
            intent = "the model read it as a request"

    # "compare CNNs and RNNs": two demos that no single run puts side by side; the comparison is an explanation
    rivals = [n for n, v in found.scores.items() if v >= 2]
    if found.compare and "compare" not in found.scores and len(rivals) >= 2:
        return Route("question", reason=f"compares {' and '.join(rivals)}, which no one demo runs together",
                     suggestion=_suggest(found, message, embed))
    # "a comparison of random forests and neural networks on interpretability", "compare CNNs and Transformers":
    # a dimension no run measures, or a model no demo runs
    # ... or named by a pronoun after the question that names it: "Can I find out why a model gave the answer it
    # gave? Compare a decision tree with a deep net on that." (dev-41 h41q38 ran the comparison demo)
    if found.compare and found.dataset is None and not asks_to_run \
            and (any(_has(text, w) for w in (*vocab.PROPERTIES, *vocab.NON_DEMO_MODELS))
                 or asked and _ON_THAT.search(text) is not None):
        return Route("question", reason="compares on a property or with a model no demo runs",
                     suggestion=_suggest(found, message, embed))
    name, how = _choose(message, found, embed, llm)
    arguments = found.arguments(get_demo(name))
    # "Classify ML's three families for me", "cluster the ethical concerns into a few themes": the verb is the only
    # word naming the demo (others only hint, like "spam"), with no data or setting to run it on, and it acts on
    # the subject itself or on no data at all; answered, the demo offered. "classify some flowers" acts on data
    # and "cluster customers with machine learning" names the subject as the means: they run
    verbs = [p for p in found.phrases if p in _VERB_WORDS]
    names = [p for p in found.phrases if p not in _VERB_WORDS and found.weights[p] >= 2]
    if verbs and not names and found.dataset is None and not arguments and not about_catalog \
            and (_on_subject(text) or not any(_has(text, w) for w in vocab.DATA_NOUNS)):
        return Route("question", reason=f"only the verb {verbs[0]!r} names a demo, and it acts on the subject, "
                     "not on data", suggestion=name)
    return Route("demo", name, arguments, f"{intent}; {how}: {found.described} -> {name}")


def _suggest(found: "_Findings", message: str, embed: Embed | None) -> str | None:
    """The demo to offer beside an answer: the one the message names, if it names any."""
    if not found.named:
        return None
    return _choose(message, found, embed, None)[0]


_OWN_DEMO = re.compile(r"\b(?:(?:my|our) (?:[a-z]+ )?demo(?:nstration)?s?"
                       r"|demo(?:nstration)?s? of (?:my|our)(?! choice| choosing| liking)) \b")


def _about_catalog(text: str, clauses: list[str], asked: bool) -> bool:
    """ "what demos can you run?", "show me a demo", "i want a demo": the demos themselves are asked about. Not "the
    phone shop's demo showed portrait mode...: what is that called?": a demo seen elsewhere, told in a statement
    before a question of its own, is part of the story (dev-11 h11q46 got the whole catalog)."""
    # "demo what a learning path looks like": "demo" the verb, before a wh-clause, asks to be shown, not the catalog
    # "is it a good way to share a demo of my model?", "my team's demo": the learner's own demo, not ours (dev-32
    # h32nc11 got the whole catalog)
    text = _OWN_DEMO.sub(" ", text + " ")
    if not any(_has(re.sub(r"\bdemo (?=(?:for me |to me )?(?:what|how|why|which|where|when|whether)\b)", "", text), w)
               for w in vocab.CATALOG_WORDS):
        return False
    named_in = [c for c in clauses if any(_has(c, w) for w in vocab.CATALOG_WORDS)]
    asking = [c for c in named_in if _is_request(c) or _is_question(c) or _WE_RUN.match(c) or _POLITE.match(c)]
    told_in_passing = (asked and bool(named_in) and not asking
                       and any(_is_question(c) for c in clauses if c not in named_in))
    return not told_in_passing


def _asks_for_catalog(text: str) -> bool:
    """ "what demos can you run?", "show me a demo", "run something": the catalog is the answer. "compare ML and
    DL models" is short and generic too, but names the document's two fields: their differences are asked for."""
    return any(_has(text, w) for w in vocab.CATALOG_WORDS) or (
        _only_generic(text) and len(text.split()) <= 5 and not names_both_fields(text))




_WH_QUESTION = re.compile(r"^(what|which|who|whom|whose|where|when|why|how)\b")
# a question reported, not asked: "Riding the funicular up the hill, my friend wondered which algorithms the guide
# suggests for a spam classifier project." (the 0.5B took it for a request and ran the compare demo: a dev-37
# look-alike); "I wonder whether you could run k-means ..." stays a request
_INDIRECT = re.compile(r"\b(?:wonder|wondered|wondering|wonders|asked|asks|asking|want(?:s|ed)? to know|curious)\s+"
                       r"(?:(?:me|us|him|her|them|about it)\s+)?(?:what|which|who|whom|whose|why|how|whether)\b"
                       r"(?!\s+(?:you|we|i|one)\s+(?:could|can|would|might|should|may)\b)")


# --- reading the message ---------------------------------------------------------------------------

def _normalise(text: str) -> str:
    """Lower case, words and numbers only; "k-means" -> "k means", "let's" -> "let s", "thru" -> "through",
    "clsuter" -> "cluster"."""
    words = [vocab.INFORMAL.get(w, w) for w in re.sub(r"[^a-z0-9.=]+", " ", text.lower()).replace(". ", " ").split()]
    demo_words = _demo_words(tuple(d.name for d in all_demos()))
    return " ".join(w if w in demo_words else _respell(w, demo_words) for w in words).strip(". ")


@functools.lru_cache(maxsize=8)
def _demo_words(names: tuple[str, ...]) -> frozenset[str]:
    """The words of the demos' phrases (per catalog: a demo registered later makes a new one)."""
    return frozenset(w for name in names for phrase in get_demo(name).phrases for w in phrase.split())


# a misspelt request verb, explanation noun or data set is read as the word it is close to (difflib ratio >= 0.9,
# or the same letters swapped: "trian"); every word the router knows is kept as it is ("sample" stays a sample,
# not an "example"; "forest", a demo's word, does not become "forecast"). Measured on the 3,359 distinct words of
# the document, the eval sets and my probes: only misspellings change (0.85 also turned "seasons" into "reasons").
_SPELT = tuple(sorted({*vocab.REQUEST_VERBS, *vocab.EXPLAIN_NOUNS, *vocab.DATASETS} - {"demo"}))
_KNOWN = frozenset(w for group in (vocab.REQUEST_VERBS, vocab.REQUEST_PREFIXES, vocab.QUESTION_STARTS, vocab.DATASETS,
                                   vocab.COMPARE_WORDS, vocab.GENERIC, vocab.NUMBER_NOUNS, vocab.SETTING_NAMES,
                                   vocab.EXPLAIN_NOUNS, vocab.NEURAL_AS_MODEL)
                   for phrase in group for w in phrase.split())


@functools.lru_cache(maxsize=4096)
def _respell(word: str, demo_words: frozenset[str] = frozenset()) -> str:
    if len(word) < 5 or not word.isalpha() or word in _KNOWN or word.rstrip("s") in _KNOWN:
        return word
    swapped = [w for w in _SPELT if len(w) == len(word) and sorted(w) == sorted(word)]
    close = swapped or difflib.get_close_matches(word, _SPELT, n=1, cutoff=0.9)
    if not close:
        # a demo's own words too ("netwrok" -> "network", "desicion" -> "decision"), more strictly: two neighbouring
        # letters swapped, or a ratio >= 0.92 (at 0.9 "native" became "naive", "supervised" "unsupervised"; any
        # anagram turned "early" into "layer"). On the 4,612 distinct words of the document, the dev sets and my
        # probe batches, only misspellings change, and "reconstructing" reads as "reconstruction"
        targets = [w for w in demo_words if len(w) >= 5 and w.isalpha()]
        close = ([w for w in targets if _one_swap(word, w)]
                 or difflib.get_close_matches(word, targets, n=1, cutoff=0.92))
    # "compared", "shown", "forecaster" are other forms of the word, not misspellings of it
    return close[0] if close and not (word.startswith(close[0]) or close[0].startswith(word[:-1])) else word


def _one_swap(word: str, target: str) -> bool:
    """ "netwrok" and "network": the same but for two neighbouring letters swapped."""
    diff = [i for i, (a, b) in enumerate(zip(word, target)) if a != b]
    return (len(word) == len(target) and len(diff) == 2 and diff[1] == diff[0] + 1
            and word[diff[0]] == target[diff[1]] and word[diff[1]] == target[diff[0]])


def _pattern(phrase: str) -> str:
    return rf"(?<![a-z0-9]){re.escape(phrase)}(?:e?s)?(?![a-z0-9])"


def _has(text: str, phrase: str) -> bool:
    return re.search(_pattern(phrase), text) is not None


_PREFIX = "|".join(re.escape(p) for p in sorted(vocab.REQUEST_PREFIXES, key=len, reverse=True))
_VERB = "|".join(re.escape(v) for v in sorted(vocab.REQUEST_VERBS, key=len, reverse=True))
_REQUEST = re.compile(rf"^(?:(?:{_PREFIX})\s+)*(?:{_VERB})(?![a-z0-9])")
_OBJECT_REQUEST = re.compile(rf"^(?:(?:{_PREFIX})\s+)*(?:{'|'.join(vocab.OBJECT_VERBS)})\s+"
                             rf"(?:{'|'.join(vocab.DETERMINERS)})\s+(?!(?:lot|few|bit|look|think|sense)\b)")
_QUESTION = re.compile(rf"^(?:{'|'.join(re.escape(q) for q in vocab.QUESTION_STARTS)})(?![a-z0-9])")
# verbs that ask for words when a wh-clause or what a text holds follows: "go over how...", "break down why...",
# "spell out what...", "list the types...", "try to explain what..."; a request verb with them asks the same
_TALK = ("walk|talk|take|let|help|tell|illustrate|sketch|go|look|dig|discuss|cover|unpack|explore|review|break|spell"
         "|lay|sum|outline|list|name|clarify|recap|map|paint|explain|describe|summari[sz]e|define|teach")
_VERBS = rf"(?:(?:try|attempt) (?:to |and )?)?(?:{_VERB}|{_TALK})"
_COUNT = "some|a few|a couple of|several|a handful of|[0-9]+|two|three|four|five|six|seven|eight|nine|ten|the|an?"
_EXPLAIN = re.compile(
    # "run me through them", "walk us through LSTMs", "name three supervised algorithms": whatever follows, to be
    # told
    rf"^(?:(?:{_PREFIX})\s+)*(?:(?:run|walk|take|talk) (?:me|us) through|name|list|enumerate|mention|recall|outline"
    r"|define|describe|explain|summari[sz]e|tell (?:me|us)|teach (?:me|us)|(?:break|boil) (?:it )?down|spell out"
    r"|sum up|lay out|sketch out|flesh out|elaborate on|help (?:me|us) (?:understand|picture|see|grasp|get|figure)"
    r"|(?:try|attempt)(?: to| and)? (?:explain|describ|tell|summar|defin|outlin|clarif)[a-z]*"
    # the learner is the one trained or tested: "train me up on...", "test me on...", "quiz us about..."
    r"|(?:train|test|quiz|drill|coach|school|brief|educate|update|fill|catch) (?:me|us)(?: up| in)?"
    r" (?:on|about|in|with)"
    r"|(?:fit|put|piece|tie|bring) (?:it |them |everything |all |this )?together)\b"
    rf"|^(?:(?:{_PREFIX})\s+)*{_VERBS}(?:\s+(?:me|us))?(?:\s+(?:please|kindly|quickly|briefly|again|now|first))?"
    r"(?:\s+see)?"
    r"(?:\s+(?:through|for me|over|on|about|in|into|at|to|from|for|by|under|down|out|up))?\s+"
    r"(?:(?:a |an |the )?(?:quick |short |brief |simple )?(?:explanation|rundown|summary|overview|breakdown|recap"
    r"|refresher)\b|how|why|what|which|where|when|who|whether|in what way"
    rf"|(?:{_COUNT})?\s*(?:real world |everyday |common |practical |typical )?"
    r"(?:examples?|differences?|difference|ways?|steps|reasons?|pros|cons|uses|use cases?|applications?"
    r"|advantages?|disadvantages?|types|kinds|list|main|key|basics|idea|concept|intuition|optimizers|tools"
    # how two things relate: "show me the connection between PCA and autoencoders"
    r"|connections?|relationships?|relations?|links?|similarit(?:y|ies)|overlap|trade ?offs?))\b")
# "demonstrate in words how...", "compare them in theory", "compare the interpretability of trees and nets":
# asked for words, not a run (a property compared, not a result: "the accuracy of..." on data still runs)
_IN_WORDS = re.compile(r"\b(?:in (?:plain |simple |your own |a few )?(?:words|english|terms|theory|principle|prose)"
                       r"|conceptually|theoretically|in a nutshell|verbally|draw (?:a )?comparisons?|draw parallels"
                       r"|as (?:algorithms|models|methods|techniques|approaches|ideas|concepts|families)"
                       r"|^(?:compare|contrast) (?:the|their) [a-z]+ (?:of|between))\b")
# "show me the LSTM's variants", "give me the strengths of decision trees", "show me the math behind PCA": a facet
# of a model, which the document describes and no run shows (with a data set named, a run is still asked for)
# the measure a comparison is on, named before: "... on that", "in that respect"
_ON_THAT = re.compile(r"\b(?:on|in|for|by) (?:that|this|it|those|these)(?: (?:respect|regard|front|score|point|count))?"
                      r"\s*[.!?]?\s*$")
_FACET = re.compile(r"\b(?:applications?|uses|use cases?|advantages?|disadvantages?|limitations?|drawbacks?"
                    r"|strengths?|weaknesses?|pros and cons|history|variants?|types of|kinds of|architecture of|role of"
                    r"|purpose of|meaning of|definition of|theory|math|maths|mathematics|principles?|key features"
                    r"|features of|benefits?|challenges?|risks?|origins?|inventors?)\b")
# "classify these models as ML or DL: random forest, CNN...": sorting things into the subject's own kinds
_SORT_INTO_KINDS = re.compile(r"\b(?:classify|categori[sz]e|sort|group|cluster|label|file|bucket|split)\b.*\b(?:as|into"
                              r"|under) (?:either )?(?:an? )?(?:ml|dl|machine learning|deep learning|supervised"
                              r"|unsupervised|reinforcement|ai)\b")
_REASONS = re.compile(r"\b(?:why|how come|examples? of|reasons?|intuition|idea behind|concept of|in theory"
                      r"|conceptually|theoretically|in (?:plain |simple )?words"
                      r"|(?:walk|run|take|talk) (?:me|us) through)\b")
_CITES_DOCUMENT = re.compile(r"\b(?:(?:from|in|by|of) (?:the|your|this) (?:guide|document|article|text|reading|notes)"
                             r"|(?:guide|document|article) (?:says?|said|lists?|mentions?|describes?|recommends?"
                             r"|names?|calls?|gives?|cites?)"  # "which big ones does the guide name?" (dev-7 h7q34)
                             r"|according to)\b")
# "generate me a starter project list", "hand me the rundown on...": whatever the verb, a text is asked for
_TEXT_OBJECT = re.compile(rf"^(?:(?:{_PREFIX})\s+)*[a-z]+(?:\s+(?:me|us))?\s+(?:a|an|the|some|my)\s+"
                          r"(?:[a-z]+\s+){0,3}?(?:list|rundown|run down|overview|summary|breakdown|recap|refresher"
                          r"|explanation|primer|cheat sheet|outline|glossary|timeline|definition|description"
                          r"|conversation|dialogue|story|analogy|metaphor|quiz|sentence|paragraph|essay|poem|tour"
                          r"|gist|session|lesson|lecture|tutorial|walkthrough|interview|exam|flashcards?)\b")
# "demonstrate with the spam example what feature engineering looks like": a wh-clause after an adjunct is
# still the thing to be shown, an explanation
_EXPLAIN_AFTER = re.compile(rf"^(?:(?:{_PREFIX})\s+)*{_VERBS}(?:\s+(?:me|us))?\s+(?:with|using|via|through|by)"
                            r"(?:\s+\S+){1,4}?\s+(?:what|how|why|whether)\b")
_TRY = re.compile(r"\b((?:try|run|test|check|compute|calculate|measure|work out) (?:it|that|this)|have a go"
                  # "find out why a model gave the answer it gave" asks a reason (dev-41 h41q38)
                  r"|give it a (try|go|shot|whirl)|find out(?! why\b)|let s find out|go ahead|do it|see for yourself"
                  # "let's see", but not "let's see what the guide says about...": that asks to be told
                  r"|let s see(?! (?:what|how|why|which|where|when|whether|if)\b)"
                  r"|show me the (numbers|plot|results?)|put (it|that|this|them) to the test"
                  # ... not how something learns: "robots get better by trying moves" (dev-16 h16q31 ran a demo)
                  r"|(?<!better )(?<!learn )(?<!learns )(?<!improve )(?<!improves )"
                  r"by (running|training|fitting|trying|testing)"
                  # a closing "can we?", "could you check?": the tag asks for the run the clause before names
                  r"|^(?:(?:can|could|would|will|shall) (?:we|you|i)(?: please)?(?: (?:check|try|test|run|do|show|see)"
                  r"(?: it| that| this| for me)?)?|can)(?: please)?$)\b")
_ADJUNCT = "(?:on|with|for|using)"
_AGAIN = re.compile(r"\b(again|same thing|same again|this time|one more time|another (run|go|time)|re ?run"
                    r"|now with|but with|but on|instead)\b")
# a formula to work on by hand: a power of a variable beside another term ("x³ − 2x²", "3x^2 + 1"), or a calculation
# named ("long division", "solve for x", "factorise"). The polynomial demo fits a curve to data; it is asked for with
# data, a degree or a fit ("fit y = x^2 + noise" is still a run), never with a formula alone (dev-35: polynomial long
# division ran the regression demo)
_ALGEBRA = re.compile(r"\b\d*[a-z](?:\^\d+|[²³⁴])\s*[-+−*/=]|[-+−*/=]\s*\d*[a-z](?:\^\d+|[²³⁴])"
                      r"|\b(?:long|synthetic) division\b|\bsolve for [a-z]\b|\bfactori[sz]e\b", re.I)
_FIT_WORDS = re.compile(r"\b(fit|fits|fitting|train|regression|regress|noise|noisy|data|points|curve|model|learn)\b")
_NO_RUN = re.compile(r"\b(?:no|without|don t need|do not need|not|never mind)(?: a| the| any)?"
                     r" (?:demos?|running(?: anything)?|runs?|experiments?)(?: needed| please)?\b"
                     r"|\bwithout running\b")
# a measured result: run when a data set is named ("which does better on wine?"), answered when not
_OUTCOME = re.compile(r"\b(accuracy|accurate|scores?|scoring|error rate|f1|variance|how well|performs?|performance"
                      # the measures the demos report, and a count or amount they find
                      r"|mse|mean squared error|r squared|r2|silhouette|inertia|reconstruction error|confusion matrix"
                      r"|precision|recall"
                      r"|(?:which|who|what)( one| model)? (wins|won|is better|does better|performs better|comes out"
                      r" (?:on top|ahead))|winner|does better|do better|beats?|(?:does|do|did|works?|performs?) best"
                      r"|better than|worse than|gets? on|scores? on"
                      # "is k-NN or logistic regression better on the circles?": better or worse on something
                      r"|(?:better|worse|more accurate|less accurate) (?:on|at|with|for)"
                      r"|how (?:blurry|sharp|clean|close|smooth|noisy|fast)"
                      r"|how (good|bad|accurate)|how (does|do|would|will|did) (it|they|that|this) (do|fare|go|look)"
                      r"|how (does|do|would|will|did) ([a-z]+ ){1,6}(do|fare|look|turn out))\b")
# a result once a demo is named: "how many clusters does DBSCAN find...", "which algorithm separates the rings best?"
# ("how many moons does Jupiter have?", "what wine suits a fish supper?" name only a data set)
_RESULT_IF_NAMED = re.compile(r"\bhow (?:many|much)(?: [a-z]+){0,3} (?:does|do|did|will|would|can|could)\b"
                              r"|\bwhich (?:[a-z]+ ){0,3}(?:[a-z]+s|does|do|is|works?) best\b")
_WE_RUN = re.compile(r"^(?:(?:ok|so|hey|hmm|ooh|maybe)\s+)*(?:could|can|shall|should|would|might) (?:we|you|i)\s+"
                     r"(?:please\s+)?(?:quickly\s+)?(?:train|fit|run|try|build|cluster|compare|test|plot|see|do|throw"
                     r"|race|line up|put|have)\b|^(?:how|what) about\b"
                     # "i'd love to see...", "would love to watch...", "i'd like to see...": a wish to watch a run
                     # ("i'd like to see how a CNN works" asks to be told)
                     r"|^(?:i d |i would |would |i )?(?:really )?(?:love|like|enjoy) to (?:see|watch|try|play with)\b"
                     r"(?! (?:how|why|what|which|where|when|whether|if)\b)"
                     # "mind clustering the wine?", not "mind explaining...?"
                     r"|^(?:mind|would you mind|do you mind) "
                     r"(?!explain|tell|describ|walk|talk|go|summar|clarif|defin|elaborat|outlin)[a-z]+ing\b"
                     # wishes and polite asks: "would be cool to see...", "is it possible to train...", "any chance of"
                     r"|^(?:it )?(?:would|d|will) be (?:cool|nice|great|fun|awesome|interesting|good) to"
                     r" (?:see|watch|try|run)"
                     r"|^(?:is|would) it (?:be )?possible to\b|^any chance\b"
                     # "teach a computer to read handwritten numbers", "get a model to tell the moons apart"
                     r"|^(?:(?:let s|lets|let us|please|can we|can you|could we|could you)\s+)?"
                     r"(?:teach|get|make|have) (?:a|the|my|our|some) (?:computer|model|machine|network|net|neural net"
                     r"|classifier|program) to\b")
# a similarity this close offers the demo beside the answer (below SURE it would not run it unasked)
OFFER = 0.45


# "could you possibly show me an autoencoder...", "would you be so kind as to pit a tree against a forest...",
# "can u split the wine into 3 groups...", "can I get a comparison of...": the learner asks the tutor (or "us") to
# act, whatever the verb, unless the act is telling ("could you explain...", "can you show me how...", "would you
# recommend..."). "Can you recognise images with a random forest?" asks what anyone can do: a request needs a data
# set of ours to act on, a setting stated ("could we play with the MLP's learning rate, say 0.05?") or a courtesy
# ("possibly", "kindly", "be so kind as to"), and a demo named (the caller checks: "could you pour me a wine?"
# names only a data set)
_POLITE = re.compile(r"^(?:(?:ok|okay|so|hey|hi|hmm|well|please)\s+)*"
                     r"(?:(?P<wrapper>(?:would|could) you be (?:so kind as|able|willing) to|are you able to"
                     r"|(?:would you be|are you) up for|(?:do you )?fancy(?= [a-z]+ing\b)"
                     r"|is there (?:any )?way (?:you|we) (?:can|could))"
                     r"|(?:can|could|would|will) you|(?:can|could|shall) we"
                     r"|(?:can|could|may) i(?= (?:get|have|see|watch)\b))"
                     r"(?P<adverbs>(?:\s+(?:please|possibly|kindly|perhaps|maybe|just|quickly|actually|also|now))*)"
                     r"\s+(?P<rest>[a-z].*)$")
_TELLING = re.compile(r"(?:explain|tell|describe|talk|discuss|clarify|define|teach|outline|list|name|summari[sz]e"
                      r"|recap|elaborate|say|think|imagine|remind|mention|point|mind|use|advise|recommend|suggest"
                      r"|guess|confirm|be|answer|know|understand|expand|help|walk|go (?:over|through|into)"
                      r"|look into|dig into"
                      # and their -ing forms, after "would you be up for...", "how about..."
                      r"|(?:explain|tell|describ|talk|discuss|clarify|defin|teach|outlin|list|nam|summari[sz]|recapp"
                      r"|elaborat|say|think|imagin|remind|mention|point|us|advis|recommend|suggest|guess|confirm"
                      r"|answer|know|understand|expand|help|walk)ing)\b")


def _asks_us_to_act(clause: str, on_data: bool) -> bool:
    m = _POLITE.match(clause)
    if m is None or not (on_data or m.group("wrapper") or re.search(r"please|possibly|kindly", m.group("adverbs"))):
        return False
    rest = m.group("rest")
    return not any(p.match(rest) for p in (_TELLING, _EXPLAIN, _EXPLAIN_AFTER, _TEXT_OBJECT))


_VERB_WORDS = frozenset(vocab.REQUEST_VERBS)
_FIELD = rf"(?<![a-z0-9])(?:{'|'.join(vocab.FIELD_WORDS)})(?![a-z0-9])"
_AS_MEANS = re.compile(rf"\b(?:with|using|via|by|through) (?:a |an |the |some )?{_FIELD}")


def _on_subject(text: str) -> bool:
    """ "classify ML's three families", "cluster the architectures in the guide": the subject or the document is
    named, other than as the means ("with machine learning", "using a deep learning model")."""
    return re.search(_FIELD, _AS_MEANS.sub(" ", text)) is not None


# "which algorithms could do it?", "who can do that?": asks what does the task, not to try it (dev-11 h11q24 ran the
# comparison demo); "... and how would you do it?" asks the way it is done (dev-35 h35q38 ran the network demo)
_WHO_COULD_DO = re.compile(r"^(?:(?:which|what|who)\b(?: [a-z]+){0,3}|how) (?:could|can|would|will|might|should|does"
                           r"|do|did)(?: you| i| we| one| they| people)? (?:do|run|handle|manage) (?:it|that|this)$")


# "try to keep it short", "try and be brief": "try" leads in to an act that runs nothing ("try to fit..." runs)
_TRY_OTHER = re.compile(rf"^(?:(?:{_PREFIX})\s+)*(?:try|attempt) (?:to|and) (?!(?:{_VERB})\b)")


_FILLER = frozenset("a an the on with for using of and vs versus to at data dataset set please pls go now ok okay quick"
                    " quickly small tiny little".split())


def _terse(clause: str, found: "_Findings") -> bool:
    """A clause of a demo's words, data-set names, settings and fillers only, with a demo's word in it."""
    rest = clause
    hit = False
    for phrase in sorted({*found.phrases}, key=len, reverse=True):
        rest, n = re.subn(_pattern(phrase), " ", rest)
        hit = hit or n > 0
    for phrase in sorted({*vocab.DATASETS, *vocab.SETTING_NAMES, *vocab.NUMBER_NOUNS, *vocab.NUMBER_NAMES},
                         key=len, reverse=True):
        rest = re.sub(_pattern(phrase), " ", rest)
    words = [w for w in rest.split() if w not in _FILLER and not re.fullmatch(r"[0-9.=]+", w)]
    return hit and not words


def _explains(clause: str) -> bool:
    """ "show me the differences...", "demonstrate with the spam example what...", "hand me the rundown on..."."""
    return any(p.match(clause) for p in (_EXPLAIN, _EXPLAIN_AFTER, _TEXT_OBJECT))


def _is_request(clause: str) -> bool:
    return _REQUEST.match(clause) is not None and _TRY_OTHER.match(clause) is None


# "how do you trace a tree's reasoning, and can you do the same with a deep net?": the "you" is anyone, and "the
# same" is the act just asked about, so it asks again, of another model (dev-9 h9q38 ran the tree demo)
# "can I retrace how a decision tree got to its answer, and how about a deep network?": "how about" hands the
# question just asked on to another model, as "the same" does (dev-32 h32q38 ran the tree demo); "how about
# trying it on the moons?", "how about we fit one?" still ask for a run
_ASKS_AGAIN = re.compile(r"^(?:(?:could|can|would) (?:we|you|i|one) do the same"
                         r"|(?:how|what) about(?! (?:we|you|i|us)\b| [a-z]+ing\b))\b")


def _repeats_asked(clauses: list[str], i: int) -> bool:
    # "what does a forest vote on? how about a demo?", "...how about on the moons?" ask for a run, not the question again
    again = _ASKS_AGAIN.match(clauses[i])
    if again is None:
        return False
    if again.group(0).endswith("the same"):
        # "Could I explain to my boss how one decision tree reached its output? Could I do the same for a deep neural
        # net?" (dev-39 h39q38 ran the tree demo): the same as a question before it that asks no run, of another
        # model (a demo's words allowed); "train a tree on iris. could you do the same on wine?" still runs
        return (any(_is_question(c) and not _is_request(c) and not _WE_RUN.match(c) for c in clauses[:i] if c)
                and not any(_has(clauses[i], w) for w in vocab.DATASETS))
    return (any(_WH_QUESTION.match(c) for c in clauses[:i] if c)
            and not any(_has(clauses[i], w) for w in (*vocab.CATALOG_WORDS, *vocab.DATASETS)))


def _is_question(clause: str) -> bool:
    return _QUESTION.match(clause) is not None


def _asks_apart(message: str) -> bool:
    """Whether a message of two sentences or more ends on a question of its own: one that names no demo or data
    set, asks no result and no run, in more words than a tag ("can we?")."""
    sentences = re.split(r"(?<=[.!?])\s+", message.strip())
    if len(sentences) < 2 or not sentences[-1].endswith("?"):
        return False
    last = _normalise(sentences[-1])
    return (len(last.split()) >= 5 and _is_question(last) and not _is_request(last) and not _Findings(last, last).named
            and _OUTCOME.search(last) is None and _TRY.search(last) is None and _WE_RUN.match(last) is None)


def _only_generic(text: str) -> bool:
    """ "show me something", "run a demo", "train a model": a request with nothing specific in it."""
    return any(_has(text, g) for g in vocab.GENERIC) or len(text.split()) <= 3


Hit = tuple[str, float, dict[str, Any]]  # (demo, weight, arguments)


def _phrase_table() -> dict[str, list[Hit]]:
    """Every demo's declared phrases, merged: a phrase may give points to several demos ("neural network").
    Built per message from the registry (a hundred-odd entries, microseconds), so a demo registered later
    is routed to as well."""
    table: dict[str, list[Hit]] = {}
    for demo in all_demos():
        for phrase, (weight, arguments) in demo.phrases.items():
            table.setdefault(phrase, []).append((demo.name, weight, arguments))
    return table


class _Findings:
    """Everything the vocabulary recognises in one message."""

    def __init__(self, message: str, text: str) -> None:
        self.message, self.text = message, text
        masked = text
        self.hits: list[tuple[int, str, float, dict[str, object]]] = []  # (position, demo, weight, args)
        self.phrases: list[str] = []
        self.weights: dict[str, float] = {}  # a phrase's weight: 2 or more names a demo, less only hints at one
        table = _phrase_table()
        for phrase in sorted(table, key=len, reverse=True):  # longest first, then masked out
            for match in re.finditer(_pattern(phrase), masked):
                self.phrases.append(phrase)
                self.weights[phrase] = max(w for _, w, _ in table[phrase])
                self.hits += [(match.start(), d, w, a) for d, w, a in table[phrase]]
                masked = masked[:match.start()] + "#" * (match.end() - match.start()) + masked[match.end():]
        self.hits.sort(key=lambda h: h[0])
        data_text = re.sub(vocab.NOT_DATA, lambda m: "#" * len(m.group(0)), text)
        datasets = sorted((m.start(), name) for phrase, name in vocab.DATASETS.items()
                          for m in re.finditer(_pattern(phrase), data_text))
        self.dataset = datasets[0][1] if datasets else None
        # a benchmark the demo only stands in for, named: asked about, not run (vocab.STAND_INS)
        self.stand_in = any(re.search(_pattern(phrase), text) for phrase in vocab.STAND_INS)
        self.compare = (any(_has(text, w) for w in vocab.COMPARE_WORDS)
                         or re.search(vocab.MANY_MODELS, text) is not None)
        named = [str(a["model"]) for _, d, _, a in self.hits if d == "classify" and "model" in a]
        self.models = list(dict.fromkeys(named))
        if self.compare and any(_has(text, p) for p in vocab.NEURAL_AS_MODEL):
            self.models.append("mlp")
        self.scores = self._scores()

    @property
    def described(self) -> str:
        """What was recognised, for a route's reason."""
        return ", ".join(self.phrases) or self.dataset or "a comparison"

    @property
    def states_settings(self) -> bool:
        """ "say 0.05 for the learning rate", "with 3 neighbours": a setting of a demo it names, as in a run."""
        demos = {d.name: d for d in all_demos()}
        return any(settings_words.in_words(self.text, demos[n].schema["properties"]) for n in self.scores)

    @property
    def named(self) -> bool:
        return bool(self.scores)

    def _scores(self) -> dict[str, float]:
        demos = {d.name: d for d in all_demos()}
        scores: dict[str, float] = {}
        for _, name, weight, _ in self.hits:
            scores[name] = scores.get(name, 0.0) + weight
        if self.dataset:
            fits = {n for n in demos if self.dataset in _data_of(demos[n])}
            if scores and not fits & set(scores):
                self.dataset = None  # "an LSTM on iris": run what was named, on its own data
            else:
                # a data set alone suggests every demo that uses it, except comparing (that needs asking)
                scores = ({n: s for n, s in scores.items() if n in fits}
                          or {n: 0.0 for n in fits if n != "compare"})
                scores = {n: s + 0.5 for n, s in scores.items()}
        if self.compare:  # "compare SVM and k-NN", "compare classifiers on wine"
            classify_like = {n for n, v in scores.items() if v > 0.5} <= {"classify"}
            # "compare ML and DL models on sheer size", "who finds the features in ML versus DL, a human or the
            # algorithm?": the two fields are what is compared, the document's subject, and "models" alone asks
            # for no run (dev-40 h40q37, h40q38 and h40q40 ran the comparison demo); two models or a data set of
            # ours still do
            asks_models = (any(_has(self.text, w) for w in ("model", "classifier", "algorithm"))
                           and not names_both_fields(self.text))
            wanted = len(self.models) >= 2 or classify_like and (
                asks_models or self.dataset in _data_of(demos["compare"]))
            if wanted:
                scores = {"compare": max(scores.values(), default=0.0) + 3}
        return scores

    def arguments(self, demo: Demo) -> dict[str, Any]:
        """The arguments the message gives for `demo`; ranges are checked later, by run_demo."""
        props = demo.schema["properties"]
        args: dict[str, Any] = {}
        for _, name, _, hit_args in self.hits:
            if name == demo.name:
                for key, value in hit_args.items():
                    args.setdefault(key, value)
        if demo.name == "compare" and len(self.models) >= 2:
            args["models"] = self.models[: props["models"].get("maxItems", 8)]
        if self.dataset and self.dataset in props.get("dataset", {}).get("enum", ()):
            args["dataset"] = self.dataset
        args.update(settings_words.in_words(self.text, props))
        args.update(settings_words.named(self.message, props))
        return {k: v for k, v in args.items() if k in props}


def _data_of(demo: Demo) -> tuple[str, ...]:
    prop = demo.schema["properties"].get("dataset")
    return tuple(prop["enum"]) if prop else demo.implied_data


# --- tie-breaking ----------------------------------------------------------------------------------

def _choose(message: str, found: _Findings, embed: Embed | None, llm: Any | None) -> tuple[str, str]:
    best = max(found.scores.values())
    tied = [d.name for d in all_demos() if found.scores.get(d.name, -1.0) >= best - 1e-9]
    if len(tied) == 1:
        return tied[0], "vocabulary"
    sims = _similarities(message, embed)
    if sims:
        return max(tied, key=sims.__getitem__), "similarity among " + "/".join(tied)
    pick = router_model.ask_demo(llm, message, tied) if llm is not None else None
    if pick:
        return pick, "the model among " + "/".join(tied)
    return tied[0], "first in the catalog among " + "/".join(tied)


# per embed function and catalog: one row per demo, computed once (a few embedders at most: tests build their
# own; a demo registered later makes a new catalog)
_description_rows: LRUCache[Any, np.ndarray] = LRUCache(maxsize=4)


def _similarities(message: str, embed: Embed | None) -> dict[str, float]:
    """Cosine similarity of the message with each demo description; empty without a (working) embedder."""
    if embed is None:
        return {}
    demos = all_demos()
    key = (embed, tuple(d.name for d in demos))
    try:
        if key not in _description_rows:
            _description_rows[key] = np.asarray(embed([f"{d.name}: {d.description}" for d in demos]))
        rows = _description_rows[key]
        query = np.asarray(embed([message]))[0]
    except Exception:  # a broken embedder must not break the chat: fall through to the next step
        log.exception("embedding for demo routing failed")
        return {}
    return {d.name: float(rows[i] @ query) for i, d in enumerate(demos)}
