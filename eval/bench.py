"""Speed: raw llama-cpp-python vs the engine on the same prompts, in one run, plus a cold `tutor ask`.

The engine's prompts are recorded as it answers, then replayed to a bare `llama_cpp.Llama` with the same
settings, so the ratio shows what the engine adds (retrieval, context building, streaming plumbing).
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from statistics import median

from rich.console import Console
from rich.table import Table

from eval.data import load
from tutor.config import Settings
from tutor.engine import Tutor
from tutor.llm import get_llm
from tutor.models import gguf_path


class Recorder:
    """Wraps the engine's backend to keep the exact messages it sends."""

    def __init__(self, llm):
        self._llm, self.calls = llm, []
        self.name, self.concurrency = llm.name, llm.concurrency

    def __getattr__(self, item):
        return getattr(self._llm, item)

    def stream(self, messages, **kwargs):
        self.calls.append(messages)
        return self._llm.stream(messages, **kwargs)


def raw_stream(llama, messages, max_tokens: int, temperature: float) -> tuple[float, float, int]:
    """(ttft_ms, decode tokens/s, completion tokens) for a bare llama-cpp-python call."""
    start = time.perf_counter()
    first, n = None, 0
    for chunk in llama.create_chat_completion(messages=messages, max_tokens=max_tokens, temperature=temperature,
                                              stream=True):
        if chunk["choices"][0]["delta"].get("content"):
            n += 1
            if first is None:
                first = time.perf_counter()
    end = time.perf_counter()
    first = first or end
    return (first - start) * 1000, (n - 1) / max(1e-9, end - first), n


def run(runs: int = 8) -> None:
    from llama_cpp import Llama

    console = Console()
    settings = Settings()
    recorder = Recorder(get_llm(settings))
    tutor = Tutor(settings, llm=recorder)
    tutor.warm_up()
    llama = Llama(model_path=str(gguf_path(settings.model, settings.models_dir)), n_ctx=settings.n_ctx,
                  n_threads=settings.n_threads, n_threads_batch=settings.n_threads, n_batch=512, verbose=False)
    questions = [q.question for q in load()["questions"]][:runs]
    engine_ttft, engine_rate, raw_ttft, raw_rate, prompt_tokens = [], [], [], [], []
    # warm both prefix caches once, so neither side pays the one-off system prompt
    tutor.ask("What is deep learning?", "bench-warm")
    raw_stream(llama, recorder.calls[-1], 8, settings.temperature)
    for i, q in enumerate(questions):
        answer = tutor.ask(q, f"bench-{i}")
        t = answer.timings
        if t.first_token_ms is None:
            continue
        engine_ttft.append(t.first_token_ms)
        engine_rate.append((t.completion_tokens - 1) / max(1e-9, (t.total_ms - t.first_token_ms) / 1000))
        prompt_tokens.append(t.prompt_tokens)
        ttft, rate, _ = raw_stream(llama, recorder.calls[-1], settings.max_answer_tokens, settings.temperature)
        raw_ttft.append(ttft)
        raw_rate.append(rate)

    start = time.perf_counter()
    cold = subprocess.run([str(Path(sys.executable).with_name("tutor")), "ask", "--json", "What is a CNN?"],
                          capture_output=True, text=True)
    cold_s = time.perf_counter() - start

    table = Table(title=f"Engine vs raw llama-cpp-python, {settings.model}, {settings.n_threads} threads, "
                        f"{len(engine_ttft)} questions (medians)")
    for col in ("measure", "raw llama-cpp-python", "engine", "engine / raw"):
        table.add_column(col, justify="right")
    table.add_row("TTFT (ms)", f"{median(raw_ttft):.0f}", f"{median(engine_ttft):.0f}",
                  f"{median(engine_ttft) / median(raw_ttft):.2f}")
    table.add_row("decode (tokens/s)", f"{median(raw_rate):.1f}", f"{median(engine_rate):.1f}",
                  f"{median(engine_rate) / median(raw_rate):.2f}")
    table.add_row("prompt tokens / question", "", f"{median(prompt_tokens):.0f}", "")
    table.add_row("cold `tutor ask --json` (s)", "", f"{cold_s:.1f}" + ("" if cold.returncode == 0 else " (failed)"), "")
    console.print(table)
