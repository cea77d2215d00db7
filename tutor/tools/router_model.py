"""The language model as the router's last resort: is a terse message a request, and which of several tied
demos does it mean? One constrained call each, with a schema it cannot leave (an enum of a few names, a dozen
tokens), validated again; any failure gives None and the router falls back, never crashes."""
from __future__ import annotations

import logging
from typing import Any

from tutor.tools.registry import all_demos

log = logging.getLogger("tutor.tools.router")  # its records read as the router's, as before the split


def _json(llm: Any, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int) -> dict[str, Any] | None:
    """One constrained call, validated again against its schema; None on any failure."""
    try:
        out = llm.complete_json(messages, schema, max_tokens=max_tokens)
        _validate(out, schema)
        return out
    except Exception as exc:  # LLMError, invalid JSON, off-schema: the router falls back, never crashes
        log.warning("demo routing: the model gave no usable answer (%s)", exc)
        return None


def _validate(out: Any, schema: dict[str, Any]) -> None:
    try:
        import jsonschema
    except ImportError:  # the schemas here are one enum each: check that much by hand
        key = schema["required"][0]
        if not isinstance(out, dict) or out.get(key) not in schema["properties"][key]["enum"]:
            raise ValueError(f"not one of {schema['properties'][key]['enum']}: {out!r}") from None
        return
    jsonschema.validate(out, schema)


def ask_demo(llm: Any, message: str, names: list[str]) -> str | None:
    """Which of the tied demos the learner means, as the model reads it."""
    from tutor.prompts import render

    schema = {"type": "object", "properties": {"demo": {"type": "string", "enum": names}},
              "required": ["demo"], "additionalProperties": False}
    system = render("router_demo", _prompts_dir(llm), demos=[d for d in all_demos() if d.name in names])
    messages = [{"role": "system", "content": system}, {"role": "user", "content": message[:500]}]
    out = _json(llm, messages, schema, 16)
    return out["demo"] if out else None


_INTENT_SHOTS = [("decision tree on iris please", "demo"), ("neural networks in general", "question"),
                 ("k-means clustering demo", "demo"), ("the difference between CNNs and RNNs", "question")]


def _prompts_dir(llm: Any) -> Any:
    """The prompt folder the model's settings name (TUTOR_PROMPTS_DIR), else the packaged one."""
    return getattr(llm, "prompts_dir", None)


def ask_intent(llm: Any, message: str) -> str | None:
    from tutor.prompts import render

    messages = [{"role": "system", "content": render("router_intent", _prompts_dir(llm))}]
    for shot, intent in _INTENT_SHOTS:
        messages += [{"role": "user", "content": shot}, {"role": "assistant", "content": f'{{"intent": "{intent}"}}'}]
    messages.append({"role": "user", "content": message[:500]})
    schema = {"type": "object", "properties": {"intent": {"type": "string", "enum": ["demo", "question"]}},
              "required": ["intent"], "additionalProperties": False}
    out = _json(llm, messages, schema, 12)
    return out["intent"] if out else None
