"""Who is at the browser: a learner id and a conversation id, kept in the browser (gr.BrowserState), not on the server.

The browser stores them encrypted in its localStorage under a fixed key. Gradio's default secret is new at
every start, so a restarted server could no longer read what browsers hold: the secret is made once and
kept in the data directory (owner-only), and a reload or a restart keeps the learner's conversation and
progress. There are no passwords: whoever has the browser is the learner (put a shared deployment behind
the proxy's authentication).
"""
from __future__ import annotations

import os
import secrets
import uuid
from pathlib import Path
from typing import Any

STORAGE_KEY = "tutor-learner"
SECRET_FILE = "ui-browser-secret"


def browser_secret(data_dir: Path) -> str:
    """The secret that encrypts the learner id in browsers: made on first start, then read back."""
    path = data_dir / SECRET_FILE
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    try:  # O_EXCL: two processes starting at once agree on the first one's secret
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(secret)
    return secret


def new_id() -> str:
    return uuid.uuid4().hex


def identity(saved: Any) -> tuple[str, str, str]:
    """(learner, session, name) from what the browser holds; new ids for a first visit or anything malformed."""
    if not isinstance(saved, dict):
        return new_id(), new_id(), ""
    learner, session, name = saved.get("learner"), saved.get("session"), saved.get("name")
    name = name if isinstance(name, str) and _usable(name) else ""
    if not _usable(learner):
        return new_id(), new_id(), ""
    return learner, session if _usable(session) else new_id(), name


def _usable(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 200 and value.isprintable()


def saved(learner: str, session: str, name: str | None = "") -> dict[str, str]:
    """What the browser keeps: the ids, and the display name to show back."""
    return {"learner": learner, "session": session, "name": (name or "").strip()}
