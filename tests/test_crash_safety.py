"""Crash safety: `kill -9` in the middle of an ingest, and a damaged or missing model file."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import KNOWLEDGE, make_settings
from tutor.document import sentences
from tutor.embeddings import get_embedder
from tutor.ingest import ingest
from tutor.knowledge import chunk_document, read_document
from tutor.models import MODELS
from tutor.store import open_collection

TUTOR = str(Path(sys.executable).with_name("tutor"))


def _env(settings) -> dict[str, str]:
    return {**os.environ, "TUTOR_DATA_DIR": str(settings.data_dir), "TUTOR_KNOWLEDGE_DIR": str(settings.knowledge_dir)}


def _writes(store: Path) -> int:
    """Rows Chroma has logged so far (adds and deletes), read from its SQLite file without disturbing it."""
    if not store.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("select coalesce(max(seq_id), 0) from embeddings_queue").fetchone()[0]
    except sqlite3.Error:  # not created yet, or locked for a moment
        return 0


def _kill_mid_ingest(settings, after_writes: int) -> None:
    """Start `tutor ingest`, wait until it has written `after_writes` more rows, then SIGKILL it (no cleanup runs)."""
    store = settings.data_dir / "chroma" / "chroma.sqlite3"
    start = _writes(store)
    proc = subprocess.Popen([TUTOR, "ingest"], env=_env(settings), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    while _writes(store) < start + after_writes and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be killed: give it more files"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.mark.slow  # three copies of the document ingested two and a half times: minutes on 2 busy cores
@pytest.mark.timeout(600)
def test_kill_9_mid_ingest_then_ingest_again_gives_a_complete_index(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    text = (KNOWLEDGE / "ml-vs-dl.md").read_text(encoding="utf-8")
    for i in range(3):  # three documents: enough work to be interrupted at different points
        (knowledge / f"copy-{i}.md").write_text(text.replace("# ", f"# Copy {i}: ", 1), encoding="utf-8")
    settings = make_settings(tmp_path, knowledge_dir=knowledge)

    _kill_mid_ingest(settings, after_writes=1)    # right after the first write of the first file
    _kill_mid_ingest(settings, after_writes=1200)  # further on: one file redone, the next half written
    report = ingest(settings)
    assert not report.errors

    embedder = get_embedder()
    chunks = open_collection(settings, embedder, create=False).get(include=["documents", "metadatas"])
    sentence_rows = open_collection(settings, embedder, create=False, sentences=True).get(include=["metadatas"])
    expected = {f"copy-{i}.md": chunk_document(_read(knowledge / f"copy-{i}.md"), settings.chunk_size,
                                               settings.chunk_overlap) for i in range(3)}

    # complete: every file has exactly the chunks a clean ingest makes, no duplicates
    by_source = Counter(meta["source"] for meta in chunks["metadatas"])
    assert by_source == {source: len(records) for source, records in expected.items()}
    assert sorted(chunks["ids"]) == sorted(r.id for records in expected.values() for r in records)
    # no orphans: every sentence points at a stored chunk, and every chunk has all of its sentences
    chunk_ids = set(chunks["ids"])
    assert all(meta["chunk_id"] in chunk_ids for meta in sentence_rows["metadatas"])
    per_chunk = Counter(meta["chunk_id"] for meta in sentence_rows["metadatas"])
    assert all(per_chunk[cid] == len(sentences(doc)) for cid, doc in zip(chunks["ids"], chunks["documents"]))
    assert len(sentence_rows["ids"]) == len(set(sentence_rows["ids"]))
    assert ingest(settings).added == 0  # and now it is stable


def _read(path: Path):
    doc = read_document(path, 5_000_000)
    doc.source = path.name
    return doc


def _damaged_model_settings(tmp_path):
    settings = make_settings(tmp_path)
    target = settings.models_dir / MODELS[settings.model].file_name
    size = target.stat().st_size
    target.unlink()  # the symlink to the shared model: replace it by garbage of the same size
    with target.open("wb") as f:
        f.write(b"\0" * 1024)
        f.truncate(size)
    return settings


def test_a_damaged_model_file_is_one_clear_message_naming_the_fix(tmp_path):
    from tutor.llm import LLMError
    from tutor.llm.llamacpp import LlamaCppLLM

    settings = _damaged_model_settings(tmp_path)
    with pytest.raises(LLMError, match="damaged.*tutor prepare"):
        LlamaCppLLM(settings).load()


@pytest.mark.slow  # assembles the model again (a gigabyte written and checked), then loads it
def test_a_damaged_model_is_repaired_by_prepare(tmp_path):
    settings = _damaged_model_settings(tmp_path)
    shutil.rmtree(settings.data_dir / "chroma", ignore_errors=True)
    out = subprocess.run([TUTOR, "prepare"], env=_env(settings), capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    from tutor.llm.llamacpp import LlamaCppLLM

    LlamaCppLLM(settings).load()  # assembled again from the pip packages, verified, and it loads


def test_cli_ask_with_a_damaged_model_exits_with_one_line(tmp_path, ingested_settings):
    settings = _damaged_model_settings(tmp_path)
    shutil.copytree(ingested_settings.data_dir / "chroma", settings.data_dir / "chroma")  # a store, ingested once
    out = subprocess.run([TUTOR, "ask", "What is a CNN?"], env=_env(settings), capture_output=True, text=True,
                         timeout=300)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr + out.stdout
    assert "tutor prepare" in out.stderr


def test_a_missing_weights_package_is_named_with_the_fix(tmp_path):
    from dataclasses import replace

    from tutor.models import MissingWeightsError, gguf_path

    spec = replace(MODELS["qwen2.5-coder-0.5b"], part_packages=("tutor_weights_not_installed_part1",))
    with pytest.raises(MissingWeightsError, match="tutor-weights-not-installed-part1.*make install"):
        spec.part_paths()
    # and a model file that is simply gone is assembled again from the installed packages
    models = tmp_path / "models"
    assert gguf_path("qwen2.5-coder-0.5b", models).stat().st_size == MODELS["qwen2.5-coder-0.5b"].size
