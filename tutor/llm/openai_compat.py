"""Any OpenAI-compatible server (llama.cpp's server, vLLM) by base URL, model name and API key."""
from __future__ import annotations

from typing import Any, Iterator

from tutor.config import Settings
from tutor.llm.base import LLMError, Message, Usage, json_reply


class OpenAICompatLLM:
    """Streams from a remote server; it batches requests itself, so many may run at once."""

    name = "openai"

    def __init__(self, settings: Settings) -> None:
        from openai import OpenAI

        self.settings = settings
        self.model_name = settings.openai_model
        self.concurrency = settings.openai_concurrency
        # local servers accept any key; the SDK refuses an empty one
        key = settings.openai_api_key.get_secret_value() or "not-needed"
        self._client = OpenAI(base_url=settings.openai_base_url, api_key=key, timeout=120.0, max_retries=1)
        self._json_format = "json_schema"

    def load(self) -> None:
        """Nothing to load locally."""

    def stream(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               stop: list[str] | None = None, usage: Usage | None = None) -> Iterator[str]:
        from openai import OpenAIError

        try:
            response = self._client.chat.completions.create(
                model=self.model_name, messages=messages, max_tokens=max_tokens, temperature=temperature,
                stop=stop, stream=True, stream_options={"include_usage": True})
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

    def complete(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
                 stop: list[str] | None = None) -> str:
        return "".join(self.stream(messages, max_tokens=max_tokens, temperature=temperature, stop=stop))

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *, max_tokens: int = 256) -> dict[str, Any]:
        from openai import APIStatusError, OpenAIError

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

        return json_reply(call, messages, schema)  # validated here: not every server enforces the schema

    def _json_call(self, messages: list[Message], schema: dict[str, Any], max_tokens: int) -> str:
        fmt = ({"type": "json_object", "schema": schema} if self._json_format == "json_object"
               else {"type": "json_schema", "json_schema": {"name": "reply", "schema": schema}})
        out = self._client.chat.completions.create(model=self.model_name, messages=messages, max_tokens=max_tokens,
                                                   temperature=0.0, response_format=fmt)
        return out.choices[0].message.content or ""
