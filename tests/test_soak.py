"""Many sessions at once through the real engine: no errors, no cross-talk, a bounded history per session.
(The long run with memory readings is `python -m eval soak`.)"""
from __future__ import annotations

from eval.soak import OFF_TOPIC, soak_engine
from tutor.engine import MAX_TURNS


def test_concurrent_sessions_keep_to_themselves(tutor):
    result = soak_engine(sessions=3, turns=2, model=tutor.settings.model, tutor=tutor)
    assert result.errors == []
    assert result.crosstalk == [] and len(result.latencies) == 6


def test_a_long_session_keeps_a_bounded_history(tutor):
    # off-topic turns are recorded like any other but need no model: a long chat in a few seconds
    asked = [f"{OFF_TOPIC[i % len(OFF_TOPIC)]} ({i})" for i in range(MAX_TURNS + 15)]
    for question in asked:
        tutor.ask(question, "long-session")
    history = tutor.history("long-session")
    assert [q for q, _ in history] == asked[-MAX_TURNS:]  # the newest turns, oldest dropped
