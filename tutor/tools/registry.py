"""The demo registry: each demo is one typed function, and its JSON schema and validator come from that.

A demo is declared once, smolagents style: type hints give the types (`Literal[...]` becomes an enum,
`Annotated[int, Range(1, 500)]` a bounded number, `Annotated[list[...], Len(1, 7)]` a short list) and
the Google-style docstring gives the description and one line per argument. Pydantic turns the
signature into both the JSON schema and the validator, so the two cannot drift apart.

Only numbers, booleans and closed choices are allowed as arguments: a demo cannot take a free string,
so no path, URL or code can ever reach one.

A demo also declares the words that route a learner's message to it (`phrases`) and the data it works on
when it has no `dataset` argument (`implied_data`), so adding a demo is one edit; both are checked here,
at registration, against the demo's own schema.
"""
from __future__ import annotations

import dataclasses
import importlib
import math
import inspect
import re
import reprlib
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Callable, Literal, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from tutor.tools import vocab

Len = annotated_types.Len  # `Annotated[list[Model], Len(1, 7)]`: one to seven items
MAX_ARGUMENTS = 20  # more keys than any demo has: refuse before validating
MAX_TEXT = 200  # longest string value looked at at all


def Range(lo: int | float, hi: int | float) -> annotated_types.Interval:  # noqa: N802 (reads like a type)
    """Inclusive bounds of a numeric argument: `Annotated[int, Range(1, 500)]`."""
    return annotated_types.Interval(ge=lo, le=hi)


class DemoError(ValueError):
    """A demo name or arguments the registry refuses; the message is shown to the learner as is."""


@dataclass
class DemoResult:
    """What a demo function returns; the runner saves the figure and checks the rest."""

    metrics: dict[str, Any]
    figure: Any  # a matplotlib Figure
    explanation: str  # two to four sentences ending with the citation marker "[1]"
    section: str | None = None  # one of the demo's declared sections; None means the first


@dataclass(frozen=True)
class Demo:
    """A registered demo: the function plus everything derived from it."""

    name: str
    fn: Callable[..., DemoResult]
    summary: str  # the docstring's first paragraph
    description: str  # the docstring before `Args:`
    sections: tuple[str, ...]  # heading paths in the knowledge document, first is the default
    arguments: type[BaseModel]  # validates and coerces arguments
    schema: dict[str, Any]  # JSON schema of the arguments
    phrases: dict[str, tuple[float, dict[str, Any]]]  # routing words: phrase -> (weight, arguments it implies)
    implied_data: tuple[str, ...] = ()  # data sets it works on without a `dataset` argument ("CNN on digits")

    @property
    def section(self) -> str:
        return self.sections[0]

    @property
    def defaults(self) -> dict[str, Any]:
        return self.arguments().model_dump()

    def validate(self, arguments: dict[str, Any] | None) -> dict[str, Any]:
        """The arguments with defaults filled in, coerced to their types; raises DemoError with a reason."""
        try:
            given = {} if arguments is None else arguments  # an empty list or text is not "no arguments"
            return self.arguments.model_validate(_prepare(given, self.schema)).model_dump()
        except DemoError as exc:
            raise DemoError(f"Can't run {self.name}: {exc}") from None
        except ValidationError as exc:
            reasons = [_reason(err, self.schema) for err in exc.errors()[:3]]
            raise DemoError(f"Can't run {self.name}: " + "; ".join(reasons) + ".") from None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "summary": self.summary, "description": self.description,
                "section": self.section, "schema": self.schema}


_DEMOS: dict[str, Demo] = {}
_CHECKED: list[bool] = []  # non-empty once the demos' citations were checked


Phrases = dict[str, float | tuple[float, dict[str, Any]]]  # phrase -> weight, or (weight, arguments)


def demo(*, sections: tuple[str, ...], phrases: Phrases | None = None, implied_data: tuple[str, ...] = (),
         ) -> Callable[[Callable[..., DemoResult]], Callable[..., DemoResult]]:
    """Register a demo function under its own name.

    `sections` are the document sections it may cite. `phrases` are the words that route a message to it,
    each with its weight (points towards this demo; the router runs the demo with most) and, optionally,
    the arguments it implies: {"classifier": 2, "random forest": (3, {"model": "forest"})}. Phrases are
    written as the router reads text (lower case, words separated by single spaces; a plural "s" matches
    too). `implied_data` names the data sets a demo without a `dataset` argument works on.
    """

    def register(fn: Callable[..., DemoResult]) -> Callable[..., DemoResult]:
        description, arg_docs = _parse_docstring(fn)
        fields: dict[str, Any] = {}
        hints = typing.get_type_hints(fn, include_extras=True)
        for param in inspect.signature(fn).parameters.values():
            name = param.name
            if name not in hints or param.default is inspect.Parameter.empty:
                raise TypeError(f"{fn.__name__}: argument {name!r} needs a type hint and a default")
            if name not in arg_docs:
                raise TypeError(f"{fn.__name__}: argument {name!r} has no description in the docstring")
            _check_allowed(fn.__name__, name, hints[name])
            fields[name] = (hints[name], Field(param.default, description=arg_docs[name]))
        config = ConfigDict(extra="forbid", allow_inf_nan=False)
        model = create_model(f"{fn.__name__}_arguments", __config__=config, **fields)
        schema = _strip_titles(model.model_json_schema())
        summary = description.split("\n\n")[0]
        entry = Demo(fn.__name__, fn, " ".join(summary.split()), " ".join(description.split()),
                     tuple(sections), model, schema, {})
        entry = dataclasses.replace(entry, phrases=_check_phrases(entry, phrases or {}),
                                    implied_data=_check_implied_data(entry, implied_data))
        _DEMOS[fn.__name__] = entry
        return fn

    return register


def _load() -> None:
    importlib.import_module("tutor.tools.demos")  # the demo modules register themselves on import
    if not _CHECKED:  # the shipped demos' sections must be headings of the knowledge base: a rename fails here
        from tutor.document import Reference, check_references
        check_references(Reference(f"demo {d.name}", s) for d in _DEMOS.values()
                         if d.fn.__module__.startswith("tutor.tools.demos") for s in d.sections)
        _CHECKED.append(True)


def all_demos() -> list[Demo]:
    """Every registered demo, in catalog order."""
    _load()
    return list(_DEMOS.values())


def get_demo(name: Any) -> Demo:
    """The demo called `name`; anything else raises DemoError naming what exists."""
    _load()
    if isinstance(name, str) and name.strip().lower() in _DEMOS:
        return _DEMOS[name.strip().lower()]
    shown = shorten(name[:40]) if isinstance(name, str) else f"of type {type(name).__name__}"
    raise DemoError(f"There is no demo {shown}. Available: {', '.join(_DEMOS)}.")


# --- derivation ------------------------------------------------------------------------------------

def _parse_docstring(fn: Callable[..., Any]) -> tuple[str, dict[str, str]]:
    """The summary paragraphs and the `Args:` descriptions of a Google-style docstring."""
    doc = inspect.getdoc(fn) or ""
    head, _, rest = doc.partition("\nArgs:\n")
    block = []
    for line in rest.splitlines():
        if line.strip() and not line[0].isspace():  # the next section ("Returns:") ends the arguments
            break
        if line.strip():
            block.append(line)
    args: dict[str, str] = {}
    indent = min((len(line) - len(line.lstrip()) for line in block), default=0)
    current = None
    for line in block:
        if len(line) - len(line.lstrip()) == indent:  # "name: text" or "name (type): text"
            name, _, text = line.strip().partition(":")
            current = name.split("(")[0].strip()
            args[current] = text.strip()
        elif current:  # a continuation line
            args[current] += " " + line.strip()
    description = head.strip()
    if not description:
        raise TypeError(f"{fn.__name__}: a demo needs a docstring")
    return description, args


def _check_phrases(entry: Demo, phrases: Any) -> dict[str, tuple[float, dict[str, Any]]]:
    """Each phrase normalised as the router reads text, a positive weight, arguments valid for this demo."""
    if not isinstance(phrases, dict):
        raise TypeError(f"demo {entry.name}: phrases must be a mapping of phrase to weight")
    checked: dict[str, tuple[float, dict[str, Any]]] = {}
    for phrase, value in phrases.items():
        where = f"demo {entry.name}, phrase {shorten(phrase)}"
        if not isinstance(phrase, str) or not vocab.is_normalised(phrase):
            suggestion = vocab.normalise(phrase) if isinstance(phrase, str) else ""
            raise TypeError(f"{where}: a phrase is lower-case words and numbers separated by single spaces"
                            + (f"; write {suggestion!r}" if suggestion else ""))
        weight, arguments = value if isinstance(value, tuple) and len(value) == 2 else (value, {})
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight <= 0:
            raise TypeError(f"{where}: the weight must be a number above 0, not {shorten(weight)}")
        if not isinstance(arguments, dict):
            raise TypeError(f"{where}: the arguments must be a mapping, not {shorten(arguments)}")
        try:
            valid = entry.validate(arguments)
        except DemoError as exc:  # "Can't run <demo>: <reason>": the reason
            raise TypeError(f"{where}: {str(exc).split(': ', 1)[-1]}") from None
        if any(valid[k] != v for k, v in arguments.items()):  # the router passes them on as written
            raise TypeError(f"{where}: write the arguments as the schema names them: "
                            f"{ {k: valid[k] for k in arguments} }")
        checked[phrase] = (weight, dict(arguments))
    return checked


def _check_implied_data(entry: Demo, implied: Any) -> tuple[str, ...]:
    """Data-set names the router knows; only for a demo whose arguments do not name its data."""
    if not isinstance(implied, tuple):
        raise TypeError(f"demo {entry.name}: implied_data must be a tuple of data-set names")
    if implied and "dataset" in entry.schema["properties"]:
        raise TypeError(f"demo {entry.name}: it has a dataset argument, so implied_data would be ignored")
    known = set(vocab.DATASETS.values())
    for name in implied:
        if name not in known:
            raise TypeError(f"demo {entry.name}: implied data set {shorten(name)} is not one the router knows "
                            f"({', '.join(sorted(known))})")
    return implied


def _check_allowed(fn_name: str, name: str, hint: Any) -> None:
    """Demos take numbers, booleans and closed choices only; a free string would let text through."""
    base = get_args(hint)[0] if get_origin(hint) is Annotated else hint
    if get_origin(base) is list:
        base = get_args(base)[0]
    if base in (int, float, bool) or get_origin(base) is Literal:
        return
    raise TypeError(f"{fn_name}: argument {name!r} must be int, float, bool or Literal[...], not {hint}")


def _strip_titles(node: Any) -> Any:
    """Pydantic's schema minus the `title` keys: shorter prompts and grammars for the model."""
    if isinstance(node, dict):
        return {k: _strip_titles(v) for k, v in node.items() if k != "title" or not isinstance(v, str)}
    if isinstance(node, list):
        return [_strip_titles(v) for v in node]
    return node


# --- validation helpers ----------------------------------------------------------------------------

def _prepare(arguments: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """Refuse odd shapes early and turn command-line text into values pydantic can check."""
    if not isinstance(arguments, dict):
        raise DemoError("arguments must be a mapping of names to values.")
    if len(arguments) > MAX_ARGUMENTS:
        raise DemoError(f"too many arguments ({len(arguments)}), a demo takes at most {MAX_ARGUMENTS}.")
    props = schema.get("properties", {})
    out: dict[str, Any] = {}
    for key, value in arguments.items():
        if not isinstance(key, str) or key not in props:
            shown = shorten(key[:40]) if isinstance(key, str) else "a non-text name"
            raise DemoError(f"unknown argument {shown}; the settings are {', '.join(props)}.")
        out[key] = _coerce(key, value, props[key])
    return out


def _coerce(key: str, value: Any, prop: dict[str, Any]) -> Any:
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise DemoError(f"the value of {key} is too long to be a setting.")
        value = value.strip()
        if prop.get("type") == "array":  # "tree,forest" from the command line
            value = [v for v in re.split(r"[,\s]+", value) if v]
        elif prop.get("type") in ("integer", "number"):
            value = _number(value.replace("_", "").replace(",", ""))
        elif prop.get("type") == "string":
            value = value.lower()
    if isinstance(value, bool) and prop.get("type") in ("integer", "number"):
        raise DemoError(f"{key} must be a number, not {value}.")  # pydantic would read True as 1
    if isinstance(value, list):
        if len(value) > MAX_ARGUMENTS:
            raise DemoError(f"{key} has too many items.")
        return [v.strip().lower() if isinstance(v, str) else v for v in value]
    if isinstance(value, float) and prop.get("type") == "integer" and value.is_integer():
        return int(value)  # 1e9 from JSON is a whole number; let the range check name the maximum
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise DemoError(f"{key} must be a number, a yes/no or one of the listed choices.")
    return value


def _number(text: str) -> Any:
    """ "300" -> 300, "0.5" -> 0.5, "1e9" -> 1000000000; anything else stays text for the error message."""
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and abs(value) < 1e300 else value


def _reason(err: dict[str, Any], schema: dict[str, Any]) -> str:
    """One pydantic error as a sentence a learner understands, naming the allowed values."""
    loc = [str(p) for p in err.get("loc", ())]
    name = loc[0] if loc else "arguments"
    value = shorten(err.get("input"))
    ctx = err.get("ctx", {})
    kind = err.get("type", "")
    if kind in ("less_than_equal", "less_than"):
        return f"{name}={value} is too large, the maximum is {ctx.get('le', ctx.get('lt'))}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name}={value} is too small, the minimum is {ctx.get('ge', ctx.get('gt'))}"
    if kind == "literal_error":
        return f"{name}={value} is not one of {ctx.get('expected', '')}"
    if kind == "finite_number":
        return f"{name}={value} must be a finite number"
    if kind == "too_long":
        return f"{name} takes at most {ctx.get('max_length')} items"
    if kind == "too_short":
        return f"{name} needs at least {ctx.get('min_length')} items"
    if kind.startswith(("int_", "float_", "bool_")):
        wanted = {"int": "a whole number", "float": "a number", "bool": "true or false"}[kind.split("_")[0]]
        return f"{name}={value} must be {wanted}"
    return f"{name}: {err.get('msg', 'invalid value')}"


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 40, 40


def shorten(value: Any, limit: int = 40) -> str:
    """Any value as at most `limit` characters, safely: a hostile value can be nested 100,000 deep (plain
    repr recurses) or an integer of 5,000 digits (str refuses), and must still yield a message."""
    try:  # numbers as they read ("1e+308", "nan"), everything else quoted and cut to two levels
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        text = str(value) if number else _REPR.repr(value)
    except (ValueError, RecursionError):
        text = f"a {type(value).__name__} too large to show"
    return text if len(text) <= limit else text[: limit - 3] + "..."

