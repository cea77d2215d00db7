"""Incremental ingestion: unchanged files are skipped by hash, changed ones replaced, deleted ones removed."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from tutor.config import Settings
from tutor.embeddings import Embedder, get_embedder
from tutor.knowledge import ChunkRecord, DocumentError, chunk_document, discover, read_document
from tutor.context import sentences
from tutor.store import embedding_text, open_collection, sentence_text

Progress = Callable[[int, int, str], None]  # (done, total, what)


@dataclass
class IngestReport:
    added: int = 0  # chunks written
    removed: int = 0  # chunks deleted
    files_changed: list[str] = field(default_factory=list)
    files_skipped: list[str] = field(default_factory=list)  # unchanged
    files_removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one clear line per bad file

    def summary(self) -> str:
        return (f"{len(self.files_changed)} file(s) ingested, {len(self.files_skipped)} unchanged, "
                f"{len(self.files_removed)} removed; {self.added} chunks added, {self.removed} removed"
                + (f"; {len(self.errors)} problem(s)" if self.errors else ""))


def source_name(path: Path, knowledge_dir: Path) -> str:
    """The citation name: relative to the knowledge folder when inside it, else the file name."""
    try:
        return path.resolve().relative_to(knowledge_dir.resolve()).as_posix()
    except ValueError:
        return path.name


def _existing(collection: Any) -> dict[str, dict[str, Any]]:
    """source -> {file_hash, path, ids} for everything in the store."""
    got = collection.get(include=["metadatas"])
    by_source: dict[str, dict[str, Any]] = {}
    for chunk_id, meta in zip(got["ids"], got["metadatas"]):
        entry = by_source.setdefault(meta["source"], {"file_hash": meta.get("file_hash"),
                                                      "path": meta.get("path", ""), "ids": []})
        entry["ids"].append(chunk_id)
    return by_source


def ingest(settings: Settings, paths: list[Path] | None = None, *, embedder: Embedder | None = None,
           progress: Progress | None = None) -> IngestReport:
    """Bring the store in line with the given files (default: the knowledge folder)."""
    embedder = embedder or get_embedder()
    collection = open_collection(settings, embedder, create=True)
    sentence_index = open_collection(settings, embedder, create=True, sentences=True)
    report = IngestReport()
    existing = _existing(collection)

    # a file that was ingested and is gone (deleted or renamed) loses its chunks
    for source, entry in existing.items():
        if entry["path"] and not Path(entry["path"]).exists():
            collection.delete(ids=entry["ids"])
            sentence_index.delete(where={"source": source})
            report.removed += len(entry["ids"])
            report.files_removed.append(source)

    files = discover(paths if paths is not None else [settings.knowledge_dir])
    if paths is not None:
        for missing in (p for p in paths if not p.exists()):
            report.errors.append(f"{missing}: no such file or folder.")
    for done, path in enumerate(files, start=1):
        if progress:
            progress(done - 1, len(files), path.name)
        if not path.exists():
            continue
        try:
            doc = read_document(path, settings.max_file_bytes)
        except DocumentError as exc:
            report.errors.append(str(exc))
            continue
        doc.source = source_name(path, settings.knowledge_dir)
        old = existing.get(doc.source)
        if old and old["file_hash"] == doc.sha256 and old["path"] == str(path.resolve()):
            report.files_skipped.append(doc.source)
            continue
        records = chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
        if old:
            collection.delete(ids=old["ids"])
            sentence_index.delete(where={"source": doc.source})
            report.removed += len(old["ids"])
        _add(collection, sentence_index, embedder, records, str(path.resolve()))
        report.added += len(records)
        report.files_changed.append(doc.source)
    if progress:
        progress(len(files), len(files), "done")
    return report


def _add(collection: Any, sentence_index: Any, embedder: Embedder, records: list[ChunkRecord], path: str) -> None:
    """Store chunks, and each of their sentences pointing back at its chunk (small-to-big retrieval)."""
    if not records:
        return
    vectors = embedder.embed([embedding_text(r.section, r.text) for r in records])
    collection.add(
        ids=[r.id for r in records],
        documents=[r.text for r in records],
        embeddings=[v.tolist() for v in vectors],
        metadatas=[{"source": r.source, "section": r.section, "content_hash": r.content_hash,
                    "file_hash": r.file_hash, "path": path} for r in records],
    )
    rows = [(f"{r.id}#{i}", s, r) for r in records for i, s in enumerate(sentences(r.text))]
    for start in range(0, len(rows), 1000):  # Chroma caps the batch size
        batch = rows[start:start + 1000]
        sentence_index.add(
            ids=[row_id for row_id, _, _ in batch],
            documents=[s for _, s, _ in batch],
            embeddings=[v.tolist() for v in embedder.embed([sentence_text(r.section, s) for _, s, r in batch])],
            metadatas=[{"source": r.source, "chunk_id": r.id} for _, _, r in batch],
        )


def list_documents(settings: Settings, embedder: Embedder | None = None) -> list[dict[str, Any]]:
    """Documents in the store with their chunk counts."""
    collection = open_collection(settings, embedder or get_embedder(), create=True)
    return [{"source": source, "chunks": len(entry["ids"]), "hash": entry["file_hash"]}
            for source, entry in sorted(_existing(collection).items())]
