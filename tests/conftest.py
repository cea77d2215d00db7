"""Shared fixtures: one real ingested store and one real loaded model for the whole test session.

Everything here is the real thing a user runs: the packaged MiniLM, an embedded Chroma store on disk,
llama.cpp with the packaged Qwen2.5-Coder-0.5B GGUF. Only the folders are temporary.
"""
from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from tutor.config import PROJECT_ROOT, Settings
from tutor.models import MODELS, gguf_path

KNOWLEDGE = PROJECT_ROOT / "knowledge"
# the tests run the small packaged model: real llama.cpp, real weights, and fast enough for CI
os.environ.setdefault("TUTOR_MODEL", "qwen2.5-coder-0.5b")


def link_model(data_dir: Path, model: str = "qwen2.5-coder-0.5b") -> None:
    """Point a temporary data dir at the model `make install` assembled (no 490 MB copy per test)."""
    assembled = gguf_path(model, Settings().models_dir)
    target = data_dir / "models" / MODELS[model].file_name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.symlink_to(assembled)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 120.0) -> None:
    """Until a server we started listens on loopback (bounded: it fails rather than hangs)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def make_settings(root: Path, knowledge_dir: Path = KNOWLEDGE, **overrides) -> Settings:
    """Settings on a temporary data dir, the model linked in."""
    data = root / "data"
    link_model(data)
    return Settings(data_dir=data, knowledge_dir=knowledge_dir, **overrides)


@pytest.fixture(scope="session")
def ingested_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The repository's knowledge base ingested once into a temporary store, shared read-only."""
    from tutor.ingest import ingest

    settings = make_settings(tmp_path_factory.mktemp("store"))
    report = ingest(settings)
    assert report.added > 50 and not report.errors
    return settings


@pytest.fixture(scope="session")
def tutor(ingested_settings: Settings):
    """One real engine (real model, real store) for every test that asks questions."""
    from tutor.engine import Tutor

    engine = Tutor(ingested_settings)
    engine.warm_up()
    return engine
