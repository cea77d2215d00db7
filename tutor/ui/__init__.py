"""The Gradio web UI: a thin adapter over `tutor.engine.Tutor` (`tutor ui`, `make run`)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor.config import Settings


def launch(settings: Settings, host: str | None = None, port: int | None = None, share: bool | None = None) -> None:
    """Load the models, start the app and serve until Ctrl-C."""
    from tutor.ui.app import launch as _launch

    _launch(settings, host=host, port=port, share=share)


def __getattr__(name: str) -> Any:  # `from tutor.ui import build, serve` without importing gradio up front
    if name in ("build", "serve"):
        from tutor.ui import app

        return getattr(app, name)
    raise AttributeError(name)
