"""Shared fixtures: one real ingested store and one real loaded model for the whole test session.

Everything here is the real thing a user runs: the packaged MiniLM, an embedded Chroma store on disk,
llama.cpp with the packaged Qwen2.5-Coder-0.5B GGUF. Only the folders are temporary.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from eval.servers import free_port, link_model, wait_for_port  # noqa: F401  (the tests import them from here)
from tutor.config import PROJECT_ROOT, Settings

KNOWLEDGE = PROJECT_ROOT / "knowledge"
# the tests run the small packaged model: real llama.cpp, real weights, and fast enough for CI
os.environ.setdefault("TUTOR_MODEL", "qwen2.5-coder-0.5b")
# fixtures that load the chat model (here, or in a server they start): a test using one is `slow`, whatever
# its file says; tests that load it another way carry an explicit `@pytest.mark.slow`
MODEL_FIXTURES = {"tutor", "model_server", "quiz_llm", "llama"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_tests_load_no_model(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the fast tier (`-m "not slow ..."`), a test that loads the chat model fails and says how to mark it,
    instead of silently making `make test-fast` slow."""
    if "not slow" not in (request.config.getoption("markexpr") or "") or request.node.get_closest_marker("slow"):
        return
    from tutor.llm.llamacpp import LlamaCppLLM

    load = LlamaCppLLM._load

    def load_then_refuse(self: LlamaCppLLM) -> None:
        load(self)  # a damaged model file fails here, as a test of that expects
        pytest.fail(f"{request.node.nodeid} loads the chat model: mark it @pytest.mark.slow (or use the scripted "
                    "backend, tutor.llm.scripted.ScriptedLLM)", pytrace=False)

    monkeypatch.setattr(LlamaCppLLM, "_load", load_then_refuse)


def make_settings(root: Path, knowledge_dir: Path = KNOWLEDGE, **overrides) -> Settings:
    """Settings on a temporary data dir, the model linked in."""
    data = root / "data"
    link_model(data, "qwen2.5-coder-0.5b")
    return Settings(data_dir=data, knowledge_dir=knowledge_dir, **overrides)


def _ingest(settings: Settings) -> None:
    from tutor.ingest import ingest

    report = ingest(settings)
    assert report.added > 50 and not report.errors


@pytest.fixture(scope="session")
def ingested_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The repository's knowledge base ingested once into a temporary store, shared read-only.

    Under pytest-xdist (`make test-fast` runs two workers) the first worker that needs it ingests into the run's
    shared temporary folder, holding a file lock; every worker then copies that store (3 MB, a fraction of a
    second; an ingest is ~12 s of CPU, MiniLM embedding every chunk and sentence), so no two processes open the
    same Chroma files.
    """
    settings = make_settings(tmp_path_factory.mktemp("store"))
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        _ingest(settings)
        return settings
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    with FileLock(shared / "ingested-store.lock"):
        built = make_settings(shared / "ingested-store")
        if not (shared / "ingested-store" / "done").exists():
            _ingest(built)
            (shared / "ingested-store" / "done").touch()
    shutil.copytree(built.data_dir / "chroma", settings.data_dir / "chroma")
    return settings


@pytest.fixture(scope="session")
def tutor(ingested_settings: Settings):
    """One real engine (real model, real store) for every test that asks questions."""
    from tutor.engine import Tutor

    engine = Tutor(ingested_settings)
    engine.warm_up()
    return engine


@pytest.fixture
def cli(settings: Settings, monkeypatch):
    """`tutor demo ...` in-process, on the test file's own `settings` fixture (its temporary data dir)."""
    from typer.testing import CliRunner

    from tutor.config import get_settings
    from tutor.cli.demo import app

    monkeypatch.setenv("TUTOR_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(app, list(args))
    get_settings.cache_clear()
