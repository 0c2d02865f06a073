"""Schema errors in the project's words: one line naming the field, what is wrong and what is allowed.

`describe_error` turns pydantic's first error into `field.path: message`, without pydantic's internal
names (`str-enum[...]`, raw patterns), with did-you-mean suggestions and a hint where a share looks
like a percentage. Used for scenario files, sweep files and `--ranges`.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sim.limits import shorten
from sim.schema.params import percent_hint


def list_item(annotation: Any) -> type[BaseModel] | None:
    """The model of the entries of a `list[Model]` field (a package's events, its offers), else None."""
    if get_origin(annotation) is list:
        (arg,) = get_args(annotation)
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def submodel(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `Foo | None`, if there is exactly one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    candidates = [
        a for a in getattr(annotation, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)
    ]
    return candidates[0] if len(candidates) == 1 else None


def suggest(word: str, choices: list[Any]) -> str:
    """'; did you mean X?' for a near miss, else the allowed names (when there are few), else ''."""
    names = [str(c) for c in choices if c is not None]
    close = difflib.get_close_matches(str(word), names, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; allowed: {', '.join(names)}" if names and len(names) <= 12 else ""


def describe_error(err: ValidationError, data: Any, root: type[BaseModel]) -> str:
    """Turn the first pydantic error into 'field.path: what is wrong (what is allowed)', in our words.

    pydantic's own parts are kept out: no branch names of a union (`str-enum[...]`,
    `function-after[...]`), no regular expressions, no "Input should be". Where a value could take
    several forms (a name or shares; a number or a distribution), the form the value was written in
    speaks; if it fits none, the forms are listed. `root` is the model that was validated (default:
    Scenario), for did-you-mean suggestions.
    """
    errors = err.errors(include_url=False)
    first = errors[0]
    typos = [e for e in errors if e["type"] == "extra_forbidden"]
    if first["type"] == "missing" and typos:  # a misspelt key shows as missing plus unknown
        first = typos[0]
    field = _field_loc(first["loc"])
    if len(field) < len(first["loc"]):  # a union: pick the branch the value was written for
        branches = [e for e in errors if _field_loc(e["loc"]) == field and len(e["loc"]) > len(field)]
        inside = [e for e in branches if len(e["loc"]) > len(field) + 1 or e["type"] not in _TYPE_ERRORS]
        if inside:
            first = inside[0]
        else:
            value = branches[0]["input"]
            forms = _forms(field, [e["loc"][len(field)] for e in branches])
            return f"{_readable_loc(field, data)}: expected {forms}, got {shown(value)}"
    return _in_words(first, data, root)


def _in_words(error: dict, data: Any, root: type[BaseModel] | None) -> str:
    """One pydantic error as 'where: what is wrong'."""
    loc = _readable_loc(error["loc"], data)
    kind, msg, ctx = error["type"], error["msg"], error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        parent = _model_at(error["loc"][:-1], root)
        allowed = list(parent.model_fields) if parent else []
        return f"{loc}: unknown key {key!r}{suggest(key, allowed)}"
    if kind == "missing":
        parent = _readable_loc(error["loc"][:-1], data)
        key = str(error["loc"][-1])
        return f"{parent}: {key!r} is required" if parent else f"{key!r} is required"
    words = _WORDS.get(kind)
    if words is not None:
        text = words(value, ctx)
    elif kind in ("value_error", "assertion_error"):
        text = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    else:
        text = msg.replace("Input should be", "expected")
    return f"{loc}: {text}" if loc else text


def shown(value: Any) -> str:
    """A value as it is written in YAML: true, null, 0.5, 'text'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return shorten(repr(value), 60)


def _choices(value: Any, ctx: dict) -> str:
    allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    hint = suggest(str(value), allowed) if isinstance(value, str) else ""
    hint = hint if hint.startswith("; did you mean") else ""
    return f"{shown(value)} is not one of: {', '.join(allowed)}{hint}"


def _pattern_words(pattern: str) -> str:
    r"""A name pattern such as ^[A-Za-z0-9_\-\.]+$ in words: 'letters, digits, _ - . and no spaces'."""
    match = re.fullmatch(r"\^\[(.*)\][+*](\$)?", pattern)
    if not match:
        return "characters that are allowed"
    body = match.group(1)
    words = []
    for token, name in (("A-Za-z", "letters"), ("a-z", "lower-case letters"), ("A-Z", "capital letters")):
        if token in body:
            words.append(name)
            body = body.replace(token, "")
    if "0-9" in body:
        words.append("digits")
        body = body.replace("0-9", "")
    signs = [c for c in body.replace("\\", "")]
    return ", ".join(words) + (", " + " ".join(signs) if signs else "") + " and no spaces"


def _bound(relation: str, key: str):
    def words(value: Any, ctx: dict) -> str:
        limit = ctx.get(key)
        hint = percent_hint(value, 0, 1) if key == "le" and limit == 1 else ""
        return f"must be {relation} {shown(limit)}, got {shown(value)}{hint}"

    return words


_WORDS: dict[str, Any] = {
    "finite_number": lambda v, c: "NaN and infinities are not allowed",
    "union_tag_not_found": lambda v, c: (
        "expected a number or a distribution such as {dist: uniform, low: 0.1, high: 0.3}"
    ),
    "union_tag_invalid": lambda v, c: "unknown distribution; allowed: uniform, triangular, beta, normal",
    "literal_error": _choices,
    "enum": _choices,
    "string_pattern_mismatch": lambda v, c: (
        f"{shown(v)} may hold only {_pattern_words(str(c.get('pattern', '')))}"
    ),
    "string_too_short": lambda v, c: (
        "must not be empty"
        if c.get("min_length") == 1
        else f"needs at least {c.get('min_length')} characters"
    ),
    "string_too_long": lambda v, c: (
        f"is {len(v)} characters long, more than the limit of {c.get('max_length')}"
    ),
    "too_short": lambda v, c: f"needs at least {c.get('min_length')} entries, got {c.get('actual_length')}",
    "too_long": lambda v, c: (
        f"has {c.get('actual_length')} entries, more than the limit of {c.get('max_length')}"
    ),
    "string_type": lambda v, c: f"expected text, got {shown(v)}",
    "bool_type": lambda v, c: f"expected true or false, got {shown(v)}",
    "bool_parsing": lambda v, c: f"expected true or false, got {shown(v)}",
    "int_type": lambda v, c: f"expected a whole number, got {shown(v)}",
    "int_parsing": lambda v, c: f"expected a whole number, got {shown(v)}",
    "int_from_float": lambda v, c: f"expected a whole number, got {shown(v)}",
    "float_type": lambda v, c: f"expected a number, got {shown(v)}",
    "float_parsing": lambda v, c: f"expected a number, got {shown(v)}",
    "list_type": lambda v, c: (
        f"expected a list, got {shown(v)}" + (f": write [{v}]" if isinstance(v, str) and v else "")
    ),
    "dict_type": lambda v, c: f"expected a mapping (key: value, ...), got {shown(v)}",
    "model_type": lambda v, c: f"expected a mapping (key: value, ...), got {shown(v)}",
    "model_attributes_type": lambda v, c: f"expected a mapping (key: value, ...), got {shown(v)}",
    "greater_than_equal": _bound("at least", "ge"),
    "greater_than": _bound("more than", "gt"),
    "less_than_equal": _bound("at most", "le"),
    "less_than": _bound("less than", "lt"),
}
"""Each kind of pydantic error in the project's words, from the value given and pydantic's context."""

_TYPE_ERRORS = frozenset(
    {"string_type", "bool_type", "bool_parsing", "int_type", "int_parsing", "float_type", "float_parsing",
     "list_type", "dict_type", "model_type", "model_attributes_type", "is_instance_of", "none_required",
     "literal_error", "enum"}
)  # fmt: skip
"""Errors that say only that the value is not of a branch's kind (another branch may fit it)."""

_EXAMPLES = {
    "provider": "a guarantor's name (europe, us, or one the scenario adds) or shares such as "
    "{europe: 0.7, us: 0.3}",
    "armed_provider": "a guarantor's name (europe, us, or one the scenario adds) or shares such as "
    "{europe: 0.7, us: 0.3}",
    "imposed": "true, false or a list of the package's components",
}
"""What a field that takes several forms takes, in words (else built from the forms)."""


def _forms(field: tuple, tags: list[Any]) -> str:
    """What a field that takes several forms (a union) takes, in words."""
    if field and str(field[-1]) in _EXAMPLES:
        return _EXAMPLES[str(field[-1])]
    words: list[str] = []
    for tag in dict.fromkeys(str(t) for t in tags):
        word = (
            "a distribution such as {dist: uniform, low: 0.1, high: 0.3}" if tag.startswith("tagged-union")
            else "a mapping" if tag.startswith("dict[")
            else "a list" if tag.startswith("list[")
            else "true or false" if tag == "bool"
            else "a number" if tag in ("float", "int")
            else "a name"
        )  # fmt: skip
        if word not in words:
            words.append(word)
    return " or ".join(words)


def _is_tag(item: Any, before: Any) -> bool:
    """Whether a part of pydantic's location names a branch of a union, not a field or an index."""
    if not isinstance(item, str):
        return False
    if isinstance(before, str) and before.startswith("tagged-union"):
        return True  # the discriminator's value (uniform, normal, ...)
    return "[" in item or item in ("str", "bool", "int", "float", "none")


def _field_loc(loc: tuple) -> tuple:
    """The location up to the first branch of a union (the field the user wrote)."""
    for i, item in enumerate(loc):
        if _is_tag(item, loc[i - 1] if i else None):
            return tuple(loc[:i])
    return tuple(loc)


def _readable_loc(loc: tuple, data: Any) -> str:
    """Dotted location, with package list indices replaced by package names, and no union branches."""
    parts: list[str] = []
    node = data
    for i, item in enumerate(loc):
        if _is_tag(item, loc[i - 1] if i else None):
            continue  # a branch of a union: the value is still the field's
        if isinstance(item, int) and parts and parts[-1] == "packages":
            entry = node[item] if isinstance(node, list) and item < len(node) else None
            name = entry.get("name") if isinstance(entry, dict) else None
            readable = isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9_\-]{1,40}", name)
            parts.append(name if readable else f"[{item}]")
        elif item == "guarantors" and parts == ["world"]:
            node = _step(node, item) if isinstance(node, dict) and "guarantors" in node else node
            continue  # `world.<party>`, the spelling results, sweeps and the parameter table use
        else:
            parts.append(str(item))
        node = _step(node, item)
    return ".".join(parts).replace(".[", "[")


def _step(node: Any, item: Any) -> Any:
    try:
        return node[item]
    except (KeyError, IndexError, TypeError):
        return None


def _model_at(loc: tuple, root: type[BaseModel]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = root
    for item in loc:
        if model is None:
            return None
        if isinstance(item, int):
            continue
        info = model.model_fields.get(str(item))
        if info is None:
            return None
        model = list_item(info.annotation) or submodel(info.annotation)
    return model
