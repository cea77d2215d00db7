"""Quiz questions, feedback, scores, recommendations and progress in words: one renderer for every interface.

Each function returns a `Card` (a title, a Markdown body, named fields, a footer). The web UI shows
`card.markdown()`, the terminal prints the same Markdown with rich, Discord builds an embed from the parts
(or sends the Markdown). The words are chosen once, here, so the three interfaces say the same thing.
Bodies use only Markdown that all three render: bold, italics, bullet lists, no tables or HTML.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Mapping

if TYPE_CHECKING:
    from tutor.quiz.types import Recommendation, Score

from tutor.learners.mastery import MASTERED  # the store's model says when a topic is mastered

TRACKS = {"ml": "Machine learning first", "dl": "Deep learning first"}


@dataclass
class Card:
    title: str
    body: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    footer: str = ""

    def markdown(self, level: int = 3) -> str:
        parts = [f"{'#' * level} {self.title}"] if self.title else []
        parts += [self.body] if self.body else []
        parts += [f"**{name}**\n\n{value}" for name, value in self.fields]
        parts += [f"*{self.footer}*"] if self.footer else []
        return "\n\n".join(parts)


def heading(section: str) -> str:
    """The last part of a heading path, which is what a learner recognises."""
    return section.split(" > ")[-1].strip() or section


def path(section: str) -> str:
    return " › ".join(part.strip() for part in section.split(" > "))


def cited(section: str, source: str) -> str:
    return f"📖 Source: {source} — {path(section)}"


def options(choices: Iterable[str]) -> str:
    """One lettered option per line (a list, so every Markdown renderer keeps the lines apart)."""
    return "\n".join(f"- **{letter})** {text}" for letter, text in zip(string.ascii_uppercase, choices))


# -- knowledge checks --------------------------------------------------------------------------------------------
def question(text: str, choices: Iterable[str] = (), *, number: int | None = None, total: int | None = None,
             round: int = 1, due: bool = False) -> Card:
    """A question with its lettered options (leave `choices` empty when the interface shows them as buttons)."""
    title = f"Question {number}/{total}" if number and total else "Question"
    if round > 1:
        title += f" · retry round {round - 1}"
    if due:
        title += " · 🔁 review"
    listed = options(choices)
    return Card(title, f"**{text}**" + (f"\n\n{listed}" if listed else ""))


def feedback(*, correct: bool, answer: str, explanation: str, section: str, source: str,
             mastery: Mapping[str, float] | None = None, titles: Mapping[str, str] | None = None) -> Card:
    """The verdict on one answer, the explanation, where the document says it, and the topic's new mastery."""
    title = "✅ Correct!" if correct else "❌ Not quite."
    body = ("" if correct else f"The answer is **{answer}**. ") + explanation
    fields = [("Mastery", ", ".join(f"{(titles or {}).get(t, t)} {m:.0%}" for t, m in mastery.items()))] \
        if mastery else []
    return Card(title, body, fields, cited(section, source))


def score(s: Score, *, stopped: bool = False) -> Card:
    """The score of a knowledge-check round; when it is over, the ones to review."""
    if stopped:
        return Card(f"Stopped. Score so far: {s.correct}/{s.answered}")
    if not s.finished:
        return Card(f"Score: {s.correct}/{s.answered} of {s.total}")
    title = f"Round over · Score: {s.correct}/{s.answered} ({s.percent:g}%)"
    if not s.wrong:
        return Card(title, "🎉 All correct!")
    review = "\n".join(f"- {w['question']} → **{w['correct_answer']}** (*{heading(w['section'])}*)"
                       for w in s.wrong[:10])
    return Card(title, f"To review:\n\n{review}")


# -- "Which should I learn first?" -------------------------------------------------------------------------------
def recommendation(rec: Recommendation) -> Card:
    """The track, each reason with the passage behind it, and the learning path grouped by its part."""
    reasons = "\n".join(f"- {r.text}" + (f" *“{r.quote}”*" if r.quote else "") + f" (📖 {heading(r.section)})"
                        for r in rec.reasons)
    steps, part = [], None
    for step in rec.learning_path:
        parent = step.section.split(" > ")[-2] if " > " in step.section else ""
        if parent and parent != part:  # "Learning Path for Machine Learning", then "... for Deep Learning"
            steps.append(f"- *{parent}*")
            part = parent
        steps.append(f"{'  ' if part else ''}- {step.title}")  # titles carry their own "Step n:"
    sources = sorted({r.source for r in rec.reasons} | {s.source for s in rec.learning_path})
    return Card(f"Start with: {rec.title}", f"*Confidence {rec.confidence:.0%}*\n\n**Why**\n\n{reasons}",
                [("Your learning path", "\n".join(steps))] if steps else [],
                f"📖 From {', '.join(sources)}" if sources else "")


# -- progress ----------------------------------------------------------------------------------------------------
def progress(p: Mapping[str, Any], titles: Mapping[str, str] | None = None, *, steps: bool = True) -> Card:
    """A learner's progress (LearnerService.progress): mastery per topic, reviews due, activity, track
    (with its steps ticked or not, unless the interface shows them as checkboxes: `steps=False`)."""
    titles = titles or {}
    topics = [t for t in p.get("topics", []) if t.get("attempts")]
    lines = [f"- **{_title(t, titles)}**: {t['mastery']:.0%}{' ✅ mastered' if t.get('mastered') else ''} · "
             f"{t['correct']}/{t['attempts']} correct" + (f" · {t['due']} due" if t.get("due") else "")
             for t in topics]
    body = "\n".join(lines) or "No quiz answers yet: a practice quiz shows your mastery here."
    fields = []
    due = p.get("due_reviews") or []
    fields.append(("Due for review", "\n".join(f"- {_review(r)}" for r in due[:10]) + (
        f"\n- …and {len(due) - 10} more" if len(due) > 10 else "") if due else "Nothing due right now."))
    history = p.get("history") or []
    if history:
        fields.append(("Attempts by day", "\n".join(f"- {h['day']}: {h['attempts']} answered, {h['correct']} right"
                                                    for h in history[-7:])))
    track = p.get("track")
    listed = "\n".join(f"- {'☑' if s.get('done') else '☐'} {s['step']}" for s in p.get("path") or []) if steps else ""
    fields.append(("Your track", f"{TRACKS.get(track, track)}" + (f"\n\n{listed}" if listed else "")
                   if track else "Not chosen yet: take the *Which should I learn?* quiz."))
    who = p.get("display_name") or p.get("learner") or ""
    return Card(f"Progress{' of ' + who if who else ''}", body, fields,
                f"{p.get('turns', 0)} chat turns stored. Forget me deletes all of it.")


def _title(topic: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    return topic.get("title") or titles.get(topic["topic"], topic["topic"])


def _review(r: Any) -> str:
    if isinstance(r, Mapping):
        text = r.get("question") or r.get("id") or ""
        when = str(r.get("due_at") or "")[:16].replace("T", " ")
        return f"{text}" + (f" (*due {when} UTC*)" if when else "")
    return str(r)


def mastery_chart(p: Mapping[str, Any], out: Path | BinaryIO, titles: Mapping[str, str] | None = None) -> None:
    """Mastery per topic as a horizontal bar chart, a PNG written to `out` (a path or a binary file)."""
    from matplotlib.figure import Figure  # not pyplot: no global figure state shared between threads

    titles = titles or {}
    topics = list(p.get("topics", []))
    names = [_title(t, titles) for t in topics] or ["(no topics)"]
    values = [float(t.get("mastery") or 0.0) for t in topics] or [0.0]
    fig = Figure(figsize=(7, 0.45 * len(names) + 1.2), dpi=110)
    ax = fig.add_subplot()
    bars = ax.barh(names[::-1], values[::-1], color=["#4f46e5" if v >= MASTERED else "#93a5f5" for v in values[::-1]])
    ax.bar_label(bars, labels=[f"{v:.0%}" for v in values[::-1]], padding=3, fontsize=8)
    ax.axvline(MASTERED, color="#16a34a", linestyle="--", linewidth=1)
    ax.set_xlim(0, 1.1)
    ax.set_xlabel("mastery (dashed: mastered)")
    ax.set_title("Mastery per topic")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png")


# -- what the tutor asks the engine on the learner's behalf ------------------------------------------------------
def why_question(question_text: str, answer: str) -> str:
    """The chat question behind a quiz's "Why?": answered by the normal engine, so verified and cited.
    The quiz's words follow "Question:" and "Answer:" so their capitalised first words open a sentence: inside
    quotes, the engine's coverage check read "Which" as a name the document lacks and declined the question."""
    return f"Why is this the answer? Question: {question_text} Answer: {answer}."


TEACHING = {"simpler": "Explain more simply", "example": "Give me an example"}


def teaching_request(action: str, standalone: str) -> str:
    """"Explain more simply: <the previous question>", retrieved from the same passages as that answer."""
    return f"{TEACHING[action]}: {standalone}"
