"""The embedded backend: llama-cpp-python with a packaged GGUF, loaded once per process."""
from __future__ import annotations

import threading
from typing import Any, Iterator

from tutor.config import Settings
from tutor.llm.base import LLM, LLMError, Message, Usage, json_reply, register_backend
from tutor.models import gguf_path


@register_backend("llamacpp")
class LlamaCppLLM(LLM):
    """One llama.cpp context shared by everyone; calls take turns (a lock), so `concurrency` is 1."""

    constrained_json = True  # a grammar built from the schema
    concurrency = 1

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.settings: Settings = settings
        self.model_name = settings.model
        self._llama: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        from llama_cpp import Llama

        path = gguf_path(self.settings.model, self.settings.models_dir)
        try:
            self._llama = Llama(model_path=str(path), n_ctx=self.settings.n_ctx,
                                n_threads=self.settings.n_threads, n_threads_batch=self.settings.n_threads,
                                n_gpu_layers=self.settings.n_gpu_layers, n_batch=512, verbose=False)
        except (ValueError, RuntimeError) as exc:  # llama.cpp says only "Failed to load model from file"
            raise LLMError(f"The model file {path} is damaged and could not be loaded; run `tutor prepare` "
                           f"(or `make install`) to check it and assemble it again.") from exc

    @property
    def llama(self) -> Any:
        """The loaded llama.cpp model (loaded now if it was not yet)."""
        self.load()
        return self._llama

    def stream(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               stop: list[str] | None = None, usage: Usage | None = None,
               cache_upto: str | None = None) -> Iterator[str]:
        llama = self.llama
        with self._lock:  # llama.cpp contexts are not thread-safe; the prompt-prefix cache makes turns cheap
            chunks = llama.create_chat_completion(messages=messages, max_tokens=max_tokens, temperature=temperature,
                                                  stop=stop, stream=True)
            produced = 0
            try:
                for chunk in chunks:
                    text = chunk["choices"][0]["delta"].get("content")
                    if text:
                        produced += 1
                        if usage is not None:
                            usage.completion_tokens = produced
                        yield text
            finally:
                chunks.close()  # the learner pressed stop (generator closed): end decoding now
                if usage is not None:
                    usage.completion_tokens = produced
                    usage.prompt_tokens = max(0, llama.n_tokens - produced)

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *, max_tokens: int = 256) -> dict[str, Any]:
        llama = self.llama

        def call(messages: list[Message]) -> str:
            with self._lock:  # the grammar makes the shape right unless max_tokens cuts it
                out = llama.create_chat_completion(messages=messages, max_tokens=max_tokens, temperature=0.0,
                                                   response_format={"type": "json_object", "schema": schema})
            return out["choices"][0]["message"]["content"] or ""

        return json_reply(call, messages, schema, prompts_dir=self.prompts_dir)
