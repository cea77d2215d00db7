"""Prompt templates live in `prompts/` as files, loaded by name and rendered strictly.

The top-level `prompts/` folder ships inside the package as `tutor.prompt_templates` (setup.py maps it), so
a wheel or a non-editable install finds its templates through importlib.resources; `TUTOR_PROMPTS_DIR`
(Settings.prompts_dir) only overrides that folder.
"""
from __future__ import annotations

import importlib.resources
from functools import lru_cache
from pathlib import Path

import jinja2

PACKAGE = "tutor.prompt_templates"
SUFFIXES = (".j2", ".md", ".txt")


@lru_cache(maxsize=1)
def packaged_dir() -> Path:
    """The folder of the templates that shipped with the installed package."""
    try:
        return Path(str(importlib.resources.files(PACKAGE)))
    except ModuleNotFoundError:
        # an editable install made before the mapping existed knows only `tutor/`: the checkout's folder
        # holds the same files (`make install` re-installs and the mapping appears)
        from tutor.config import PROJECT_ROOT

        checkout = PROJECT_ROOT / "prompts"
        if checkout.is_dir():
            return checkout
        raise


def prompts_folder(folder: Path | None = None) -> Path:
    """`folder` when a setting names one, else the packaged templates."""
    return Path(folder) if folder is not None else packaged_dir()


@lru_cache(maxsize=8)
def _environment(folder: str) -> jinja2.Environment:
    check_citations(Path(folder))
    # StrictUndefined: a missing variable fails loudly instead of silently vanishing from a prompt
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=False, autoescape=False)


def check_citations(folder: Path) -> None:
    """The sections the templates cite literally (the worked example) must be headings of the knowledge base:
    a renamed heading fails here, naming the prompt, rather than leaving an example that cites nothing."""
    from tutor.document import check_references, prompt_references

    check_references([ref for path in sorted(folder.iterdir()) if path.suffix in SUFFIXES
                      for ref in prompt_references(path.name, path.read_text(encoding="utf-8"))])


def template_name(name: str, folder: Path | None = None) -> str:
    """`system` -> `system.j2` (or `.md` / `.txt`), whichever exists."""
    folder = prompts_folder(folder)
    for suffix in SUFFIXES:
        if (folder / f"{name}{suffix}").is_file():
            return f"{name}{suffix}"
    raise FileNotFoundError(f"No prompt named {name!r} in {folder}.")


def render(name: str, folder: Path | None = None, **variables: object) -> str:
    """Render the prompt `name` with `variables` (from `folder`, else the packaged templates)."""
    folder = prompts_folder(folder)
    env = _environment(str(folder))
    return env.get_template(template_name(name, folder)).render(**variables).strip()
