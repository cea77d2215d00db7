"""Server mode: the same ingestion and retrieval against a real `chroma run` server on loopback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import free_port, make_settings, wait_for_port
from tutor.ingest import ingest
from tutor.retrieval import Retriever
from tutor.store import StoreError, chroma_client


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path_factory.mktemp("chroma-server")),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, 60)
    yield port
    server.terminate()
    server.wait(timeout=30)


def test_ingest_and_retrieve_through_a_chroma_server(tmp_path, chroma_server):
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    first = ingest(settings)
    assert first.added > 50
    assert ingest(settings).added == 0  # incremental against the server too
    chunks = Retriever(settings).search("What problem were LSTMs designed to solve?", k=3)
    assert any("vanishing gradient" in c.text for c in chunks)
    assert not (settings.data_dir / "chroma").exists()  # nothing was written to the embedded store


def test_unreachable_server_is_one_clear_error(tmp_path):
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreError, match="chroma run"):
        chroma_client(settings)
