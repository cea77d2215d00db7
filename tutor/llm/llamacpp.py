"""The embedded backend: llama-cpp-python with a packaged GGUF, loaded once per process."""
from __future__ import annotations

import logging
import threading
from typing import Any, Iterator

from tutor.config import Settings
from tutor.llm.base import LLM, LLMError, Message, Usage, json_reply, register_backend
from tutor.llm.requantize import model_file, model_identity
from tutor.llm import weight_buffers
from tutor.llm.state_cache import PrefixCache, StateStore
from tutor.models import gguf_path

log = logging.getLogger(__name__)


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
        self.prefixes: PrefixCache | None = None  # passage KV states on disk (issue 17)

    def _load(self) -> None:
        from llama_cpp import Llama

        settings = self.settings
        weight_buffers.apply(settings.weight_buffers)
        path = gguf_path(settings.model, settings.models_dir)
        draft = None
        if settings.prompt_lookup:
            from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

            draft = LlamaPromptLookupDecoding(num_pred_tokens=settings.prompt_lookup)
        try:
            path = model_file(settings)
            self._llama = Llama(model_path=str(path), n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                                n_threads_batch=settings.n_threads_batch or settings.n_threads,
                                n_gpu_layers=settings.n_gpu_layers, n_batch=settings.n_batch,
                                n_ubatch=settings.n_ubatch, flash_attn=settings.flash_attn, draft_model=draft,
                                # a draft model needs every position's logits; llama-cpp-python 0.3.36 sizes
                                # that buffer from this argument alone, so a prompt over n_batch would crash
                                logits_all=draft is not None, verbose=False)
        except (ValueError, RuntimeError) as exc:  # llama.cpp says only "Failed to load model from file"
            raise LLMError(f"The model file {path} is damaged and could not be loaded; run `tutor prepare` "
                           f"(or `make install`) to check it and assemble it again.") from exc
        if settings.state_cache_mb > 0:
            import llama_cpp

            # the KV bits depend on the weights, llama.cpp's kernels and the attention path
            identity = f"{model_identity(path)}|llama-cpp-python {llama_cpp.__version__}|fa={settings.flash_attn}"
            self.prefixes = PrefixCache(StateStore(settings.data_dir / "kv" / path.stem, identity,
                                                   settings.state_cache_mb << 20))

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
            self._prepare(llama, messages, cache_upto)
            chunks = llama.create_chat_completion(messages=messages, max_tokens=max_tokens, temperature=temperature,
                                                  stop=stop, stream=True, seed=self.settings.seed)
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

    def _prepare(self, llama: Any, messages: list[Message], cache_upto: str | None) -> None:
        """Start from the longest stored prefix of this prompt; a cache failure only costs a full prefill."""
        if self.prefixes is None:
            return
        try:
            self.prefixes.prepare(llama, messages, cache_upto)
        except Exception:  # noqa: BLE001  (disk full, a file racing with another process: answer anyway)
            log.warning("the KV state cache failed; prefilling the whole prompt", exc_info=True)
            llama.reset()
            llama._ctx.kv_cache_seq_rm(-1, 0, -1)

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *, max_tokens: int = 256) -> dict[str, Any]:
        llama = self.llama

        def call(messages: list[Message]) -> str:
            with self._lock:  # the grammar makes the shape right unless max_tokens cuts it
                out = llama.create_chat_completion(messages=messages, max_tokens=max_tokens, temperature=0.0,
                                                   response_format={"type": "json_object", "schema": schema})
            return out["choices"][0]["message"]["content"] or ""

        return json_reply(call, messages, schema, prompts_dir=self.prompts_dir)
