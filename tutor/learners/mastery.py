"""Mastery per topic (Bayesian Knowledge Tracing) and the review schedule (Leitner boxes).

Why BKT: it is the standard model of intelligent tutors (Corbett & Anderson, 1995), it has four parameters a
reader can check, and it separates a lucky guess from knowing: one right answer on a four-option question
moves the estimate from 0.20 to 0.53, not to "mastered".

    P(L0) = 0.20  the learner already knows a topic before any answer (a newcomer to ML/DL)
    P(T)  = 0.10  chance of learning the topic from one question and its explanation
    P(G)  = 1/options (0.25 for four choices, 0.50 for true/false): a blind guess is right this often
    P(S)  = 0.10  a learner who knows the topic still slips this often

After each answer the estimate is conditioned on the evidence, then the learning step is applied:
    right: P(L|right) = P(L)(1-S) / (P(L)(1-S) + (1-P(L))G)
    wrong: P(L|wrong) = P(L)S / (P(L)S + (1-P(L))(1-G))
    next:  P(L') = P(L|answer) + (1 - P(L|answer)) T
So a right answer always raises mastery; a wrong one lowers it, down to a floor near 0.11 (at which the
learning step balances the evidence). A topic reads "mastered" at P(L) >= 0.95, the usual BKT threshold:
four right answers in a row on four-option questions (0.20 -> 0.53 -> 0.82 -> 0.948 -> 0.987).

Leitner boxes: a question answered for the first time starts in box 1; a right answer moves it up one box
(at most box 4), a wrong one back to box 1. It is due again after the box's interval: 1, 3, 7 or 14 days.
"""
from __future__ import annotations

from datetime import datetime, timedelta

P_L0 = 0.20
P_T = 0.10
P_S = 0.10
MASTERED = 0.95
BOX_DAYS = (1, 3, 7, 14)  # box 1..4


def guess(options: int) -> float:
    """P(G): the chance a blind pick among `options` choices is right."""
    return 1.0 / max(2, options)


def update(p_known: float, correct: bool, options: int) -> float:
    """The BKT estimate after one answer to a question with `options` choices."""
    g = guess(options)
    if correct:
        evidence = p_known * (1 - P_S) / (p_known * (1 - P_S) + (1 - p_known) * g)
    else:
        evidence = p_known * P_S / (p_known * P_S + (1 - p_known) * (1 - g))
    return evidence + (1 - evidence) * P_T


def next_box(box: int | None, correct: bool) -> int:
    """The Leitner box after an answer; `box` is None for a question never answered before."""
    if not correct:
        return 1
    return min(len(BOX_DAYS), (box or 1) + 1)


def due_at(box: int, now: datetime) -> datetime:
    return now + timedelta(days=BOX_DAYS[box - 1])
