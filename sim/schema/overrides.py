"""`--set PATH=VALUE`: parsing the values, and setting them inside distributions and packages.

`apply_override` (in `sim.schema.scenario`) walks a dotted path through the scenario's schema; the
steps into a distribution, a package's component or one of its events or offers are here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from sim.errors import ScenarioError
from sim.limits import MAX_FILE_BYTES, shorten
from sim.schema.messages import list_item, submodel, suggest
from sim.schema.package import Package, component_flag
from sim.schema.yamlfiles import parse_yaml


def parse_overrides(items: list[str]) -> dict[str, Any]:
    """Parse 'PATH=VALUE' strings; VALUE is read as YAML (numbers, booleans, mappings)."""
    out: dict[str, Any] = {}
    for item in items:
        dotted, sep, raw = item.partition("=")
        shown = shorten(repr(item), 80)
        if not sep or not dotted.strip():
            raise ScenarioError(f"--set {shown}: expected PATH=VALUE, e.g. world.europe.resolve=0.2")
        if len(raw) > MAX_FILE_BYTES:
            raise ScenarioError(f"--set {shown}: the value is longer than {MAX_FILE_BYTES // 2**20} MiB")
        value = parse_yaml(raw, f"--set {dotted.strip()}") if raw.strip() else raw
        out[dotted.strip()] = value
    return out


def set_in_distribution(node: dict, name: str, info: Any, key: str, value: Any, where: str) -> None:
    """Set one field of a distributed world parameter (its `mode`, `mean`, ...), keeping the others.

    The distribution is the one already given for the parameter, or its default; a sweep can so move
    where a distribution lies while worlds keep differing around it.
    """
    current = node.get(name, info.default)
    if isinstance(current, BaseModel):
        current = current.model_dump()
    if not isinstance(current, dict) or "dist" not in current:
        raise ScenarioError(
            f"{where}: {name!r} is not a distribution here; only a distribution has sub-fields"
        )
    fields = [k for k in current if k != "dist"]
    if key not in fields:
        kind = current.get("dist")
        raise ScenarioError(f"{where}: a {kind} distribution has no {key!r}{suggest(key, fields)}")
    node[name] = {**current, key: value}


def set_in_package(pkg: dict, parts: list[str], value: Any, source: str, where: str) -> None:
    """Set a field of a package: a component's, its terms', or one of its events or offers by index.

    `events.0.month` is the first event's month (as listed in the file); `events.1` replaces the
    second event whole.
    """
    if not parts:
        raise ScenarioError(f"{source}: {where}: name a field of the package")
    model: type[BaseModel] | None = Package
    node = pkg
    i = 0
    while i < len(parts):
        part = parts[i]
        fields = model.model_fields if model else {}
        if part not in fields:
            raise ScenarioError(f"{source}: {where}: unknown field {part!r}{suggest(part, list(fields))}")
        if i == len(parts) - 1:
            node[part] = value
            return
        item = list_item(fields[part].annotation)
        if item is not None:  # a list of entries (events, offers): the next part is an index
            entries = node.get(part)
            count = len(entries) if isinstance(entries, list) else 0
            index = parts[i + 1]
            if count == 0:
                raise ScenarioError(
                    f"{source}: {where}: the package has no {part} to change; give the whole list "
                    f"with {part}=[...]"
                )
            if not index.isdigit() or int(index) >= count:
                raise ScenarioError(
                    f"{source}: {where}: no {part}.{index}: the package has {count} "
                    f"{part if count != 1 else part.removesuffix('s')}, numbered from 0 in the order of the "
                    f"file (last: {count - 1}; or give the whole list with {part}=[...])"
                )
            if i + 1 == len(parts) - 1:
                entries[int(index)] = value
                return
            node, model, i = entries[int(index)], item, i + 2
            if not isinstance(node, dict):
                raise ScenarioError(f"{source}: {where}: {part}.{index} is not a mapping of fields")
            continue
        model = submodel(fields[part].annotation)
        if model is None:
            raise ScenarioError(f"{source}: {where}: {part!r} has no sub-fields")
        child = component_flag(node.get(part))
        if not isinstance(child, dict):
            child = {}
        node[part] = child
        node = child
        i += 1
