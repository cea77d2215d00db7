"""Model backends behind one interface, chosen by `settings.llm_backend`."""
from __future__ import annotations

import threading

from tutor.config import Settings
from tutor.llm.base import LLM, LLMError, Message, Usage

__all__ = ["LLM", "LLMError", "Message", "Usage", "get_llm"]

_cache: dict[tuple, LLM] = {}
_cache_lock = threading.Lock()


def get_llm(settings: Settings) -> LLM:
    """The process-wide backend for these settings: the local model is loaded once and shared."""
    key = (settings.llm_backend, settings.model, settings.openai_base_url, settings.openai_model,
           settings.n_ctx, settings.n_threads, settings.n_gpu_layers)
    with _cache_lock:
        if key not in _cache:
            match settings.llm_backend:
                case "llamacpp":
                    from tutor.llm.llamacpp import LlamaCppLLM

                    _cache[key] = LlamaCppLLM(settings)
                case "openai":
                    from tutor.llm.openai_compat import OpenAICompatLLM

                    _cache[key] = OpenAICompatLLM(settings)
                case other:
                    raise LLMError(f"Unknown TUTOR_LLM_BACKEND {other!r}; use llamacpp or openai.")
        return _cache[key]
