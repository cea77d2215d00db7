"""Incremental ingestion: unchanged files are skipped by hash, changed ones replaced, deleted ones removed."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from tutor.config import Settings
from tutor.embeddings import Embedder, get_embedder
from tutor.knowledge import ChunkRecord, DocumentError, chunk_document, discover, ingest_key, read_document
from tutor.document import numbered_sentences
from tutor.store import embedding_text, open_collection, sentence_text

Progress = Callable[[int, int, str], None]  # (done, total, what)
BATCH = 1000  # rows per Chroma write: under its batch cap, embedded or server


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
    """source -> {file_hash, path, ids, complete} for everything in the store."""
    got = collection.get(include=["metadatas"])
    by_source: dict[str, dict[str, Any]] = {}
    for chunk_id, meta in zip(got["ids"], got["metadatas"]):
        entry = by_source.setdefault(meta["source"], {"file_hash": meta.get("file_hash"), "path": meta.get("path", ""),
                                                      "ids": [], "expected": meta.get("file_chunks")})
        entry["ids"].append(chunk_id)
    for entry in by_source.values():
        # a file is complete when all of its chunks made it (an ingest killed mid-write leaves fewer)
        entry["complete"] = entry["expected"] == len(entry["ids"])
    return by_source


def _remove(collection: Any, sentence_index: Any, source: str, ids: list[str]) -> None:
    """Chunks first: without them the file counts as not ingested, whatever else a crash leaves behind."""
    if ids:
        collection.delete(ids=ids)
    sentence_index.delete(where={"source": source})


def ingest(settings: Settings, paths: list[Path] | None = None, *, embedder: Embedder | None = None,
           progress: Progress | None = None) -> IngestReport:
    """Bring the store in line with the given files (default: the knowledge folder).

    Crash-safe: a file's sentences are written before its chunks, and its chunks carry their expected count,
    so a file interrupted anywhere (even `kill -9`) is found incomplete and redone on the next run.
    """
    embedder = embedder or get_embedder()
    collection = open_collection(settings, embedder, create=True)
    sentence_index = open_collection(settings, embedder, create=True, sentences=True)
    report = IngestReport()
    existing = _existing(collection)

    # a file that was ingested and is gone (deleted or renamed) loses its chunks
    for source, entry in list(existing.items()):
        if entry["path"] and not Path(entry["path"]).exists():
            _remove(collection, sentence_index, source, entry["ids"])
            report.removed += len(entry["ids"])
            report.files_removed.append(source)
            del existing[source]
    # sentences of a file whose chunks never landed (killed mid-ingest) point nowhere: drop them
    for source in _sentence_sources(sentence_index) - existing.keys():
        sentence_index.delete(where={"source": source})

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
        key = ingest_key(doc, settings.chunk_size, settings.chunk_overlap)
        if old and old["complete"] and old["file_hash"] == key and old["path"] == str(path.resolve()):
            report.files_skipped.append(doc.source)
            continue
        records = chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
        if old:
            _remove(collection, sentence_index, doc.source, old["ids"])
            report.removed += len(old["ids"])
        else:
            sentence_index.delete(where={"source": doc.source})  # leftovers of an interrupted first ingest
        _add(collection, sentence_index, embedder, records, str(path.resolve()))
        report.added += len(records)
        report.files_changed.append(doc.source)
    if progress:
        progress(len(files), len(files), "done")
    return report


def _sentence_sources(sentence_index: Any) -> set[str]:
    return {meta["source"] for meta in sentence_index.get(include=["metadatas"])["metadatas"]}


def _batches(rows: list, size: int) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _add(collection: Any, sentence_index: Any, embedder: Embedder, records: list[ChunkRecord], path: str) -> None:
    """Store each chunk's sentences (pointing back at it, for small-to-big retrieval), then the chunks."""
    if not records:
        return
    rows = [(sentence_id, s, r) for r in records for sentence_id, s in numbered_sentences(r.id, r.text)]
    for batch in _batches(rows, BATCH):  # Chroma caps the batch size
        sentence_index.add(
            ids=[row_id for row_id, _, _ in batch],
            documents=[s for _, s, _ in batch],
            embeddings=[v.tolist() for v in embedder.embed([sentence_text(r.section, s) for _, s, r in batch])],
            metadatas=[{"source": r.source, "chunk_id": r.id} for _, _, r in batch],
        )
    # chunks last: they are what marks the file as ingested, and each says how many of them there should be
    for batch in _batches(records, BATCH):
        vectors = embedder.embed([embedding_text(r.section, r.text) for r in batch])
        collection.add(
            ids=[r.id for r in batch],
            documents=[r.text for r in batch],
            embeddings=[v.tolist() for v in vectors],
            metadatas=[{"source": r.source, "section": r.section, "content_hash": r.content_hash,
                        "file_hash": r.file_hash, "path": path, "file_chunks": len(records)} for r in batch],
        )


def list_documents(settings: Settings, embedder: Embedder | None = None) -> list[dict[str, Any]]:
    """Documents in the store with their chunk counts."""
    collection = open_collection(settings, embedder or get_embedder(), create=True)
    return [{"source": source, "chunks": len(entry["ids"]), "hash": entry["file_hash"]}
            for source, entry in sorted(_existing(collection).items())]
