"""A demo's settings as the learner wrote them: "500 trees", "depth three", "k=5", "n_estimators=50 dataset=wine".

Only settings the demo declares are read (`props`, its JSON-schema properties); the registry validates the values.
"""
from __future__ import annotations

import re
from typing import Any

from tutor.tools import vocab

_NAMES = "|".join(sorted(vocab.NUMBER_NAMES, key=len, reverse=True))
_NUMBER = rf"(\d[\d,_]*(?:\.\d+)?(?:e\d+)?|{_NAMES}|an?)\s*(thousand|million|billion|trillion|k)?"


def in_words(text: str, props: dict[str, Any]) -> dict[str, Any]:
    """ "500 trees", "a billion rows", "k=5", "depth 3": settings the demo has, as the learner stated them."""
    found: dict[str, Any] = {}
    nouns = "|".join(re.escape(n) for n in sorted(vocab.NUMBER_NOUNS, key=len, reverse=True))
    for m in re.finditer(rf"(?<![a-z0-9.]){_NUMBER}\s+(?:[a-z]+\s+)?({nouns})(?:e?s)?(?![a-z0-9])", text):
        key = vocab.NUMBER_NOUNS[m.group(3)]
        value = _to_number(m.group(1), m.group(2))
        if key in props and value is not None:
            found.setdefault(key, value)
    names = "|".join(re.escape(n) for n in sorted(vocab.SETTING_NAMES, key=len, reverse=True))
    # "learning rate 0.05", "k=5", and with the words people put between: "the learning rate to 0.05", "at 0.05",
    # "of around 0.05", "the learning rate of the MLP, say 0.05"
    between = (r"(?:\s+of\s+(?:the|a|an|this|my|its)\s+[a-z]+)?(?:\s*(?:=|:|\bis\b|\bof\b|\bto\b|\bat\b|\bsay\b"
               r"|\baround\b|\babout\b|\broughly\b|\bjust\b|\bequal to\b|\bset to\b|\bmaybe\b|\blike\b)\s*){0,2}")
    for m in re.finditer(rf"(?<![a-z0-9])({names}){between}\s*{_NUMBER}(?![a-z0-9])", text):
        value = _to_number(m.group(2), m.group(3))
        key = next((k for k in vocab.SETTING_NAMES[m.group(1)] if k in props), None)
        if key and value is not None:
            found.setdefault(key, value)
    return found


def named(message: str, props: dict[str, Any]) -> dict[str, Any]:
    """ "n_estimators=50 dataset=wine": settings named exactly as in `tutor demo list`.

    The whole value is taken, up to a space, so that "dataset=/etc/passwd" or "n_estimators=10**12" is
    refused by name rather than cut down to something that happens to be valid ("10") or dropped.
    """
    pairs = re.finditer(r"(?<![a-z0-9_])([a-z_]+)\s*=\s*(\S+)", message.lower()[:2000])
    found = {m.group(1): m.group(2).rstrip(".,;:!?)]}'\"") for m in pairs if m.group(1) in props}
    return {k: v if (number := _to_number(v, None)) is None else number for k, v in found.items()}


def _to_number(number: str, scale: str | None) -> int | float | None:
    if number in vocab.NUMBER_NAMES:
        number = str(vocab.NUMBER_NAMES[number])
    elif number in ("a", "an"):
        if not scale:
            return None
        number = "1"
    try:
        value = float(number.replace(",", "").replace("_", ""))
    except ValueError:
        return None
    value *= vocab.NUMBER_WORDS.get(scale or "", 1)
    return int(value) if value.is_integer() else value
