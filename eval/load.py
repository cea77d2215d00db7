"""`python -m eval load`: K concurrent simulated learners against a running web UI on loopback, for the
embedded setup (one process: Chroma on disk, llama.cpp in-process) and the server setup (`chroma run` +
llama.cpp's OpenAI-compatible server + the UI as a thin client of both), side by side in one run.

Each learner is its own gradio_client session asking distinct questions from eval/questions.yaml; after its
turns, Undo reads back, turn by turn, the questions the server's engine session holds for it: they must be
exactly its own, in order (no cross-talk between sessions).
"""
from __future__ import annotations

import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from rich.console import Console
from rich.table import Table

from eval.data import load, percentile
from eval.servers import Running, chroma_server, link_model, llama_server, ui_server
from tutor.config import PROJECT_ROOT, Settings
from tutor.models import gguf_path

SORRY = ("Sorry.", "went wrong", "failed")


@dataclass
class Round:
    setup: str
    learners: int
    latencies: list[float] = field(default_factory=list)  # seconds, question sent -> answer complete
    first_update: list[float] = field(default_factory=list)  # seconds, question sent -> evidence on screen
    errors: list[str] = field(default_factory=list)
    crosstalk: list[str] = field(default_factory=list)  # learners whose engine session was not their own
    wall: float = 0.0


def _data_dir(root: Path, model: str) -> Path:
    """A fresh data dir with the assembled model linked in."""
    link_model(root / "data", model)
    return root / "data"


@contextmanager
def embedded(root: Path, model: str) -> Iterator[Running]:
    from tutor.ingest import ingest

    data = _data_dir(root / "embedded", model)
    ingest(Settings(data_dir=data, model=model))
    with ui_server({"TUTOR_DATA_DIR": str(data), "TUTOR_MODEL": model,
                    "TUTOR_KNOWLEDGE_DIR": str(PROJECT_ROOT / "knowledge")}) as ui:
        yield ui


@contextmanager
def served(root: Path, model: str) -> Iterator[Running]:
    from tutor.ingest import ingest

    data = _data_dir(root / "server", model)
    with ExitStack() as stack:
        chroma = stack.enter_context(chroma_server(root / "chroma"))
        ingest(Settings(data_dir=data, model=model, chroma_host="127.0.0.1", chroma_port=chroma.port))
        llm = stack.enter_context(llama_server(gguf_path(model, data / "models"), alias="tutor"))
        yield stack.enter_context(ui_server({
            "TUTOR_DATA_DIR": str(data), "TUTOR_MODEL": model, "TUTOR_KNOWLEDGE_DIR": str(PROJECT_ROOT / "knowledge"),
            "TUTOR_CHROMA_HOST": "127.0.0.1", "TUTOR_CHROMA_PORT": str(chroma.port),
            "TUTOR_LLM_BACKEND": "openai", "TUTOR_OPENAI_BASE_URL": llm.url, "TUTOR_OPENAI_MODEL": "tutor"}))


def text_of(message: dict) -> str:
    """A chat message's text, whether the client hands it over as a string or as a list of typed parts."""
    content = message.get("content", "")
    if isinstance(content, list):
        return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
    if isinstance(content, dict):
        return str(content.get("text") or content.get("value") or "")
    return str(content)


def engine_questions(client: Any, history: list) -> list[str]:
    """The questions the server's engine session holds for this learner, read back with Undo: each Undo takes
    the engine's own last turn back and puts the question the engine held into the text box. Cross-talk (a
    turn of another session in this one) puts a question here this learner never asked. Empties the chat."""
    held: list[str] = []
    for _ in range(sum(m.get("role") == "user" for m in history)):
        box, history = client.predict(history, api_name="/undo")
        held.append(box)
    return held[::-1]


def crosstalk(asked: list[str], held: list[str]) -> str | None:
    """Why a learner's session is not its own (None: it holds exactly what it asked, in order)."""
    if held != asked:
        return f"engine holds {held!r:.300} but the learner asked {asked!r:.300}"
    return None


def learner(url: str, questions: list[str], result: Round, lock: threading.Lock, start: threading.Barrier) -> None:
    """One simulated learner: its own session, its own questions, one after another."""
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False)
    start.wait()
    history: list = []
    answered: list[str] = []  # a failed question leaves no turn behind
    for question in questions:
        sent = time.perf_counter()
        first = None
        try:
            job = client.submit(question, history, api_name="/chat")  # the history goes back, as from a browser
            for i, _ in enumerate(job):
                if i == 1 and first is None:  # update 0 puts the question up; the next shows the evidence
                    first = time.perf_counter() - sent
            _, history = job.result()
        except Exception as exc:  # counted and shown, never fatal to the run
            with lock:
                result.errors.append(f"{type(exc).__name__}: {exc}"[:160])
            continue
        took = time.perf_counter() - sent
        answered.append(question)
        reply = text_of(history[-1]) if history else ""
        with lock:
            result.latencies.append(took)
            if first is not None:
                result.first_update.append(first)
            if not reply or any(s in reply[:200] for s in SORRY):
                result.errors.append(f"bad reply to {question[:40]!r}: {reply[:100]!r}")
    problem = crosstalk(answered, engine_questions(client, history))
    if problem:
        with lock:
            result.crosstalk.append(problem)


def measure(url: str, setup: str, k: int, turns: int, pool: list[str], offset: int) -> Round:
    result = Round(setup, k)
    lock, start = threading.Lock(), threading.Barrier(k + 1)
    plans = [[pool[(offset + i * turns + t) % len(pool)] for t in range(turns)] for i in range(k)]
    threads = [threading.Thread(target=learner, args=(url, plan, result, lock, start)) for plan in plans]
    for t in threads:
        t.start()
    start.wait()  # all clients connected: time only the asking
    began = time.perf_counter()
    for t in threads:
        t.join()
    result.wall = time.perf_counter() - began
    return result


def run(learners: list[int], turns: int, model: str, setups: list[str]) -> list[Round]:
    console = Console(width=150)  # the table is wide; a pipe would get 80 columns
    pool = [q.question for q in load()["questions"]]
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="tutor-load-") as tmp:
        for setup in setups:
            starter = {"embedded": embedded, "server": served}[setup]
            console.print(f"[bold]{setup}[/]: starting ({model})…")
            with starter(Path(tmp), model) as ui:
                measure(ui.url, setup, 1, 1, pool, 999)  # warm-up: model loaded, caches filled
                offset = 0
                for k in learners:
                    r = measure(ui.url, setup, k, turns, pool, offset)
                    offset += k * turns
                    console.print(f"  K={k}: {len(r.latencies)} answers in {r.wall:.1f} s, "
                                  f"{len(r.errors)} errors, cross-talk {len(r.crosstalk)}")
                    rounds.append(r)
    _table(console, rounds, model, turns)
    return rounds


def _table(console: Console, rounds: list[Round], model: str, turns: int) -> None:
    table = Table(title=f"Load: K learners x {turns} turns through the web UI ({model}, 2 CPU cores)")
    for col in ("setup", "K", "answers", "errors", "cross-talk", "evidence p50 s", "answer p50 s", "answer p95 s",
                "answers/min", "p50 vs embedded"):
        table.add_column(col, justify="right" if col not in ("setup",) else "left")
    base = {r.learners: percentile(r.latencies, 50) for r in rounds if r.setup == "embedded"}
    for r in rounds:
        p50 = percentile(r.latencies, 50)
        ratio = f"{p50 / base[r.learners]:.2f}" if r.learners in base and base[r.learners] else "-"
        table.add_row(r.setup, str(r.learners), str(len(r.latencies)), str(len(r.errors)), str(len(r.crosstalk)),
                      f"{percentile(r.first_update, 50):.2f}", f"{p50:.2f}", f"{percentile(r.latencies, 95):.2f}",
                      f"{60 * len(r.latencies) / r.wall:.1f}" if r.wall else "-", ratio)
    console.print(table)
    for r in rounds:
        for e in [*r.crosstalk, *r.errors][:5]:
            console.print(f"[red]{r.setup} K={r.learners}[/] {e}", markup=True, highlight=False)
