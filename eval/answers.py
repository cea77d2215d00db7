"""Answer trust and latency per model, on the dev sets and the held-out sets side by side.

- answers correct: the facts in the answer's own words and none of the opposite claims (eval.data.correct);
- fabrication: shown sentences the document does not support, by a mechanical check (`unsupported`);
- citation precision: shown citations whose passage holds the sentence (`cited_well`);
- not covered: on-topic questions the document does not answer: the reply must say so (coverage) and hold
  none of the facts a model would invent (`forbidden`, written without looking at the code);
- off-topic declined; TTFT (the model's first token) and first shown (the first verified words).
The same two checks run on what the model wrote before verification ("raw"), so the figures show what
verification removed and prove the checks can fail. The engine's own verifier is not used to score it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval.data import (HERE, NEWEST, NUMBERED_DEV, correct, declined, has_facts, load, load_heldout, load_offtopic_dev,
                       mentions, numbered_sets, percentile)
from eval.diff import save
from eval.replay import Replay
from tutor.config import Settings
from tutor.engine import Tutor
from tutor.llm import LLM, get_llm
from tutor.verify import Units, is_silence, numbers, strip_citations

_CITED = re.compile(r"\[(\d{1,2})\]")
_WORDS = re.compile(r"[a-z][a-z0-9]+")
_STOP = set("""the and for are was were that this with from into such than then they them their there these those
have has had not but can could should would will may might also very more most much many some any each other
its it's which what when where who how why about over under only just like used use uses using often well
while because being been does did done make makes made help helps""".split())
SUPPORT = 0.6  # share of a sentence's words (4+ letters, suffix-stripped) that must occur in the passages


def _words(text: str, shortest: int = 4) -> set[str]:
    """Words of 4+ letters with a plural/verb suffix cut: a crude, transparent match, unlike the engine's. A final
    "e" goes too and "ies" reads "y": "reduced"/"reduce" and "penalties"/"penalty" were different words, so
    a sentence citing the very passage that held its fact counted as mis-cited (dev q67, q08). What a sentence
    is checked against keeps its short words (`shortest=2`): "goes" cut to "go" is the question's "go", and "The
    job goes by clustering" counted as fabricated for "What name does that job go by?" (dev-14 h14q22)."""
    out = set()
    for w in _WORDS.findall(text.lower().replace("**", "")):
        if len(w) < shortest or w in _STOP:
            continue
        w = re.sub(r"ies$", "y", w)
        out.add(re.sub(r"e$", "", re.sub(r"(es|s|ed|ing|ly)$", "", w)) or w)
    return out


def sentences(text: str) -> list[str]:
    units = Units("sentence")
    return [u.strip() for u in units.feed(text) + units.flush() if strip_citations(u)]


def _plain(text: str) -> str:
    """Words and digits only; "80%" is "80 percent" and "1,000" is "1000", as the number tokenizer writes them
    (with the sign kept, a sentence quoting the passage's "80%" counted as fabricated)."""
    text = re.sub(r"(\d),(\d\d\d)\b", r"\1\2", text.lower()).replace("%", " percent ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def unsupported(sentence: str, passages: str, question: str, strict: bool = False) -> bool:
    """A number absent from the passages and the question, or under SUPPORT of its words in the passages and the
    question. `strict`: the question's words count for nothing. The lax check passed an answer to an off-topic
    question the gate let through ("Bitonic sort is a ... sort ...", heldout-22): the question's own subject made up
    most of its words. Strict also flags a sentence that fits a learner's scenario (their gran, their shop) to the
    document, so it is an upper bound, reported beside the lax figure."""
    bare = re.sub(r"^\s*(\d{1,2}\.|[-*])\s+", "", strip_citations(sentence))  # a list marker is no claim
    ground = passages if strict else passages + " " + question
    flat = " " + _plain(ground) + " "
    if any(f" {_plain(n)} " not in flat for n in numbers(bare)):
        return True
    words = _words(bare)
    return bool(words) and len(words & _words(ground, shortest=2)) / len(words) < SUPPORT


def cited_well(sentence: str, sources, question: str = "") -> bool | None:
    """None when the sentence cites nothing; else whether every passage it cites holds most of what the sentence
    adds to the question (its words, less those it repeats from the question)."""
    cited = [int(n) for n in _CITED.findall(sentence)]
    if not cited:
        return None
    words = _words(strip_citations(sentence))
    words = (words - _words(question, shortest=2)) or words
    by_n = {s.n: _words(f"{s.section} {s.text}", shortest=2) for s in sources}
    return all(n in by_n and (not words or len(words & by_n[n]) / len(words) >= 0.5) for n in cited)


@dataclass
class Tally:
    n: int = 0
    ok: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, good: bool, note: str) -> None:
        self.n += 1
        self.ok += good
        if not good:
            self.misses.append(note)

    def cell(self) -> str:
        return f"{self.ok}/{self.n} ({self.ok / self.n:.0%})" if self.n else "-"


@dataclass
class Result:
    model: str
    split: str
    correct: Tally = field(default_factory=Tally)
    not_covered: Tally = field(default_factory=Tally)
    offtopic: Tally = field(default_factory=Tally)
    lookalike: Tally = field(default_factory=Tally)  # seem off-topic, the document answers them: not declined
    shown: Tally = field(default_factory=Tally)  # ok = supported
    strict: Tally = field(default_factory=Tally)  # ok = supported by the passages alone (`unsupported(strict=True)`)
    raw: Tally = field(default_factory=Tally)
    citations: Tally = field(default_factory=Tally)  # ok = the cited passage holds the sentence
    raw_citations: Tally = field(default_factory=Tally)
    ttft: list[float] = field(default_factory=list)
    shown_ms: list[float] = field(default_factory=list)
    verify_ms: list[float] = field(default_factory=list)
    by_tag: dict[str, Tally] = field(default_factory=dict)  # answers correct per kind of question (counts only)
    quoted: Tally = field(default_factory=Tally)  # ok = answered by quoting a comparison, with no model call
    causes: dict[str, int] = field(default_factory=dict)  # why wrong answers are wrong (counts only)
    replayed: str = ""  # "replayed / calls" of the model under --replay: its speed figures then measure nothing


# why an answer is wrong, from the first stage that lost the fact: the gate, coverage, retrieval or the wording;
# before them all the router, when a question got a demo or the list of demos instead of an answer
CAUSES = ("declined as off-topic", "said not covered", "fact not in the passages", "fact in the passages, not said",
          "a demo or the demo list instead")


def _menu(answer) -> bool:
    """A demo's report or the list of demos: the router's reply, no answer from the passages."""
    from tutor.tools import catalog_text

    return answer.tool is not None or answer.answer == catalog_text()


def cause(answer, q) -> str:
    """The stage that lost a wrong answer's fact: where to work next, counted without reading held-out items."""
    if _menu(answer):
        return CAUSES[4]
    if answer.coverage == "off_topic":
        return CAUSES[0]
    if answer.coverage == "not_covered":
        return CAUSES[1]
    return CAUSES[3] if answer.sources and has_facts(_passages(answer), q.facts, q.question) else CAUSES[2]


def _passages(answer) -> str:
    """The passages shown with an answer, headings included: what its facts and sentences are checked against."""
    return " ".join(f"{s.section} {s.text}" for s in answer.sources)


def _tags(results: list[Result]) -> list[str]:
    return sorted({tag for r in results for tag in r.by_tag})


FIXED = re.compile(r"The document says:|The document doesn't cover that|What it does say nearby|Want to see it run\?")


def generated(text: str) -> list[str]:
    """The sentences the model wrote that claim something: the text before the tutor's fixed parts (quotes of
    the passages, the offer of a demo), without "the document does not say ..." sentences."""
    return [s for s in sentences(FIXED.split(text, 1)[0]) if not is_silence(s)]


def _sentence_checks(result: Result, answer, question: str, qid: str) -> None:
    # a demo's report, the list of demos or a decline: the tutor's fixed text, no claim drawn from passages (the
    # list's 11 lines, shown for one question of heldout-11 at first contact, were counted as 11 fabricated
    # sentences; a question that gets it is counted wrong, cause CAUSES[4])
    if _menu(answer) or answer.coverage == "off_topic":
        return
    passages = _passages(answer)
    for text, support, citations in ((answer.answer, result.shown, result.citations),
                                     (answer.raw, result.raw, result.raw_citations)):
        for sentence in generated(text):
            support.add(not unsupported(sentence, passages, question), f"{qid}: {sentence}")
            if support is result.shown:
                result.strict.add(not unsupported(sentence, passages, question, strict=True), f"{qid}: {sentence}")
            cited = cited_well(sentence, answer.sources, question)
            if cited is not None:
                citations.add(cited, f"{qid}: {sentence}")


def evaluate(model: str, split: str, limit: int = 0, console: Console | None = None,
             unit: str = "sentence", budget: int | None = None, replay: bool = False, llm: LLM | None = None) -> Result:
    """One model on one split. `llm`: a backend to use instead of the model's (eval/scan.py's scripted replies)."""
    console = console or Console()
    settings = Settings(model=model, verify_unit=unit) if llm is None else Settings(verify_unit=unit)
    if budget is not None:
        settings = settings.model_copy(update={"context_chars": budget})
    if replay and llm is None:  # the same replies as the last run wherever the engine asks the same (eval/replay.py)
        llm = Replay(get_llm(settings), settings.data_dir / "replay" / f"{model}.jsonl")
    tutor = Tutor(settings, llm=llm)
    tutor.warm_up()
    if split == "dev":
        data = load()
        questions, offtopic = data["questions"], load_offtopic_dev()
        uncovered = _items(HERE / "not_covered.yaml")
    elif split == "dev-2":  # the second dev sets: questions worded far from the document, not covered, look-alikes
        questions, offtopic, uncovered = (load(HERE / "questions_dev2.yaml")["questions"],
                                          _items(HERE / "lookalikes_dev.yaml"), _items(HERE / "not_covered_dev2.yaml"))
    elif split == "dev-3":  # the third dev sets, written blind: 45 questions (20 everyday words, 10 comparisons,
        # 15 look-alikes in small-talk framing) and 50 off-topic questions
        questions = load(HERE / "questions_dev3.yaml")["questions"]
        offtopic, uncovered = _items(HERE / "offtopic_dev4.yaml"), []
    elif split == "probe":  # the dev routing sets' knowledge questions: no facts to score, only what is shown
        questions, offtopic, uncovered = [], [], []
        probes = [item["text"] for name in ("routing.yaml", "routing_dev2.yaml", "routing_dev3.yaml",
                                            "routing_seen.yaml")
                  for item in _items(HERE / name, "items") if item["intent"] == "question"]
    elif split == "heldout-2":  # the fourth sets (questions_2, not_covered_2) and the third off-topic set
        questions, offtopic, uncovered = (load_heldout("questions_2"), load_heldout("offtopic_3"),
                                          load_heldout("not_covered_2"))
    elif split == "heldout-3":  # the fifth sets: questions_3, not_covered_3, offtopic_4
        questions, offtopic, uncovered = (load_heldout("questions_3"), load_heldout("offtopic_4"),
                                          load_heldout("not_covered_3"))
    elif split == "heldout-4":  # the sixth sets, written blind after the comparison answers: questions_4 and
        # not_covered_4 (no off-topic set of their own: heldout-3 holds the newest)
        questions, offtopic, uncovered = load_heldout("questions_4"), [], load_heldout("not_covered_4")
    elif split in NUMBERED_DEV or split == f"heldout-{NEWEST}":
        questions, offtopic, uncovered = numbered_sets(split)
    elif split == "heldout":
        questions, offtopic, uncovered = (load_heldout("questions"), load_heldout("offtopic"),
                                          load_heldout("not_covered"))
    else:
        raise ValueError(f"unknown split {split!r}: dev, dev-2, dev-3, dev-5 .. dev-{NEWEST - 1}, probe, heldout, "
                         f"heldout-2 .. heldout-4, heldout-{NEWEST}")
    if split != "probe":
        probes = []
    if limit:
        questions, offtopic, uncovered, probes = questions[:limit], offtopic[:limit], uncovered[:limit], probes[:limit]
    label = model if unit == "sentence" else f"{model} ({unit})"
    result = Result(label if budget is None else f"{label} ({budget} chars)", split)
    for i, q in enumerate(questions):
        answer = tutor.ask(q.question, session_id=f"eval-{split}-{i}")
        good = answer.coverage == "answered" and correct(answer.answer, q)
        result.correct.add(good, f"{q.id} {q.question} -> [{answer.coverage}] {answer.answer[:200]!r}")
        _sentence_checks(result, answer, q.question, q.id)
        if not good:
            why = cause(answer, q)
            result.causes[why] = result.causes.get(why, 0) + 1
        for tag in q.tags:
            result.by_tag.setdefault(tag, Tally()).add(good, q.id)
        t = answer.timings
        if answer.coverage == "answered" and answer.tool is None:
            result.quoted.add(t.first_token_ms is None, q.id)  # ok: the tutor's quote alone, no model call
        if t.first_token_ms is not None:
            result.ttft.append(t.first_token_ms)
        if t.first_shown_ms is not None and answer.tool is None and answer.coverage == "answered":
            result.shown_ms.append(t.first_shown_ms)
            result.verify_ms.append(t.verify_ms)
        if not split.startswith("heldout"):  # a held-out item is counted, never read
            console.print(f"{model} {split} {q.id} {'ok ' if good else 'MISS'} {answer.answer[:110]!r}",
                          markup=False, highlight=False)
    for k, text in enumerate(probes):  # fabrication and citation checks on more of what the model writes
        _sentence_checks(result, tutor.ask(text, session_id=f"eval-{split}-probe-{k}"), text, f"p{k:03d}")
    for k, item in enumerate(uncovered):
        answer = tutor.ask(item["question"], session_id=f"eval-{split}-nc-{k}")
        invented = mentions(answer.answer, item.get("forbidden", []))
        good = answer.coverage in ("not_covered", "off_topic") and not invented
        result.not_covered.add(good, f"{item['id']} {item['question']} -> [{answer.coverage}] {answer.answer[:200]!r}")
        _sentence_checks(result, answer, item["question"], item["id"])
        if not split.startswith("heldout"):
            console.print(f"{model} {split} {item['id']} {'ok ' if good else 'MISS'} [{answer.coverage}] "
                          f"{answer.answer[:100]!r}", markup=False, highlight=False)
    for k, item in enumerate(offtopic):
        answer = tutor.ask(item["question"], session_id=f"eval-{split}-off-{k}")
        if item.get("answerable"):  # a gate that declines everything fails these
            good = not declined(answer) and all(mentions(answer.answer, group) for group in item.get("facts", []))
            result.lookalike.add(good, f"look-alike {item['question'][:60]} -> [{answer.coverage}] {answer.answer[:120]!r}")
            continue
        good = declined(answer) and not mentions(answer.answer, item.get("forbidden", []))
        result.offtopic.add(good, f"off-topic {item['question'][:60]} -> [{answer.coverage}] {answer.answer[:120]!r}")
    if isinstance(llm, Replay):
        result.replayed = f"{llm.replayed} / {llm.replayed + llm.asked}"
    return result


def _items(path, key: str = "questions") -> list[dict]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))[key]


def _ms(values: list[float]) -> str:
    return f"{percentile(values, 50) / 1000:.2f} / {percentile(values, 90) / 1000:.2f}" if values else "-"


def run(models: list[str], splits: list[str], limit: int = 0, units: tuple[str, ...] = ("sentence",),
        budgets: tuple[int | None, ...] = (None,), replay: bool = False, json_out: Path | None = None) -> list[Result]:
    console = Console()
    results = [evaluate(m, s, limit, console, unit, budget, replay)
               for m in models for s in splits for unit in units for budget in budgets]
    table = Table(title="Answers: engine with answerability and verified streaming (2 threads, CPU)")
    table.add_column("metric")
    for r in results:
        table.add_column(f"{r.model}\n{r.split}", justify="right")
    rows = [
        ("answers correct", lambda r: r.correct.cell()),
        ("not covered: said so, nothing invented", lambda r: r.not_covered.cell()),
        ("off-topic declined", lambda r: r.offtopic.cell()),
        ("off-topic look-alikes answered with a fact", lambda r: r.lookalike.cell()),
        ("shown sentences supported", lambda r: r.shown.cell()),
        ("fabricated sentences shown", lambda r: str(r.shown.n - r.shown.ok)),
        ("  strict: the question's words not counted", lambda r: str(r.strict.n - r.strict.ok)),
        ("raw model sentences supported", lambda r: r.raw.cell()),
        ("citation precision (shown)", lambda r: r.citations.cell()),
        ("citation precision (raw, model's numbers)", lambda r: r.raw_citations.cell()),
        ("TTFT p50 / p90 (s)", lambda r: _ms(r.ttft)),
        ("first shown p50 / p90 (s)", lambda r: _ms(r.shown_ms)),
        ("verification p50 / max (ms)", lambda r: (f"{percentile(r.verify_ms, 50):.0f} / {max(r.verify_ms):.0f}"
                                                  if r.verify_ms else "-")),
    ]
    for tag in _tags(results):  # e.g. "compare": which kinds of question fail, without printing an item
        rows.insert(1, (f"  correct, {tag}", lambda r, tag=tag: r.by_tag[tag].cell() if tag in r.by_tag else "-"))
    rows.append(("answered by a quote alone (no model call)", lambda r: r.quoted.cell()))
    if any(r.replayed for r in results):  # --replay: recorded replies arrive at once, so the times above mean nothing
        rows.append(("model calls replayed (speed figures void)", lambda r: r.replayed or "-"))
    for why in CAUSES:  # the wrong answers by the stage that lost the fact
        rows.append((f"  wrong: {why}", lambda r, why=why: str(r.causes.get(why, 0)) if r.correct.n else "-"))
    for label, cell in rows:
        table.add_row(label, *(cell(r) for r in results))
    console.print(table)
    for r in results:
        if r.split.startswith("heldout"):  # held-out misses are never printed: reading them is tuning on them
            continue
        console.print(f"\n[bold]{r.model} {r.split}[/] misses:")
        for tally, name in ((r.correct, "wrong"), (r.not_covered, "not-covered"), (r.offtopic, "off-topic"), (r.lookalike, "look-alike"),
                            (r.shown, "unsupported shown"), (r.strict, "unsupported shown, strict"),
                            (r.citations, "mis-cited")):
            for line in tally.misses:
                console.print(f"  - {name}: {line}", markup=False)
    if json_out:  # item by item, for `eval compare` (eval/diff.py); a held-out split as counts only
        save(results, json_out)
    return results
