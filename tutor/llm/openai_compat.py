"""Any OpenAI-compatible server (llama.cpp's server, vLLM) by base URL, model name and API key."""
from __future__ import annotations

from typing import Any, Iterator

from tutor.config import Settings
from tutor.llm.base import LLM, LLMError, Message, Usage, json_reply, register_backend


@register_backend("openai")
class OpenAICompatLLM(LLM):
    """Streams from a remote server; it batches requests itself, so many may run at once."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.settings: Settings = settings
        self.model_name = settings.openai_model
        self.concurrency = settings.openai_concurrency
        self._client: Any = None
        self._json_format = "json_schema"

    def _load(self) -> None:
        """Build the client (no request is sent: the first question finds out whether the server is up)."""
        from openai import OpenAI

        # local servers accept any key; the SDK refuses an empty one
        key = self.settings.openai_api_key.get_secret_value() or "not-needed"
        self._client = OpenAI(base_url=self.settings.openai_base_url, api_key=key, timeout=120.0, max_retries=1)

    def stream(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               stop: list[str] | None = None, usage: Usage | None = None,
               cache_upto: str | None = None) -> Iterator[str]:
        from openai import OpenAIError

        self.load()
        try:
            seeded = {} if self.settings.seed is None else {"seed": self.settings.seed}  # llama.cpp's and vLLM's
            # servers take it as OpenAI's API does
            response = self._client.chat.completions.create(
                model=self.model_name, messages=messages, max_tokens=max_tokens, temperature=temperature,
                stop=stop, stream=True, stream_options={"include_usage": True}, **seeded)
            produced = 0
            with response:
                for chunk in response:
                    if chunk.usage and usage is not None:
                        usage.prompt_tokens = chunk.usage.prompt_tokens
                        usage.completion_tokens = chunk.usage.completion_tokens
                    if chunk.choices and chunk.choices[0].delta.content:
                        produced += 1
                        if usage is not None and not chunk.usage:
                            usage.completion_tokens = produced
                        yield chunk.choices[0].delta.content
        except OpenAIError as exc:
            raise LLMError(f"The model server at {self.settings.openai_base_url} failed: {exc}") from exc

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *, max_tokens: int = 256) -> dict[str, Any]:
        from openai import APIStatusError, OpenAIError

        self.load()

        def call(messages: list[Message]) -> str:
            try:
                try:
                    return self._json_call(messages, schema, max_tokens)
                except APIStatusError:
                    if self._json_format == "json_object":
                        raise
                    # llama-cpp-python's server knows only {"type": "json_object", "schema": ...}; vLLM and
                    # llama.cpp's llama-server take the OpenAI json_schema form. Remember what worked.
                    self._json_format = "json_object"
                    return self._json_call(messages, schema, max_tokens)
            except OpenAIError as exc:
                raise LLMError(f"The model server at {self.settings.openai_base_url} failed: {exc}") from exc

        # validated here: not every server enforces the schema
        return json_reply(call, messages, schema, prompts_dir=self.prompts_dir)

    def _json_call(self, messages: list[Message], schema: dict[str, Any], max_tokens: int) -> str:
        fmt = ({"type": "json_object", "schema": schema} if self._json_format == "json_object"
               else {"type": "json_schema", "json_schema": {"name": "reply", "schema": schema}})
        out = self._client.chat.completions.create(model=self.model_name, messages=messages, max_tokens=max_tokens,
                                                   temperature=0.0, response_format=fmt)
        return out.choices[0].message.content or ""
