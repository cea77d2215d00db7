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
from eval.load import crosstalk, embedded, engine_questions, text_of
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
    crosstalk: list[str] = field(default_factory=list)  # sessions whose engine record was not their own
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, MB)
    warm_at: float | None = None  # when every session had finished its first two turns
    wall: float = 0.0


def _drive(mode: str, sessions: int, turns: int, pid: int,
           turn: Callable[[int, str, list], list], check: Callable[[int, list[str], list], str | None]) -> Soak:
    """Run every session in its own thread; `turn` asks one question (and returns the session's state),
    `check` compares what the engine holds for the session with what it asked and was told (None: its own)."""
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
        state, asked = [], []  # a failed question leaves no turn behind
        for question in plan(i, turns, pool):
            sent = time.perf_counter()
            try:
                state = turn(i, question, state)
                asked.append(question)
                with lock:
                    result.latencies.append(time.perf_counter() - sent)
            except Exception as exc:
                with lock:
                    result.errors.append(f"session {i}: {type(exc).__name__}: {exc}"[:160])
            with lock:
                done[i] += 1
                if result.warm_at is None and min(done) >= 2:
                    result.warm_at = time.perf_counter() - began
        problem = check(i, asked, state)
        if problem:
            with lock:
                result.crosstalk.append(f"session {i}: {problem}")

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


def engine_crosstalk(asked: list[str], told: list[tuple[str, str]], held: list[tuple[str, str]]) -> str | None:
    """Why a session's record in the engine is not its own: the engine must hold exactly the questions the
    session asked, each with the answer the session was given (None: it does)."""
    if [q for q, _ in told] != asked:
        return f"answered {[q for q, _ in told]!r:.200} but asked {asked!r:.200}"
    if [q for q, _ in held] != asked:
        return f"engine holds questions {[q for q, _ in held]!r:.200} but the session asked {asked!r:.200}"
    wrong = [q for (q, a), (_, t) in zip(held, told) if a != t]
    if wrong:
        return f"engine holds answers this session was not given, to {wrong!r:.200}"
    return None


def soak_engine(sessions: int, turns: int, model: str, tutor=None) -> Soak:
    """Through one shared engine in this process (the tests hand in theirs)."""
    from tutor.config import Settings
    from tutor.engine import MAX_TURNS, Tutor

    if tutor is None:
        tutor = Tutor(Settings(model=model))
        tutor.warm_up()

    def turn(i: int, question: str, state: list) -> list:
        answer = tutor.ask(question, f"soak-{i}")
        if not answer.answer:
            raise RuntimeError(f"empty answer to {question!r}")
        return [*state, (answer.question, answer.answer)]  # what this session was told

    def check(i: int, asked: list[str], told: list) -> str | None:  # the engine keeps the newest MAX_TURNS
        return engine_crosstalk(asked[-MAX_TURNS:], told[-MAX_TURNS:], tutor.history(f"soak-{i}"))

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

        return _drive("web UI", sessions, turns, ui.pid, turn,
                      lambda i, asked, history: crosstalk(asked, engine_questions(clients[i], history)))


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
        table.add_row(r.mode, str(len(r.latencies)), str(len(r.errors)), str(len(r.crosstalk)),
                      f"{percentile(r.latencies, 50):.1f}", f"{percentile(r.latencies, 95):.1f}",
                      f"{warm:.0f}", f"{max(after):.0f}", f"{end:.0f}", f"{end - warm:+.0f} MB ({(end - warm) / warm:+.1%})",
                      f"{end - middle:+.0f} MB")
    console.print(table)
    for r in results:
        for e in [*r.crosstalk, *r.errors][:5]:
            console.print(f"[red]{r.mode}[/] {e}", highlight=False)
    return results
