"""Scenario files: the schema, loading, `--set` overrides and clear one-line errors.

A package is declared in `sim/schema/package.py` (re-exported here).
"""

from __future__ import annotations

import copy
import difflib
import re
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field, ValidationError, model_validator

from sim.errors import ScenarioError
from sim.limits import MAX_FILE_BYTES, MAX_NAME, shorten
from sim.schema.events import Event, check_redundant, check_same_month
from sim.schema.package import Package, check_offers, component_flag
from sim.schema.params import Section, Triangular, Uncertain, Uniform, field_range, param, percent_hint
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
        "false: every package is in place (Russia cannot refuse it), to ask what each does once in "
        "place; a package or component marked imposed is still imposed over Russia's objection (its "
        "grievance and the friction in incidents apply), so the two copies of one package differ.",
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
            for event in p.events:
                self._check_in_horizon(p.name, event)
            try:
                check_redundant(p.events, self._event_month)
            except ValueError as err:
                raise ValueError(f"package {p.name}: {err}") from None
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

    def _check_in_horizon(self, package: str, event: Event) -> None:
        """Refuse an event that comes after the horizon in every world (it would never happen)."""
        horizon = self.horizon_months
        where = f"package {package}: event '{event.describe()}'"
        if event.month is not None or event.after_ceasefire is not None:
            month = event.month if event.month is not None else event.after_ceasefire
            if month > horizon:
                raise ValueError(f"{where} comes after the horizon ({horizon} months)")
            return
        party = str(event.election)
        earliest, latest = self.election_months(party, event.nth)
        calendar = f"world.{party}.first_election_month and election_interval_months"
        if earliest > horizon:
            at = f"at month {earliest}" if earliest == latest else f"at month {earliest} at the earliest"
            raise ValueError(
                f"{where} comes after the horizon ({horizon} months): {party} election {event.nth} is {at} "
                f"({calendar}), so it would never happen"
            )

    def election_months(self, party: str, nth: int) -> tuple[int, int]:
        """The earliest and latest month of a guarantor's n-th election, over every world's draws."""
        who = self.world.guarantors[party]
        spans = []
        for name in ("first_election_month", "election_interval_months"):
            value = getattr(who, name)
            if isinstance(value, int | float):
                spans.append((value, value))
            elif isinstance(value, Uniform | Triangular):
                spans.append(value.bounds())
            else:  # beta and normal reach the field's range
                low, high = field_range(type(who).model_fields[name])
                spans.append((low, high))
        (first_lo, first_hi), (every_lo, every_hi) = spans
        return (
            int(round(first_lo) + (nth - 1) * round(every_lo)),
            int(round(first_hi) + (nth - 1) * round(every_hi)),
        )

    def timeline_notes(self) -> list[str]:
        """Lines on events that may not do what they seem to: a run prints them.

        One per election-tied event that falls after the horizon in some worlds but not all (the schema
        refuses an event after the horizon in every world; where a guarantor's election calendar is
        drawn, an event can fall past it in some worlds only, and there it never happens). Under
        `start: war`, one per package with events at fixed months: the ceasefire may come after them,
        and Russia prices them as seen from month 0 (`sim.model.foresight`).
        """
        notes = []
        if self.start == "war":
            for p in self.packages:
                fixed = [e for e in p.events if e.month is not None]
                if fixed:
                    notes.append(
                        f"package {p.name}: {len(fixed)} event(s) at fixed months of the horizon (first: "
                        f"month {fixed[0].month}); from the war the ceasefire may come after them (Russia "
                        "prices what is left; Ukraine weighs the offer as declared): tie them to the "
                        "ceasefire with after_ceasefire:"
                    )
        for p in self.packages:
            for event in p.events:
                if event.election is None:
                    continue
                earliest, latest = self.election_months(str(event.election), event.nth)
                if earliest <= self.horizon_months < latest:
                    notes.append(
                        f"package {p.name}: event '{event.describe()}' falls after the horizon "
                        f"({self.horizon_months} months) in the worlds where {event.election} election "
                        f"{event.nth} comes later (months {earliest} to {latest} as world.{event.election}'s "
                        "election calendar is drawn); there it never happens"
                    )
        return notes

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
    return scenario_from_text(read_text(path), overrides, source=str(path), folder=path.parent)


def scenario_from_text(
    text: str,
    overrides: dict[str, Any] | list[str] | None = None,
    source: str = "<scenario>",
    folder: Path | None = None,
) -> Scenario:
    """Validate a scenario given as YAML text (read once, so what is stored is what ran)."""
    return scenario_from_dict(parse_yaml(text, source), overrides, source=source, folder=folder)


def scenario_from_dict(
    data: Any,
    overrides: dict[str, Any] | list[str] | None = None,
    source: str = "<scenario>",
    folder: Path | None = None,
) -> Scenario:
    """Validate a scenario given as a dict (as read from YAML), applying overrides.

    Packages taken from another file (`{from: FILE, name: NAME}`) are read first, FILE relative to
    `folder` (default: the folder of `source` if it names a file, else the working directory), so
    that overrides reach them and the scenario validated, and stored, holds them in full.
    """
    if not isinstance(data, dict):
        raise ScenarioError(f"{source}: expected a mapping of scenario fields at the top level")
    if isinstance(overrides, list):
        overrides = parse_overrides(overrides)
    data = copy.deepcopy(data)
    if folder is None:
        folder = Path(source).parent if _is_file(source) else Path.cwd()
    take_packages(data, Path(folder), source)
    for dotted, value in (overrides or {}).items():
        apply_override(data, dotted, value, source)
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(f"{source}: {describe_error(err, data)}") from None


def _is_file(source: str) -> bool:
    """Whether a source label names a file (it may be a label such as '<scenario>' or 'f.yaml: base')."""
    try:
        return Path(source).is_file()
    except (OSError, ValueError):
        return False


TAKE_KEYS = ("from", "name", "as")
"""The keys of a package taken from another scenario file: `{from: FILE, name: NAME, as: NEW}`."""


def take_packages(data: dict, folder: Path, source: str, within: frozenset[Path] = frozenset()) -> None:
    """Replace each `{from: FILE, name: NAME}` entry of `data['packages']` by that package of FILE (in place).

    FILE is relative to `folder` (the scenario's own); `as: NEW` renames the package taken. FILE's
    own taken packages are resolved in turn (a loop is refused). Every failure is one ScenarioError:
    a missing file, a name FILE lacks (with a suggestion), a name taken twice.
    """
    packages = data.get("packages")
    if not isinstance(packages, list) or not any(isinstance(e, dict) and "from" in e for e in packages):
        return
    if _is_file(source):
        within = within | {Path(source).resolve()}
    read: dict[Path, dict] = {}
    out, taken = [], {}
    for i, entry in enumerate(packages):
        if not (isinstance(entry, dict) and "from" in entry):
            out.append(entry)
            continue
        where = f"{source}: packages[{i}]"
        unknown = [k for k in entry if k not in TAKE_KEYS]
        if unknown:
            raise ScenarioError(
                f"{where}: unknown key {str(unknown[0])!r} in a package taken from another file "
                f"(it has from, name and as; change it with --set or copy it)"
            )
        file, name = entry.get("from"), entry.get("name")
        new = entry.get("as", name)
        if not isinstance(file, str) or not file.strip():
            raise ScenarioError(f"{where}.from: expected the path of a scenario file (relative to this one)")
        for key, value in (("name", name), ("as", new)):
            if not isinstance(value, str) or not value:
                raise ScenarioError(f"{where}.{key}: expected the name of a package, got {_shown(value)}")
        path = Path(file) if Path(file).is_absolute() else folder / file
        key = path.resolve()
        if key in within:
            raise ScenarioError(f"{where}.from: {file} takes packages from this file in turn (a loop)")
        if key not in read:
            try:
                other = parse_yaml(read_text(path), str(path))
            except ScenarioError as err:
                raise ScenarioError(f"{where}.from: {err}") from None
            if not isinstance(other, dict) or not isinstance(other.get("packages"), list):
                raise ScenarioError(f"{where}.from: {file} is not a scenario (it has no packages: list)")
            take_packages(other, path.parent, str(path), within)
            read[key] = other
        found = [p for p in read[key]["packages"] if isinstance(p, dict) and p.get("name") == name]
        if not found:
            names = [p.get("name") for p in read[key]["packages"] if isinstance(p, dict)]
            raise ScenarioError(f"{where}.name: {file} has no package named {name!r}{_suggest(name, names)}")
        package = copy.deepcopy(found[0])
        package["name"] = new
        taken[new] = file
        out.append(package)
    names = [p.get("name") for p in out if isinstance(p, dict)]
    for new, file in taken.items():
        if names.count(new) > 1:
            raise ScenarioError(
                f"{source}: packages: two packages named {new!r} once {file}'s is taken; rename the one "
                f"taken with as: NEW_NAME"
            )
    data["packages"] = out


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
            raise ScenarioError(f"{source}: {where}: unknown field {part!r}{_suggest(part, list(fields))}")
        if i == len(parts) - 1:
            node[part] = value
            return
        item = _list_item(fields[part].annotation)
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
        model = _submodel(fields[part].annotation)
        if model is None:
            raise ScenarioError(f"{source}: {where}: {part!r} has no sub-fields")
        child = component_flag(node.get(part))
        if not isinstance(child, dict):
            child = {}
        node[part] = child
        node = child
        i += 1


def _list_item(annotation: Any) -> type[BaseModel] | None:
    """The model of the entries of a `list[Model]` field (a package's events, its offers), else None."""
    if get_origin(annotation) is list:
        (arg,) = get_args(annotation)
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


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
            return f"{_readable_loc(field, data)}: expected {forms}, got {_shown(value)}"
    return _in_words(first, data, root)


def _in_words(error: dict, data: Any, root: type[BaseModel] | None) -> str:
    """One pydantic error as 'where: what is wrong'."""
    loc = _readable_loc(error["loc"], data)
    kind, msg, ctx = error["type"], error["msg"], error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        parent = _model_at(error["loc"][:-1], root or Scenario)
        allowed = list(parent.model_fields) if parent else []
        return f"{loc}: unknown key {key!r}{_suggest(key, allowed)}"
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


def _shown(value: Any) -> str:
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
    hint = _suggest(str(value), allowed) if isinstance(value, str) else ""
    hint = hint if hint.startswith("; did you mean") else ""
    return f"{_shown(value)} is not one of: {', '.join(allowed)}{hint}"


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
        return f"must be {relation} {_shown(limit)}, got {_shown(value)}{hint}"

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
        f"{_shown(v)} may hold only {_pattern_words(str(c.get('pattern', '')))}"
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
    "string_type": lambda v, c: f"expected text, got {_shown(v)}",
    "bool_type": lambda v, c: f"expected true or false, got {_shown(v)}",
    "bool_parsing": lambda v, c: f"expected true or false, got {_shown(v)}",
    "int_type": lambda v, c: f"expected a whole number, got {_shown(v)}",
    "int_parsing": lambda v, c: f"expected a whole number, got {_shown(v)}",
    "int_from_float": lambda v, c: f"expected a whole number, got {_shown(v)}",
    "float_type": lambda v, c: f"expected a number, got {_shown(v)}",
    "float_parsing": lambda v, c: f"expected a number, got {_shown(v)}",
    "list_type": lambda v, c: (
        f"expected a list, got {_shown(v)}" + (f": write [{v}]" if isinstance(v, str) and v else "")
    ),
    "dict_type": lambda v, c: f"expected a mapping (key: value, ...), got {_shown(v)}",
    "model_type": lambda v, c: f"expected a mapping (key: value, ...), got {_shown(v)}",
    "model_attributes_type": lambda v, c: f"expected a mapping (key: value, ...), got {_shown(v)}",
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
        if item == "packages" and model is Scenario:
            model = Package
            continue
        info = model.model_fields.get(str(item))
        if info is None:
            return None
        model = _submodel(info.annotation)
    return model
