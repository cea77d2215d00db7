"""Engine results as chat messages: Markdown with collapsible sources, demo tables and plots.

Pure functions of the engine's dataclasses; no retrieval, prompting or scoring happens here.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any

from tutor.types import Source, ToolCall

THINKING = "*Waiting for the tutor…*"
OFF_TOPIC = "🧭 **Outside the document.** "
CURSOR = " ▌"
_BULLET = re.compile(r"^(?:[-*•+]|\d+\.)\s+")  # a list item's marker, out of place inside a quote


def heading(section: str) -> str:
    """The last part of a heading path, which is what a learner recognises."""
    return section.split(" > ")[-1].strip() or section


def path(section: str) -> str:
    return " › ".join(part.strip() for part in section.split(" > "))


def evidence(sources: list[Source]) -> str:
    """The top passage's key sentence, shown before the model has said a word."""
    if not sources:
        return ""
    top = sources[0]
    sentence = _BULLET.sub("", (top.highlight or top.text.split("\n")[0]).strip())
    return f"> 📖 **{html.escape(heading(top.section))}** — “{sentence}”\n\n"


def source_blocks(sources: list[Source]) -> str:
    """One collapsible block per source: the heading path and file, then the passage itself."""
    if not sources:
        return ""
    blocks = [f"<details><summary><b>[{s.n}]</b> {html.escape(path(s.section))} "
              f"<code>{html.escape(s.source)}</code></summary>\n\n{s.text.strip()}\n\n</details>"
              for s in sources]
    return "\n\n**Sources**\n\n" + "\n\n".join(blocks)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:.3g}"
    elif isinstance(value, (dict, list, tuple)):
        text = json.dumps(value, ensure_ascii=False)
        text = text if len(text) <= 80 else text[:77] + "…"
    else:
        text = str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: dict[str, Any] | None, head: str) -> str:
    if not rows:
        return ""
    body = "\n".join(f"| {_cell(k).replace('_', ' ')} | {_cell(v)} |" for k, v in rows.items())
    return f"| {head} | |\n|---|---|\n{body}\n"


def tool_header(call: ToolCall) -> str:
    """The demo's name, its results as a table, and the settings it ran with (collapsed)."""
    title = f"🔬 **Demo: {call.name.replace('_', ' ')}**\n\n"
    if call.error:
        return title
    settings = (f"<details><summary>Settings used</summary>\n\n{table(call.arguments, 'Setting')}\n</details>\n\n"
                if call.arguments else "")
    return title + table(call.result, "Result") + "\n" + settings


def answer_content(*, sources: list[Source], grounded: bool | None, text: str, tool: ToolCall | None,
                   done: bool, offtopic: bool = False) -> str | list[Any]:
    """The assistant message at any point of the stream (grounded None: no sources event yet)."""
    if grounded is None:
        return THINKING
    body = text.strip() + ("" if done else CURSOR)
    if offtopic:
        return OFF_TOPIC + body
    if not grounded and tool is None:  # the demo catalog: a plain reply
        return body
    tail = source_blocks(sources) if done else ""
    if tool is None:
        return evidence(sources) + body + tail
    parts: list[Any] = [tool_header(tool)]
    if tool.plot:
        parts.append({"path": tool.plot, "alt_text": f"Plot of the {tool.name} demo"})
    parts.append(body + tail)
    return parts


def notice(message: str, title: str = "Not sent.") -> dict[str, Any]:
    """A refusal (empty, too long, ...) or a failure, said plainly in the conversation."""
    return {"role": "assistant", "content": f"⚠️ **{title}** {message}"}
