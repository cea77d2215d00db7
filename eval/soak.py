"""`python -m eval soak`: S concurrent sessions x T turns, through the engine in-process and through the web
UI on loopback. Counts errors and cross-talk, and reads resident memory after warm-up and at the end: a leak
shows as steady growth over the turns, a bounded history as a flat line.
"""
from __future__ import annotations

import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.table import Table

from eval.data import load, percentile
from eval.load import embedded, own_turns, text_of
from eval.servers import rss_mb

OFF_TOPIC = ["Who won the football world cup in 1998?", "What is a good recipe for banana bread?",
             "How do I fix a flat bicycle tyre?"]
FOLLOW_UP = "Can you give me an example of that?"


def plan(session: int, turns: int, pool: list[str]) -> list[str]:
    """Mostly document questions, with a follow-up and an off-topic question now and then, like a real chat."""
    out = []
    for t in range(turns):
        if t % 5 == 4:
            out.append(OFF_TOPIC[(session + t) % len(OFF_TOPIC)])
        elif t % 5 == 2:
            out.append(FOLLOW_UP)
        else:
            out.append(pool[(session * turns + t) % len(pool)])
    return out


@dataclass
class Soak:
    mode: str
    sessions: int
    turns: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    crosstalk: int = 0
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, MB)
    warm_at: float | None = None  # when every session had finished its first two turns
    wall: float = 0.0


def _drive(mode: str, sessions: int, turns: int, pid: int,
           turn: Callable[[int, str, list], list], check: Callable[[int, list[str], list], list[str]]) -> Soak:
    """Run every session in its own thread; `turn` asks one question, `check` reads back what it asked."""
    pool = [q.question for q in load()["questions"]]
    result = Soak(mode, sessions, turns)
    lock = threading.Lock()
    done = [0] * sessions
    stop = threading.Event()
    began = time.perf_counter()

    def sample() -> None:
        while not stop.is_set():
            result.rss.append((time.perf_counter() - began, rss_mb(pid)))
            stop.wait(1.0)

    def session(i: int) -> None:
        questions, state = plan(i, turns, pool), []
        for question in questions:
            sent = time.perf_counter()
            try:
                state = turn(i, question, state)
                with lock:
                    result.latencies.append(time.perf_counter() - sent)
            except Exception as exc:
                with lock:
                    result.errors.append(f"session {i}: {type(exc).__name__}: {exc}"[:160])
            with lock:
                done[i] += 1
                if result.warm_at is None and min(done) >= 2:
                    result.warm_at = time.perf_counter() - began
        seen = check(i, questions, state)
        with lock:
            if seen != questions:  # another session's turn in this one's history, or one of its own lost
                result.crosstalk += 1
                result.errors.append(f"session {i} history {seen!r:.300} != its questions {questions!r:.300}")

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.wall = time.perf_counter() - began
    stop.set()
    sampler.join()
    result.rss.append((result.wall, rss_mb(pid)))
    return result


def soak_engine(sessions: int, turns: int, model: str, tutor=None) -> Soak:
    """Through one shared engine in this process (the tests hand in theirs)."""
    from tutor.config import Settings
    from tutor.engine import Tutor

    if tutor is None:
        tutor = Tutor(Settings(model=model))
        tutor.warm_up()

    def turn(i: int, question: str, state: list) -> list:
        answer = tutor.ask(question, f"soak-{i}")
        if not answer.answer:
            raise RuntimeError(f"empty answer to {question!r}")
        return state

    def check(i: int, questions: list[str], _: list) -> list[str]:
        return [q for q, _ in tutor.history(f"soak-{i}")]  # must be its own turns, in its own order

    return _drive("engine", sessions, turns, os.getpid(), turn, check)


def soak_ui(sessions: int, turns: int, model: str) -> Soak:
    from gradio_client import Client

    with tempfile.TemporaryDirectory(prefix="tutor-soak-") as tmp, embedded(Path(tmp), model) as ui:
        clients = [Client(ui.url, verbose=False, analytics_enabled=False) for _ in range(sessions)]
        clients[0].predict("What is machine learning?", api_name="/chat")  # warm-up: load the model

        def turn(i: int, question: str, state: list) -> list:
            _, history = clients[i].predict(question, state, api_name="/chat")  # as a browser sends it back
            reply = text_of(history[-1]) if history else ""
            if not reply or "went wrong" in reply:
                raise RuntimeError(f"bad reply to {question!r}: {reply[:80]!r}")
            return history

        return _drive("web UI", sessions, turns, ui.pid, turn, lambda i, _, history: own_turns(clients[i], history))


def run(sessions: int, turns: int, model: str, modes: list[str]) -> list[Soak]:
    console = Console(width=150)
    results = []
    for mode in modes:
        console.print(f"[bold]{mode}[/]: {sessions} sessions x {turns} turns ({model})…")
        result = {"engine": soak_engine, "ui": soak_ui}[mode](sessions, turns, model)
        console.print(f"  {len(result.latencies)} turns in {result.wall:.0f} s, {len(result.errors)} errors")
        results.append(result)
    table = Table(title=f"Soak: {sessions} sessions x {turns} turns ({model}, 2 CPU cores)")
    for col in ("through", "turns", "errors", "cross-talk", "p50 s", "p95 s", "RSS warm MB", "RSS peak MB",
                "RSS end MB", "growth after warm-up", "of it, in the last half"):
        table.add_column(col, justify="left" if col == "through" else "right")
    for r in results:
        warm = next((mb for t, mb in r.rss if r.warm_at is not None and t >= r.warm_at), r.rss[0][1])
        after = [mb for t, mb in r.rss if r.warm_at is not None and t >= r.warm_at] or [warm]
        end = r.rss[-1][1]
        middle = next(mb for t, mb in r.rss if t >= r.wall / 2)  # flat means no growth once caches are warm
        table.add_row(r.mode, str(len(r.latencies)), str(len(r.errors)), str(r.crosstalk),
                      f"{percentile(r.latencies, 50):.1f}", f"{percentile(r.latencies, 95):.1f}",
                      f"{warm:.0f}", f"{max(after):.0f}", f"{end:.0f}", f"{end - warm:+.0f} MB ({(end - warm) / warm:+.1%})",
                      f"{end - middle:+.0f} MB")
    console.print(table)
    for r in results:
        for e in r.errors[:5]:
            console.print(f"[red]{r.mode}[/] {e}", highlight=False)
    return results
