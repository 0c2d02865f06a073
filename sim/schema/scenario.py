"""Scenario files: the schema and loading (errors: `messages`; `--set`: `overrides`; taken packages: `taken`).

A package is declared in `sim/schema/package.py` (re-exported here).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from sim.errors import ScenarioError
from sim.limits import MAX_NAME
from sim.schema.calendar import parse_month
from sim.schema.coalition import Coalition, dated_elections, fill_world, first_error
from sim.schema.events import Event, check_redundant, check_same_month
from sim.schema.expand import expand_packages
from sim.schema.messages import describe_error, submodel, suggest
from sim.schema.optimize import Lever, OptimizeSettings, check_levers
from sim.schema.overrides import parse_overrides, set_in_distribution, set_in_package
from sim.schema.package import Package, check_offers
from sim.schema.params import Section, Triangular, Uncertain, Uniform, field_range, param
from sim.schema.taken import is_file, take_packages
from sim.schema.world import World, canonical_parts, valid_party, world_party_class
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
    start_date: str | None = Field(
        default=None,
        description="The month the horizon opens, YYYY-MM (2027-01): months become dates, elections fall "
        "on their dates. Needed by coalition: states and by an election written as a date.",
    )
    coalition: Coalition = Field(
        default_factory=Coalition,
        description="aggregate: Europe as one party (europe) beside the US; states: the coalition's "
        "members as parties (sim/schema/data/coalition.yaml), or {form: states, members: [...], "
        "contributions: {...}}.",
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
    levers: dict[str, Lever] | None = Field(
        default=None,
        description="What `deter optimize` may set in a package, by path (component.field, or a whole "
        "component), with a range {low, high} or {choices: [...]}; `deter run` ignores it.",
    )
    optimize: OptimizeSettings = Field(
        default_factory=OptimizeSettings,
        description="How `deter optimize` searches: objectives, robustness measure, budget, constraints.",
    )

    @model_validator(mode="before")
    @classmethod
    def _calendar(cls, data: Any) -> Any:
        """The start date checked; the members filled in as guarantors; elections written as dates placed."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        start = data.get("start_date")
        if start is not None:
            parse_month(start, "start_date")
            data["start_date"] = start = str(start).strip()
        horizon = data.get("horizon_months", 120)
        horizon = horizon if isinstance(horizon, int) and not isinstance(horizon, bool) else 600
        try:
            coalition = Coalition.model_validate(data.get("coalition", "aggregate"))
        except ValidationError as err:
            raise ValueError(first_error(err, "coalition")) from None
        world = dated_elections(data.get("world", {}), start, horizon)
        data["world"] = fill_world(world, coalition, start, horizon)
        return data

    @model_validator(mode="after")
    def _packages(self) -> Scenario:
        if self.levers is not None:
            check_levers(self.levers, [p.name for p in self.packages])
        if self.coalition.states:
            expanded = expand_packages(self.packages, self.coalition, self.world.parties)
            self.__dict__["packages"] = expanded  # (no assignment validation: it would expand again)
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
        folder = Path(source).parent if is_file(source) else Path.cwd()
    take_packages(data, Path(folder), source)
    for dotted, value in (overrides or {}).items():
        apply_override(data, dotted, value, source)
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(f"{source}: {describe_error(err, data, Scenario)}") from None


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
            party, model = None, world_party_class(part, states_document(data))
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
                    f"{source}: {label} {dotted}: no package named {name!r}{suggest(name, names)}"
                )
            set_in_package(found[0], parts[i + 2 :], value, source, f"{label} {dotted}")
            return
        fields = model.model_fields if model else {}
        renamed = getattr(model, "RENAMED", {})
        if part in renamed:
            new = ".".join([*parts[:i], renamed[part]])
            raise ScenarioError(f"{source}: {label} {dotted}: {here!r} was renamed: use {new}")
        extra = bool(model and model.model_config.get("extra") == "allow")  # per party: any party's key
        if extra and part not in fields and i == len(parts) - 2 and valid_party(part):  # its distribution
            where = f"{source}: {label} {dotted}"
            set_in_distribution(node, part, fields["europe"], parts[-1], value, where)
            return
        if part not in fields and not (extra and last):
            raise ScenarioError(
                f"{source}: {label} {dotted}: unknown field {here!r}{suggest(part, list(fields))}"
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
            set_in_distribution(node, part, fields[part], parts[-1], value, f"{source}: {label} {dotted}")
            return
        model = submodel(fields[part].annotation)
        if model is None:
            raise ScenarioError(f"{source}: {label} {dotted}: {here!r} has no sub-fields")
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child


def states_document(data: dict) -> bool:
    """Whether a scenario document (as read) lists the coalition's states (`coalition: states`)."""
    coalition = data.get("coalition")
    return (coalition.get("form") if isinstance(coalition, dict) else coalition) == "states"
