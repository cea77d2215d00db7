"""Score recommendation answers into a track, with a reason and a citation for every point.

The rules are spelled out at the top of data/recommend.yaml; this module only applies them.
"""
from __future__ import annotations

from collections.abc import Mapping

from tutor.quiz.schema import RecommendSpec
from tutor.quiz.types import PathStep, QuizInputError, Reason, Recommendation

UNKNOWN = "unknown"


def normalize_answers(spec: RecommendSpec, answers: Mapping[str, object]) -> dict[str, str]:
    """Every question id mapped to an option id or "unknown"; anything else is a QuizInputError."""
    if not isinstance(answers, Mapping):
        raise QuizInputError("Answers must be a mapping of question id to option id.")
    extra = set(answers) - {q.id for q in spec.questions}
    if extra:
        raise QuizInputError(f"Unknown question id(s): {', '.join(sorted(map(str, extra)))}. "
                             f"Questions are: {', '.join(q.id for q in spec.questions)}.")
    out: dict[str, str] = {}
    for q in spec.questions:
        value = answers.get(q.id)
        value = UNKNOWN if value is None or str(value).strip().lower() in ("", UNKNOWN) else str(value).strip()
        if value != UNKNOWN and q.option(value) is None:
            choices = ", ".join([o.id for o in q.options] + [UNKNOWN])
            raise QuizInputError(f"{q.id}: {value!r} is not an option; choose one of {choices}.")
        out[q.id] = value
    return out


def score(spec: RecommendSpec, answers: Mapping[str, object]) -> Recommendation:
    """The track the document's criteria point to for these answers."""
    answers = normalize_answers(spec, answers)
    points = {"machine-learning": 0.0, "deep-learning": 0.0}
    reasons = {"machine-learning": [], "deep-learning": []}
    foundation = False
    answered = 0
    for q in spec.questions:
        option = q.option(answers[q.id])
        if option is None:
            continue
        answered += 1
        points[option.toward] += option.weight
        foundation = foundation or bool(option.foundation)
        reasons[option.toward].append((option.weight, Reason(option.reason, option.section, spec.source, option.quote)))

    lean_dl = points["deep-learning"] > points["machine-learning"]  # a tie keeps the default
    side = "deep-learning" if lean_dl else "machine-learning"
    track = ("deep-learning" if foundation else "ml-then-dl") if lean_dl else "machine-learning"
    # strongest criteria first; the order of the questions breaks ties
    cited = [r for _, r in sorted(reasons[side], key=lambda wr: -wr[0])]
    if track == "ml-then-dl":
        cited.append(_rule(spec, "foundation_gate"))
    if not lean_dl and points["machine-learning"] == points["deep-learning"]:
        cited.append(_rule(spec, "default"))

    total = sum(points.values())
    agreement = points[side] / total if total else 0.0
    confidence = round(agreement * answered / len(spec.questions), 2)
    steps = [PathStep(title=s.rsplit(" > ", 1)[-1], section=s, source=spec.source)
             for s in spec.tracks[track].learning_path]
    return Recommendation(track=track, title=spec.tracks[track].title, confidence=confidence, reasons=cited,
                          answers=answers, learning_path=steps, points=points)


def _rule(spec: RecommendSpec, name: str) -> Reason:
    rule = spec.rules[name]  # type: ignore[index]
    return Reason(rule.text, rule.section, spec.source, rule.quote)
