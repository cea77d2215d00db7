"""Model backends behind one base class, chosen by name (`settings.llm_backend`) from a registry."""
from __future__ import annotations

import threading

from tutor.config import Settings
from tutor.llm.base import BACKENDS, LLM, LLMError, Message, Usage, register_backend

# importing a backend registers it; none of them loads anything heavy until its first call
from tutor.llm import llamacpp, openai_compat, scripted  # noqa: E402,F401  isort: skip

__all__ = ["BACKENDS", "LLM", "LLMError", "Message", "Usage", "get_llm", "register_backend"]

_cache: dict[tuple, LLM] = {}
_cache_lock = threading.Lock()


def get_llm(settings: Settings) -> LLM:
    """The process-wide backend for these settings: built once and shared; it loads on its first call."""
    backend = BACKENDS.get(settings.llm_backend)
    if backend is None:
        raise LLMError(f"Unknown TUTOR_LLM_BACKEND {settings.llm_backend!r}; use one of {', '.join(sorted(BACKENDS))}.")
    key = (settings.llm_backend, settings.model, settings.openai_base_url, settings.openai_model,
           settings.n_ctx, settings.n_threads, settings.n_gpu_layers)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = backend(settings)
        return _cache[key]
