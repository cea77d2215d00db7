"""Discord's message shapes: answers split under the 2,000-character limit, sources and demos as embeds."""
from __future__ import annotations

import re
from pathlib import Path

import discord

from tutor.render import Card
from tutor.types import Answer, Source, ToolCall

MESSAGE_LIMIT = 2000  # characters per Discord message
FIELD_NAME, FIELD_VALUE, MAX_FIELDS = 256, 1024, 25  # embed field limits
_FENCE = "```"
# a cut may not be followed by a citation: "[2]" stays with the sentence it supports
_CITATION_NEXT = re.compile(r"\s*\[\d{1,3}\]")


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at paragraphs, lines or spaces.

    A word is cut only when it alone is longer than a message, and never inside or just before a
    citation like [2]. A code block cut in two is closed and reopened so both halves render.
    """
    reserve = len(_FENCE) * 2 + 2 if _FENCE in text else 0  # room to close and reopen a fence
    budget = max(limit - reserve, 20)
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > budget:
        cut = _cut(rest, budget)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return _balance_fences(pieces)


def _cut(text: str, limit: int) -> int:
    """Where to end the first piece: the latest good boundary within `limit` characters."""
    for separator, earliest in (("\n\n", limit // 2), ("\n", limit // 2), (" ", 1)):
        at = text.rfind(separator, 0, limit + 1)
        while at >= earliest:
            if not _CITATION_NEXT.match(text, at):
                return at
            at = text.rfind(separator, 0, at)
    # one unbroken run of text longer than a message: cut it, but outside a citation
    cut = limit
    opening = text.rfind("[", max(0, limit - 4), limit)
    citation = _CITATION_NEXT.match(text, opening) if opening > 0 else None
    if citation and citation.end() > limit:
        cut = opening
    return cut


def _balance_fences(pieces: list[str]) -> list[str]:
    out, open_fence = [], False
    for piece in pieces:
        if open_fence:
            piece = f"{_FENCE}\n{piece}"
        open_fence = piece.count(_FENCE) % 2 == 1
        out.append(f"{piece}\n{_FENCE}" if open_fence else piece)
    return out


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card_embed(card: Card, colour: discord.Colour | None = None) -> discord.Embed:
    """A card of the shared renderer (tutor.render) as an embed: title, Markdown body, fields, footer."""
    embed = discord.Embed(title=_clip(card.title, FIELD_NAME), description=card.body[:4096] or None,
                          colour=colour or discord.Colour.blurple())
    for name, value in card.fields[:MAX_FIELDS]:
        embed.add_field(name=_clip(name, FIELD_NAME), value=_cut_lines(value, FIELD_VALUE) or "-", inline=False)
    if card.footer:
        embed.set_footer(text=_clip(card.footer, 2048))
    return embed


def _cut_lines(text: str, limit: int) -> str:
    """`text` within `limit` characters, dropping whole lines (a list keeps its shape, unlike _clip)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit("\n", 1)[0] + "\n…"


def sources_embed(sources: list[Source], *, full: bool = False) -> discord.Embed | None:
    """The passages an answer cites, one field each: the key sentence, or with `full` the whole passage."""
    if not sources:
        return None
    embed = discord.Embed(title="Sources", colour=discord.Colour.blurple())
    for s in sources[:MAX_FIELDS]:
        body = s.text if full or not s.highlight else s.highlight
        embed.add_field(name=_clip(f"[{s.n}] {s.section}", FIELD_NAME),
                        value=_clip(body, FIELD_VALUE if full else 300) or "…", inline=False)
    names = sorted({s.source for s in sources})
    embed.set_footer(text=_clip("From " + ", ".join(names), 200))
    return embed


def demo_embed(tool: ToolCall) -> tuple[discord.Embed, discord.File | None]:
    """A demo's numbers as an embed, with its plot attached and shown inside it."""
    embed = discord.Embed(title=f"Demo: {tool.name}", colour=discord.Colour.green())
    if tool.error:
        embed.description = _clip(tool.error, 1000)
    for key, value in list((tool.result or {}).items())[:MAX_FIELDS]:
        embed.add_field(name=_clip(str(key), FIELD_NAME), value=_clip(_show(value), FIELD_VALUE) or "-")
    plot = Path(tool.plot) if tool.plot else None
    if plot is None or not plot.is_file():
        return embed, None
    embed.set_image(url=f"attachment://{plot.name}")
    return embed, discord.File(plot, filename=plot.name)


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v) for v in value)
    return str(value)


def answer_extras(answer: Answer) -> tuple[list[discord.Embed], list[discord.File]]:
    """What goes with an answer's last message: the demo card and plot, then the sources."""
    embeds: list[discord.Embed] = []
    files: list[discord.File] = []
    if answer.tool:
        embed, file = demo_embed(answer.tool)
        embeds.append(embed)
        if file:
            files.append(file)
    sources = sources_embed(answer.sources)
    if sources:
        embeds.append(sources)
    return embeds, files
