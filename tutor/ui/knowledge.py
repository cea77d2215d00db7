"""The Knowledge tab's handlers: list the documents, add one, re-ingest everything."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

import gradio as gr

from tutor.engine import Tutor
from tutor.types import InputError

log = logging.getLogger(__name__)

HEADERS = ["Document", "Chunks"]


def _progress_callback(progress: Any) -> Callable[[int, int, str], None]:
    """The engine's (done, total, what) progress as a Gradio progress bar."""
    def report(done: int, total: int, what: str) -> None:
        progress((done, max(total, 1)), desc=f"Ingesting {what}", unit="files")
    return report


class KnowledgeHandlers:
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    def documents(self) -> list[list[Any]]:
        return [[d["source"], d["chunks"]] for d in self.tutor.list_documents()]

    def add(self, upload: str | None, progress: Any = gr.Progress()) -> tuple[str, list[list[Any]]]:
        """Add an uploaded file; a bad one gets one clear sentence and changes nothing."""
        if not upload:
            return "⚠️ Choose a .md, .txt or .pdf file first.", self.documents()
        path = Path(upload)
        limit = self.tutor.settings.max_upload_bytes
        try:
            with path.open("rb") as f:
                data = f.read(limit + 1)  # one byte over is enough to say it is too large
            report = self.tutor.add_document(path.name, data, progress=_progress_callback(progress))
        except InputError as exc:
            return f"⚠️ **Not added.** {exc}", self.documents()
        except Exception:
            log.exception("upload failed")
            return "⚠️ **Not added.** The document could not be ingested; see the server log.", self.documents()
        problems = "".join(f"\n- {line}" for line in report.errors)
        return f"✅ **{path.name}** added: {report.summary()}.{problems}", self.documents()

    def reingest(self, progress: Any = gr.Progress()) -> tuple[str, list[list[Any]]]:
        try:
            report = self.tutor.reingest(progress=_progress_callback(progress))
        except Exception:
            log.exception("re-ingest failed")
            return "⚠️ Re-ingesting failed; see the server log.", self.documents()
        problems = "".join(f"\n- {line}" for line in report.errors)
        return f"✅ Knowledge base up to date: {report.summary()}.{problems}", self.documents()
