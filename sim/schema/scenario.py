"""Scenario files: the schema, loading, `--set` overrides and clear one-line errors.

A package is declared in `sim/schema/package.py` (re-exported here).
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from sim.errors import ScenarioError
from sim.limits import MAX_FILE_BYTES, MAX_NAME, shorten
from sim.schema.events import Event, check_same_month
from sim.schema.package import Package, check_offers, component_flag
from sim.schema.params import Section, Uncertain, param
from sim.schema.world import World, canonical_parts, party_class, valid_party
from sim.schema.yamlfiles import check_size, parse_yaml, read_text, read_yaml  # noqa: F401 - re-exported


class Scenario(Section):
    """A scenario: the world's uncertainties and the packages to compare in it."""

    name: str = Field(
        min_length=1,
        max_length=MAX_NAME,
        pattern=r"^[A-Za-z0-9_\-\.]+$",
        description="Identifier used in result folder names.",
    )
    description: str = Field(default="", description="The question the scenario asks.")
    start: Literal["ceasefire", "war"] = Field(
        default="ceasefire",
        description="Where the horizon opens. ceasefire: a ceasefire with each package is on the table at "
        "month 0 and Russia accepts or rejects it once (russia_veto); war: the war goes on at month 0 "
        "(world.talks) and a ceasefire comes in a month both sides accept the offer on the table.",
    )
    horizon_months: int = param(
        120,
        "months",
        1,
        600,
        "Months after the ceasefire simulated. Ten years: the horizon of the debate and of the "
        "US draft guarantee ('10 years, renewable').",
    )
    runs: int = param(
        10000,
        "worlds per package",
        1,
        10_000_000,
        "Worlds simulated per package: 10,000 gives intervals of about ±1 point.",
    )
    seed: int = param(2026, "integer", 0, 2**63 - 1, "Seed of every random draw.")
    chunk_size: int = param(
        5000,
        "worlds",
        100,
        1_000_000,
        "Worlds per chunk of work. Chunks, not workers, key the random streams, so results do "
        "not depend on the number of workers; changing this changes the draws. 5,000 × 10 packages "
        "keeps the state arrays in cache (fastest measured on the benchmark machine).",
    )
    reference_package: str | None = Field(
        default=None,
        description="Package the others are compared with (paired difference); default the first.",
    )
    russia_veto: bool = Field(
        default=True,
        description="true: a package that is not imposed takes effect only where Russia accepts it; "
        "false: ask what each package does once in place, as if Russia had accepted it everywhere.",
    )
    world: World = Field(default_factory=World)
    packages: list[Package] = Field(min_length=1, description="The packages to compare.")

    @model_validator(mode="after")
    def _packages(self) -> Scenario:
        names = [p.name for p in self.packages]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"package names must be unique, repeated: {', '.join(duplicates)}")
        for p in self.packages:
            for where, party in p.named_parties():
                if party not in self.world.guarantors:
                    raise ValueError(
                        f"package {p.name}: {where} names {party!r}, which is not a guarantor (guarantors: "
                        f"{', '.join(self.world.guarantors)}); declare it under world.guarantors"
                    )
        for p in self.packages:
            check_offers(p, names, self.horizon_months)
        for p in self.packages:
            check_same_month(p.events, self._event_month)
            late = [e for e in p.events if e.month is not None and e.month > self.horizon_months]
            if late:
                raise ValueError(
                    f"package {p.name}: event '{late[0].describe()}' comes after the horizon "
                    f"({self.horizon_months} months)"
                )
        if self.reference_package is None:
            self.reference_package = names[0]
        elif self.reference_package not in names:
            raise ValueError(
                f"reference_package {self.reference_package!r} is not a package "
                f"(packages: {', '.join(names)})"
            )
        return self

    def _event_month(self, event: Event) -> int | None:
        """The month of an event, if the same in every world (an election's is, unless it is drawn)."""
        if event.month is not None:
            return event.month
        if event.after_ceasefire is not None:  # under start: war it moves with the ceasefire
            return event.after_ceasefire if self.start == "ceasefire" else None
        who = self.world.guarantors[str(event.election)]
        first, interval = who.first_election_month, who.election_interval_months
        if isinstance(first, int | float) and isinstance(interval, int | float):
            return int(round(first) + (event.nth - 1) * round(interval))
        return None

    def package(self, name: str) -> Package:
        """Return the package with this name."""
        for p in self.packages:
            if p.name == name:
                return p
        raise KeyError(name)


# --------------------------------------------------------------------------- loading and errors


def load_scenario(path: str | Path, overrides: dict[str, Any] | list[str] | None = None) -> Scenario:
    """Load and validate a scenario file, applying overrides ({'world.europe.resolve': 0.2}).

    Overrides may also be given as a list of 'PATH=VALUE' strings, as on the command line.
    Raises ScenarioError with a one-line message naming the file and the field.
    """
    path = Path(path)
    return scenario_from_text(read_text(path), overrides, source=str(path))


def scenario_from_text(
    text: str, overrides: dict[str, Any] | list[str] | None = None, source: str = "<scenario>"
) -> Scenario:
    """Validate a scenario given as YAML text (read once, so what is stored is what ran)."""
    return scenario_from_dict(parse_yaml(text, source), overrides, source=source)


def scenario_from_dict(
    data: Any, overrides: dict[str, Any] | list[str] | None = None, source: str = "<scenario>"
) -> Scenario:
    """Validate a scenario given as a dict (as read from YAML), applying overrides."""
    if not isinstance(data, dict):
        raise ScenarioError(f"{source}: expected a mapping of scenario fields at the top level")
    if isinstance(overrides, list):
        overrides = parse_overrides(overrides)
    data = copy.deepcopy(data)
    for dotted, value in (overrides or {}).items():
        apply_override(data, dotted, value, source)
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(f"{source}: {describe_error(err, data)}") from None


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


def apply_override(
    data: dict, dotted: str, value: Any, source: str = "<scenario>", label: str = "--set"
) -> None:
    """Set a field by its dotted path, checking the path against the schema first.

    `label` names where the path came from in error messages (`--set`, or a sweep's parameters).
    """
    try:
        parts = canonical_parts(data, dotted)
    except ValueError as err:
        raise ScenarioError(f"{source}: {err}") from None
    model: type[BaseModel] | None = Scenario
    node: Any = data
    party: str | None = None
    for i, part in enumerate(parts):
        here = ".".join(parts[: i + 1])
        last = i == len(parts) - 1
        if party is not None:  # the key of a party under world.guarantors: its own section follows
            if last:
                raise ScenarioError(f"{source}: {label} {dotted}: name a field of guarantor {part!r}")
            party, model = None, party_class(part)
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
            continue
        if model is Scenario and part == "packages" and not last:
            packages = node.setdefault("packages", [])
            name = parts[i + 1]
            found = [p for p in packages if isinstance(p, dict) and p.get("name") == name]
            if not found:
                names = [p.get("name") for p in packages if isinstance(p, dict)]
                raise ScenarioError(
                    f"{source}: {label} {dotted}: no package named {name!r}{_suggest(name, names)}"
                )
            _set_in_package(found[0], parts[i + 2 :], value, source, f"{label} {dotted}")
            return
        fields = model.model_fields if model else {}
        renamed = getattr(model, "RENAMED", {})
        if part in renamed:
            new = ".".join([*parts[:i], renamed[part]])
            raise ScenarioError(f"{source}: {label} {dotted}: {here!r} was renamed: use {new}")
        extra = bool(model and model.model_config.get("extra") == "allow")  # per party: any party's key
        if extra and part not in fields and i == len(parts) - 2 and valid_party(part):  # its distribution
            where = f"{source}: {label} {dotted}"
            _set_in_distribution(node, part, fields["europe"], parts[-1], value, where)
            return
        if part not in fields and not (extra and last):
            raise ScenarioError(
                f"{source}: {label} {dotted}: unknown field {here!r}{_suggest(part, list(fields))}"
            )
        if last:
            node[part] = value
            return
        if model is World and part == "guarantors":
            party = part
            child = node.get(part)
            node[part] = child if isinstance(child, dict) else {}
            node = node[part]
            if not valid_party(parts[i + 1]):
                raise ScenarioError(f"{source}: {label} {dotted}: {parts[i + 1]!r} cannot name a guarantor")
            continue
        if i == len(parts) - 2 and fields[part].annotation is Uncertain:
            _set_in_distribution(node, part, fields[part], parts[-1], value, f"{source}: {label} {dotted}")
            return
        model = _submodel(fields[part].annotation)
        if model is None:
            raise ScenarioError(f"{source}: {label} {dotted}: {here!r} has no sub-fields")
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child


def _set_in_distribution(node: dict, name: str, info: Any, key: str, value: Any, where: str) -> None:
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
        raise ScenarioError(f"{where}: a {kind} distribution has no {key!r}{_suggest(key, fields)}")
    node[name] = {**current, key: value}


def _set_in_package(pkg: dict, parts: list[str], value: Any, source: str, where: str) -> None:
    if not parts:
        raise ScenarioError(f"{source}: {where}: name a field of the package")
    model: type[BaseModel] | None = Package
    node = pkg
    for i, part in enumerate(parts):
        fields = model.model_fields if model else {}
        if part not in fields:
            raise ScenarioError(f"{source}: {where}: unknown field {part!r}{_suggest(part, list(fields))}")
        if i == len(parts) - 1:
            node[part] = value
            return
        model = _submodel(fields[part].annotation)
        if model is None:
            raise ScenarioError(f"{source}: {where}: {part!r} has no sub-fields")
        child = component_flag(node.get(part))
        if not isinstance(child, dict):
            child = {}
        node[part] = child
        node = child


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `Foo | None`, if there is exactly one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    candidates = [
        a for a in getattr(annotation, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)
    ]
    return candidates[0] if len(candidates) == 1 else None


def _suggest(word: str, choices: list[Any]) -> str:
    names = [str(c) for c in choices if c is not None]
    close = difflib.get_close_matches(str(word), names, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; allowed: {', '.join(names)}" if names and len(names) <= 12 else ""


def describe_error(err: ValidationError, data: Any, root: type[BaseModel] | None = None) -> str:
    """Turn the first pydantic error into 'field.path: what is wrong (what is allowed)'.

    `root` is the model that was validated (default: Scenario), for did-you-mean suggestions.
    """
    errors = err.errors(include_url=False)
    first = errors[0]
    typos = [e for e in errors if e["type"] == "extra_forbidden"]
    if first["type"] == "missing" and typos:  # a misspelt key shows as missing plus unknown
        first = typos[0]
    if first["type"] in ("float_type", "float_parsing", "int_type", "int_parsing"):
        branch = [e for e in errors[1:] if e["loc"][: len(first["loc"]) - 1] == first["loc"][:-1]]
        if branch and isinstance(first["input"], dict):
            first = branch[0]
        elif branch:
            where = _readable_loc(first["loc"], data)
            return (
                f"{where}: expected a number or a distribution such as {{dist: uniform, low: 0.1, high: 0.3}}"
            )
    loc = _readable_loc(first["loc"], data)
    kind, msg = first["type"], first["msg"]
    if kind == "extra_forbidden":
        key = str(first["loc"][-1])
        parent = _model_at(first["loc"][:-1], root or Scenario)
        allowed = list(parent.model_fields) if parent else []
        return f"{loc}: unknown key {key!r}{_suggest(key, allowed)}"
    if kind in ("finite_number",):
        return f"{loc}: NaN and infinities are not allowed"
    if kind == "union_tag_not_found":
        return f"{loc}: expected a number or a distribution such as {{dist: uniform, low: 0.1, high: 0.3}}"
    if kind == "union_tag_invalid":
        return f"{loc}: unknown distribution; allowed: uniform, triangular, beta, normal"
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def _readable_loc(loc: tuple, data: Any) -> str:
    """Dotted location, with package list indices replaced by package names."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int) and parts and parts[-1] == "packages":
            entry = node[item] if isinstance(node, list) and item < len(node) else None
            name = entry.get("name") if isinstance(entry, dict) else None
            parts.append(str(name) if isinstance(name, str) and name else f"[{item}]")
        elif (
            item == "guarantors"
            and parts == ["world"]
            and isinstance(node, dict)
            and "guarantors" not in node
        ):
            continue  # the file wrote `world.<party>`: name it as written
        elif item not in _BRANCHES and not str(item).startswith(("tagged-union", "function-")):
            parts.append(str(item))
        node = _step(node, item)
    return ".".join(parts).replace(".[", "[")


_BRANCHES = ("uniform", "triangular", "beta", "normal", "float", "int")


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
        if item == "packages" and model is Scenario:
            model = Package
            continue
        info = model.model_fields.get(str(item))
        if info is None:
            return None
        model = _submodel(info.annotation)
    return model
