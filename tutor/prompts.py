"""Prompt templates live in `prompts/` as files, loaded by name and rendered strictly."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from tutor.config import PROJECT_ROOT

DEFAULT_DIR = PROJECT_ROOT / "prompts"


@lru_cache(maxsize=8)
def _environment(folder: str) -> jinja2.Environment:
    # StrictUndefined: a missing variable fails loudly instead of silently vanishing from a prompt
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=False, autoescape=False)


def template_name(name: str, folder: Path = DEFAULT_DIR) -> str:
    """`system` -> `system.j2` (or `.md` / `.txt`), whichever exists."""
    for suffix in (".j2", ".md", ".txt"):
        if (folder / f"{name}{suffix}").is_file():
            return f"{name}{suffix}"
    raise FileNotFoundError(f"No prompt named {name!r} in {folder}.")


def render(name: str, folder: Path = DEFAULT_DIR, **variables: object) -> str:
    """Render the prompt `name` with `variables`."""
    env = _environment(str(folder))
    return env.get_template(template_name(name, folder)).render(**variables).strip()
