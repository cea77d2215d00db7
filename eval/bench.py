"""Speed (issue 17): raw llama-cpp-python vs the engine, runtime settings, cold start, the KV state cache.

    python -m eval bench                                  # both models, every part (long: run it on a quiet machine)
    python -m eval bench --model 0.5b --runs 3 --parts engine,cold    # a smoke run

Parts, each one table:
- engine: the engine answers the eval questions (its prompts are recorded), then a bare `llama_cpp.Llama`
  with the same settings answers the same prompts with only the fixed prefix (system + example) in its
  context: TTFT p50/p90 and decode tokens/s, first time a passage is asked about (its state is built) and
  when its state is on disk. Engine runtime settings come from TUTOR_* as usual (e.g. TUTOR_FLASH_ATTN=1).
- settings: bare llama.cpp on one recorded prompt from an empty context: prefill and decode tokens/s for
  n_batch/n_ubatch, flash attention, threads for decode vs prefill, Q4_0 re-quantized from the packaged
  Q4_K_M, and prompt-lookup decoding (greedy, 3 prompts). Answer quality of Q4_0 is `eval answers`' job:
  `TUTOR_QUANT=q4_0 python -m eval answers`.
- cold: `tutor ask --json` as a new process, twice (start to answer), with the model chosen.
- build: the KV states of every chunk in the store, built into a temporary folder: disk size, build time,
  and the same for 20 documents of this size (estimated).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import numpy as np
from rich.console import Console
from rich.table import Table

from eval.data import HERE, load
from tutor.config import Settings
from tutor.llm import weight_buffers
from tutor.llm.base import LLM
from tutor.llm.llamacpp import LlamaCppLLM
from tutor.llm.requantize import model_file
from tutor.llm.state_cache import PrefixCache, StateStore, common_prefix

MODELS = {"0.5b": "qwen2.5-coder-0.5b", "1.5b": "qwen2.5-coder-1.5b"}
PARTS = ("engine", "settings", "cold", "build")


@dataclass
class Call:
    """One streamed answer: when its first piece came, how fast the rest did."""

    ttft_ms: float
    tokens: int
    decode_rate: float  # tokens/s after the first
    restored: int = 0  # prompt tokens restored from disk (engine only)
    prompt_tokens: int = 0
    shown_ms: float = float("nan")  # engine: the first verified words the learner sees
    verify_ms: float = float("nan")  # engine: checking the answer's units against the passages, in all


class Recorder(LLM):
    """Wraps the engine's backend to keep the exact messages (and cache boundary) it sends, and what was restored."""

    def __init__(self, inner: LlamaCppLLM) -> None:
        super().__init__(inner.settings)
        self.inner, self.concurrency = inner, inner.concurrency
        self.calls: list[tuple[list, str | None]] = []
        self.restored: list[int] = []

    def load(self) -> None:
        self.inner.load()

    def stream(self, messages, *, cache_upto: str | None = None, **kwargs) -> Iterator[str]:
        self.calls.append((messages, cache_upto))
        try:
            yield from self.inner.stream(messages, cache_upto=cache_upto, **kwargs)
        finally:  # also when the engine stops reading early
            self.restored.append(self.inner.prefixes.last_restored if self.inner.prefixes else 0)

    def complete_json(self, messages, schema, *, max_tokens: int = 256):
        return self.inner.complete_json(messages, schema, max_tokens=max_tokens)


def bare_llama(settings: Settings, path: Path | None = None, **overrides: Any) -> Any:
    """A `llama_cpp.Llama` built from the settings exactly as the backend builds it, some parameters overridden."""
    from llama_cpp import Llama

    weight_buffers.apply(settings.weight_buffers)  # as the backend loads it
    params = dict(n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                  n_threads_batch=settings.n_threads_batch or settings.n_threads, n_gpu_layers=settings.n_gpu_layers,
                  n_batch=settings.n_batch, n_ubatch=settings.n_ubatch, flash_attn=settings.flash_attn, verbose=False)
    params.update(overrides)
    return Llama(model_path=str(path or model_file(settings)), **params)


def raw_call(llama: Any, messages: list, max_tokens: int, temperature: float) -> Call:
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
    return Call((first - start) * 1000, n, (n - 1) / max(1e-9, end - first))


def keep_only(llama: Any, n: int) -> None:
    """Leave the first n tokens in the context (0: empty), as if nothing after them had ever been evaluated."""
    llama._ctx.kv_cache_seq_rm(-1, n, -1)
    llama.n_tokens = min(llama.n_tokens, n)
    llama._requires_eval = True


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) if values else float("nan")


def engine_vs_raw(model: str, runs: int, console: Console) -> list[dict]:
    from tutor.engine import Tutor

    settings = Settings(model=model)
    recorder = Recorder(LlamaCppLLM(settings))
    tutor = Tutor(settings, llm=recorder)
    tutor.warm_up()
    states = Path(tempfile.mkdtemp(prefix="tutor-kv-bench-"))
    if recorder.inner.prefixes:  # an empty store, so "passage new" really builds every state it uses
        recorder.inner.prefixes.store.folder = states
    questions = [q.question for q in load()["questions"]][:runs]
    tutor.ask("What is deep learning?", "bench-warm")  # the fixed prefix is in context (and on disk) for both sides

    raw = bare_llama(settings)
    tokenizer = PrefixCache(StateStore(states, "unused", 0))  # finds the raw side's fixed prefix only

    def raw_answer(messages: list) -> Call:
        tokens, bounds = tokenizer.boundaries(raw, messages, None)
        fixed = bounds[0] if bounds else 0
        # the fixed prefix is in the context, as in a warm server; nothing after it
        keep_only(raw, common_prefix(raw._input_ids.tolist(), tokens[:fixed]))
        raw.eval(tokens[raw.n_tokens:fixed])
        return raw_call(raw, messages, settings.max_answer_tokens, settings.temperature)

    passes: dict[str, list[Call]] = {"raw": [], "first": [], "stored": []}
    for name in ("first", "stored"):  # first time each passage is best (its state is built), then stored
        for i, q in enumerate(questions):
            answer = tutor.ask(q, f"bench-{name}-{i}")
            t = answer.timings
            if t.first_token_ms is None:
                continue  # declined or a demo: no model call
            decode = (t.completion_tokens - 1) / max(1e-9, (t.total_ms - t.first_token_ms) / 1000)
            shown = getattr(t, "first_shown_ms", None)
            passes[name].append(Call(t.first_token_ms, t.completion_tokens, decode, recorder.restored[-1],
                                     t.prompt_tokens, shown if shown is not None else float("nan"), t.verify_ms))
            if name == "stored":  # right after the engine, so both see the same load on a shared machine
                passes["raw"].append(raw_answer(recorder.calls[-1][0]))
    raw.close()
    # dev-3's comparison questions: those whose best passage is one of the document's comparisons are answered by
    # quoting it with no model call (tutor/compare.py); when do their first words show, beside the model's above
    quoted = []
    for i, q in enumerate(q for q in load(HERE / "questions_dev3.yaml")["questions"] if "compare" in q.tags):
        answer = tutor.ask(q.question, f"bench-quote-{i}")
        if answer.coverage == "answered" and answer.tool is None and answer.timings.first_token_ms is None:
            quoted.append(answer.timings.first_shown_ms)
    # last: a comparison question that does reach the model writes its state there again (14 folders were left)
    shutil.rmtree(states, ignore_errors=True)
    return [{"model": model, **passes, "quoted": quoted}]


def engine_table(rows: list[dict]) -> Table:
    table = Table(title="Engine vs raw llama-cpp-python (raw: only the fixed prefix cached; same prompts)")
    for col in ("model", "measure", "raw", "engine, passage new", "engine, passage stored", "stored / raw"):
        table.add_column(col, justify="right")
    for row in rows:
        raw, first, stored = row["raw"], row["first"], row["stored"]
        for label, get, p in (("TTFT p50 (ms)", "ttft_ms", 50), ("TTFT p90 (ms)", "ttft_ms", 90),
                              ("decode p50 (tokens/s)", "decode_rate", 50)):
            r, f, s = (pct([getattr(c, get) for c in calls], p) for calls in (raw, first, stored))
            table.add_row(row["model"], label, f"{r:.0f}" if "TTFT" in label else f"{r:.1f}",
                          f"{f:.0f}" if "TTFT" in label else f"{f:.1f}",
                          f"{s:.0f}" if "TTFT" in label else f"{s:.1f}", f"{s / r:.2f}")
        table.add_row(row["model"], "first verified words shown p50 (ms)", "",
                      *(f"{pct([c.shown_ms for c in calls], 50):.0f}" for calls in (first, stored)), "")
        if row.get("quoted"):
            table.add_row(row["model"], "a comparison quoted, first words p50 (ms)", "", "",
                          f"{pct(row['quoted'], 50):.0f}", f"{len(row['quoted'])} questions")
        # the budget is 100 ms per answer on 2 cores: timed here, on a quiet machine, not in the answer evals
        table.add_row(row["model"], "verification p50 / max (ms)", "",
                      *(f"{pct([c.verify_ms for c in calls], 50):.0f} / {max(c.verify_ms for c in calls):.0f}"
                        for calls in (first, stored)), "")
        table.add_row(row["model"], "prompt tokens p50 (restored from disk)", "",
                      f"{pct([c.prompt_tokens for c in first], 50):.0f} ({pct([c.restored for c in first], 50):.0f})",
                      f"{pct([c.prompt_tokens for c in stored], 50):.0f} ({pct([c.restored for c in stored], 50):.0f})",
                      f"{len(stored)} questions")
    return table


def variants(settings: Settings) -> list[tuple[str, dict]]:
    cores = settings.n_threads
    return [
        ("as configured", {}),
        ("n_ubatch 256", {"n_ubatch": 256}),
        ("n_ubatch 128", {"n_ubatch": 128}),
        ("n_batch 128, n_ubatch 128", {"n_batch": 128, "n_ubatch": 128}),
        ("flash attention", {"flash_attn": True}),
        (f"decode 1 thread, prefill {cores}", {"n_threads": 1, "n_threads_batch": cores}),
        (f"decode {cores} threads, prefill 1", {"n_threads_batch": 1}),
        ("Q4_0 (re-quantized)", {"quant": "q4_0"}),
        ("prompt lookup, 10 draft tokens", {"prompt_lookup": 10}),
        ("prompt lookup, 4 draft tokens", {"prompt_lookup": 4}),
    ]


def settings_sweep(model: str, console: Console) -> list[tuple]:
    """Prefill and decode rates from an empty context, greedy, on real answer prompts of the engine."""
    from tutor.engine import Tutor

    settings = Settings(model=model, state_cache_mb=0)
    recorder = Recorder(LlamaCppLLM(settings))
    tutor = Tutor(settings, llm=recorder)
    for q in [q.question for q in load()["questions"]][:6]:
        tutor.ask(q, "bench-sweep")
        if len(recorder.calls) >= 3:
            break
    prompts = [m for m, _ in recorder.calls[:3]]
    del tutor, recorder
    tokenizer = PrefixCache(StateStore(Path(tempfile.gettempdir()), "unused", 0))
    rows = []
    for label, change in variants(settings):
        changed = settings.model_copy(update=change)
        params = {}
        if changed.prompt_lookup:
            from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

            params["draft_model"] = LlamaPromptLookupDecoding(num_pred_tokens=changed.prompt_lookup)
            params["logits_all"] = True  # as the backend does (see tutor/llm/llamacpp.py)
        start = time.perf_counter()
        llama = bare_llama(changed, **params)
        load_s = time.perf_counter() - start
        prefill, decode = [], []
        for messages in prompts:
            keep_only(llama, 0)
            call = raw_call(llama, messages, 96, 0.0)
            prefill.append(len(tokenizer.boundaries(llama, messages, None)[0]) / max(1e-9, call.ttft_ms / 1000))
            decode.append(call.decode_rate)
        llama.close()
        rows.append((model, label, f"{load_s:.1f}", f"{np.median(prefill):.0f}", f"{np.median(decode):.1f}"))
        console.print(f"  {model} {label}: prefill {np.median(prefill):.0f} t/s, decode {np.median(decode):.1f} t/s")
    return rows


def settings_table(rows: list[tuple]) -> Table:
    table = Table(title="Runtime settings, bare llama.cpp from an empty context (medians of 3 prompts, greedy)")
    for col in ("model", "setting", "load (s)", "prefill (tokens/s)", "decode (tokens/s)"):
        table.add_column(col, justify="right")
    for row in rows:
        table.add_row(*row)
    return table


def cold_start(model: str) -> list[tuple]:
    """`tutor ask --json` as a new process, twice: start to answer, and the answer's own first-token time."""
    rows = []
    exe = Path(sys.executable).with_name("tutor")
    for attempt in ("first", "second"):
        start = time.perf_counter()
        done = subprocess.run([str(exe), "ask", "--json", "What is a CNN?"], capture_output=True, text=True,
                              env={**os.environ, "TUTOR_MODEL": model})
        wall = time.perf_counter() - start
        try:
            first_token = json.loads(done.stdout.strip().splitlines()[-1])["timings"]["first_token_ms"]
        except (IndexError, KeyError, ValueError):
            first_token = None
        rows.append((model, attempt, f"{wall:.1f}" + ("" if done.returncode == 0 else " (failed)"),
                     f"{first_token / 1000:.1f}" if first_token else "-"))
    return rows


def cold_table(rows: list[tuple]) -> Table:
    table = Table(title="Cold `tutor ask --json` (a new process; target <= 10 s with the 1.5B)")
    for col in ("model", "run", "process start to answer (s)", "first token after start of the question (s)"):
        table.add_column(col, justify="right")
    for row in rows:
        table.add_row(*row)
    return table


def passage_prompt(tutor: Any, chunk_text: str, section: str, source: str) -> tuple[list, str]:
    """The engine's prompt with this chunk as passage 1, and the boundary after it."""
    builder = getattr(tutor, "passage_prompt", None)
    if builder is not None:  # the engine knows its own layout best
        return builder(chunk_text, section, source)
    from tutor.prompts import render
    from tutor.types import Source

    content = render("answer", tutor.settings.prompts_dir, sources=[Source(1, section, source, chunk_text)],
                     question="?")
    return tutor._prefix() + [{"role": "user", "content": content}], content[: content.rindex("Question:")]


def build_states(model: str, console: Console) -> tuple:
    """Every chunk's passage state, built into a temporary folder: count, size, time, and 20 documents' worth."""
    from tutor.engine import Tutor
    from tutor.store import open_collection

    settings = Settings(model=model)
    llm = LlamaCppLLM(settings)
    llm.load()
    tutor = Tutor(settings, llm=llm)
    got = open_collection(settings, tutor.embedder, create=False).get(include=["documents", "metadatas"])
    folder = Path(tempfile.mkdtemp(prefix="tutor-kv-bench-"))
    try:
        cache = PrefixCache(StateStore(folder, llm.prefixes.store.identity.decode() if llm.prefixes else model,
                                       1 << 40))
        documents = {m["source"] for m in got["metadatas"]}
        start = time.perf_counter()
        for text, meta in zip(got["documents"], got["metadatas"]):
            messages, upto = passage_prompt(tutor, text, meta["section"], meta["source"])
            cache.prepare(llm.llama, messages, upto)
        seconds = time.perf_counter() - start
        size = cache.store.size_bytes()
        count = len(got["documents"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    per_doc = 20 / max(1, len(documents))
    return (model, str(count), f"{size / 2**20:.0f}", f"{seconds:.0f}", f"{size / 2**20 * per_doc:.0f}",
            f"{seconds * per_doc / 60:.0f}", str(settings.state_cache_mb))


def build_table(rows: list[tuple]) -> Table:
    table = Table(title="Passage KV states for the whole store (built lazily in use; here all at once)")
    for col in ("model", "chunks", "disk (MB)", "build (s)", "20 documents: disk (MB)", "20 documents: build (min)",
                "cap TUTOR_STATE_CACHE_MB"):
        table.add_column(col, justify="right")
    for row in rows:
        table.add_row(*row)
    return table


def run(runs: int = 8, models: list[str] | None = None, parts: list[str] | None = None) -> None:
    console = Console(width=160)  # the tables are wide; a pipe would squeeze them to 80 columns
    models = [MODELS.get(m, m) for m in (models or ["1.5b", "0.5b"])]
    parts = parts or list(PARTS)
    console.print(f"bench: {', '.join(models)}; parts {', '.join(parts)}; {os.cpu_count()} CPUs")
    if "engine" in parts:
        rows = []
        for model in models:
            rows += engine_vs_raw(model, runs, console)
        console.print(engine_table(rows))
    if "settings" in parts:
        console.print(settings_table([row for model in models for row in settings_sweep(model, console)]))
    if "cold" in parts:
        console.print(cold_table([row for model in models for row in cold_start(model)]))
    if "build" in parts:
        console.print(build_table([build_states(model, console) for model in models]))
