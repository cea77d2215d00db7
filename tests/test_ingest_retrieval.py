"""Foundation: the Markdown knowledge base, incremental ingestion into real Chroma, hybrid retrieval."""
from __future__ import annotations

import re
import time

import pytest

from conftest import KNOWLEDGE, make_settings
from tutor.ingest import ingest, list_documents
from tutor.knowledge import Document, chunk_document
from tutor.retrieval import Retriever
from tutor.store import open_collection


def test_knowledge_is_markdown_with_a_heading_hierarchy():
    text = (KNOWLEDGE / "ml-vs-dl.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle:")
    assert len(re.findall(r"^# ", text, re.M)) == 1
    assert "## Key Differences Between Machine Learning and Deep Learning" in text
    assert "#### Deep Learning" in text and "### Interpretability" in text
    assert "\n- " in text  # lists stay lists
    assert "Comments" not in text  # web-page leftovers are gone


def test_chunks_carry_heading_path_source_and_hash():
    doc = Document("ml-vs-dl.md", (KNOWLEDGE / "ml-vs-dl.md").read_text(encoding="utf-8"), "h")
    chunks = chunk_document(doc, 900, 120)
    # the sub-sections of "Interpretability" (small siblings may be stored merged under their parent)
    interpretability = [c for c in chunks if c.section.startswith(
        "Key Differences Between Machine Learning and Deep Learning > Interpretability")]
    assert any("black boxes" in c.text for c in interpretability)
    assert all(len(c.text) <= 900 and c.source == "ml-vs-dl.md" and len(c.content_hash) == 64 for c in chunks)
    assert not any(c.section.startswith("Deep Learning vs. Machine Learning") for c in chunks)  # title left out


def test_lstm_question_finds_the_vanishing_gradient_passage(ingested_settings):
    chunks = Retriever(ingested_settings).search("What problem were LSTMs designed to solve?", k=3)
    assert len(chunks) == 3
    assert any("vanishing gradient" in c.text for c in chunks)
    assert chunks[0].score >= chunks[1].score >= chunks[2].score
    assert all(c.source == "ml-vs-dl.md" and c.section for c in chunks)


@pytest.mark.parametrize("question, fact", [
    ("How do factories use machine learning?", "Predictive maintenance"),
    ("What network could I use to segment medical scans in a project?", "U-Net"),
])
def test_a_short_bullet_that_matches_well_reaches_the_top_three(ingested_settings, question, fact):
    # reciprocal-rank fusion put these bullets 4th-6th under long chunks that ranked well in two views at once;
    # fused by score, the bullet's one well-matching sentence counts for what it is
    chunks = Retriever(ingested_settings).search(question, k=3)
    assert any(fact in c.text for c in chunks), [c.section for c in chunks]


@pytest.mark.parametrize("mode", ["vector", "bm25", "hybrid"])
def test_every_mode_finds_interpretability(ingested_settings, mode):
    chunks = Retriever(ingested_settings).search("Why are deep learning models hard to interpret?", k=5, mode=mode)
    assert any("black boxes" in c.text for c in chunks)


def test_stop_words_only_question_does_not_crash(ingested_settings):
    assert len(Retriever(ingested_settings).search("what is the of and", k=3)) <= 3


def test_incremental_ingest_skips_replaces_and_removes(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    # a few sections of the real document: the logic is the same for any size, and this takes seconds
    text = (KNOWLEDGE / "ml-vs-dl.md").read_text(encoding="utf-8")
    (knowledge / "ml-vs-dl.md").write_text(text[:text.index("## What is Deep Learning?")], encoding="utf-8")
    extra = knowledge / "notes.md"
    extra.write_text("# Notes\n\n## Gradient boosting\n\nGradient boosting builds trees one after another.\n")
    settings = make_settings(tmp_path, knowledge_dir=knowledge)

    first = ingest(settings)
    assert sorted(first.files_changed) == ["ml-vs-dl.md", "notes.md"] and first.added > 5
    collection = open_collection(settings, Retriever(settings).embedder, create=False)
    before = set(collection.get()["ids"])

    start = time.perf_counter()
    again = ingest(settings)
    assert again.added == 0 and again.removed == 0 and sorted(again.files_skipped) == ["ml-vs-dl.md", "notes.md"]
    assert set(collection.get()["ids"]) == before
    print(f"no-change re-ingest: {time.perf_counter() - start:.2f} s")

    extra.write_text("# Notes\n\n## Gradient boosting\n\nXGBoost and LightGBM are gradient boosting libraries.\n")
    edited = ingest(settings)
    assert edited.files_changed == ["notes.md"] and edited.files_skipped == ["ml-vs-dl.md"]
    after = set(collection.get()["ids"])
    main_ids = {i for i in before if i.startswith("ml-vs-dl.md:")}
    assert main_ids <= after  # the unchanged file's chunks are untouched
    notes = collection.get(where={"source": "notes.md"})
    assert notes["documents"] and all("LightGBM" in d for d in notes["documents"])
    assert Retriever(settings).search("Which libraries do gradient boosting?", k=1)[0].source == "notes.md"

    extra.unlink()
    removed = ingest(settings)
    assert removed.files_removed == ["notes.md"] and removed.removed >= 1
    assert not collection.get(where={"source": "notes.md"})["ids"]
    assert [d["source"] for d in list_documents(settings)] == ["ml-vs-dl.md"]


def test_bad_files_get_one_line_and_the_rest_goes_on(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "good.md").write_text("# Good\n\n## Trees\n\nDecision trees split data on features.\n")
    (knowledge / "empty.md").write_text("   \n")
    (knowledge / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)))
    (knowledge / "latin1.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    settings = make_settings(tmp_path, knowledge_dir=knowledge)
    report = ingest(settings, [knowledge, tmp_path / "missing.md"])
    assert report.files_changed == ["good.md"]
    assert len(report.errors) == 4
    assert all("\n" not in e for e in report.errors)
    assert any("empty" in e for e in report.errors) and any("binary" in e for e in report.errors)
    assert any("no such file" in e for e in report.errors)
