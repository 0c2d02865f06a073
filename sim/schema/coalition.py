"""The coalition as states: its members as guarantors, from the data file `sim/schema/data/coalition.yaml`.

`coalition: states` in a scenario makes each member of the default coalition (France, the United
Kingdom, Germany, Poland, Italy, a Nordic-Baltic group, Canada and the United States) a guarantor under
`world.guarantors`, keyed by name, with the data file's values (each with its source and date) as its
defaults; `coalition: aggregate` (the default) keeps the one `europe` of earlier files. A file uses one or
the other: `world.guarantors.europe` beside the members, or a member under the aggregate, is refused.

Under the states, `europe` in a package names the coalition as a whole and is expanded to its members by
what each contributes (`contributes` in the data file, or the scenario's `coalition.contributions`): a
force's troops in proportion to the members' troops, a pledge to the members that sign it, arms funding
by their shares, EU membership to the EU's members, NATO's to all, sanctions to the EU's members deciding
together (unanimity). `coalition.members` may leave some out (a coalition without Germany); a state the
scenario adds under `world.guarantors` joins the coalition with `coalition.contributions.<name>`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import Field, create_model, field_validator, model_validator

from sim.schema.calendar import FIRST_ELECTION, election_months
from sim.schema.guarantor_world import GuarantorWorld, UsWorld
from sim.schema.params import Section, Strict, param
from sim.schema.parties import fold_party

AGGREGATE = "europe"
"""The name of the coalition as one party, and, under the states, of the coalition as a whole in a package."""


@cache
def data() -> dict[str, Any]:
    """The data file, parsed once."""
    text = resources.files("sim.schema").joinpath("data/coalition.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def members() -> tuple[str, ...]:
    """The default coalition's members, in the data file's order."""
    return tuple(data()["members"])


NOT_EUROPEAN = ("us", "canada")
"""Members that are not European states: either may also stand beside the aggregate europe."""


def european() -> tuple[str, ...]:
    """The European states among the members: naming one makes a file one of states."""
    return tuple(m for m in members() if m not in NOT_EUROPEAN)


def entry(member: str, section: str) -> dict[str, dict]:
    """The data file's entries of one section of a member: {field: {value, source, date, ...}}."""
    return data()["members"][member].get(section) or {}


def values(member: str, section: str) -> dict[str, Any]:
    """The values of one section of a member."""
    return {k: v["value"] for k, v in entry(member, section).items()}


def _reason(item: dict) -> str:
    source = str(item["source"])
    mark = "[M]" if source.startswith("assumption") else "[S]"
    return f"{mark} {source} (data file sim/schema/data/coalition.yaml, dated {item['date']})"


@cache
def member_class(member: str) -> type[GuarantorWorld]:
    """The schema class of a member's parameters: the data file's values and sources as its defaults."""
    base = UsWorld if member == "us" else GuarantorWorld
    fields: dict[str, Any] = {}
    for name, item in entry(member, "world").items():
        info = base.model_fields[name]
        extra = dict(info.json_schema_extra or {})  # type: ignore[arg-type]
        fields[name] = (
            info.annotation,
            param(item["value"], extra["unit"], extra["low"], extra["high"], _reason(item), extra["whole"]),
        )
    title = "".join(part.title() for part in member.split("_"))
    doc = f"{title}, a member of the coalition (coalition: states)."
    return create_model(f"{title}World", __base__=base, __doc__=doc, **fields)  # type: ignore[call-overload]


class Contribution(Strict):
    """What a member gives to the components that name the coalition (`europe`) in a package."""

    force_troops: float = param(0, "troops", 0, 300_000, "Troops it would station in Ukraine in a force.")
    pledge: bool = Field(default=False, description="It signs a defence pledge naming the coalition.")
    arms_share: float = param(0, "share", 0, 1, "Its share of the coalition's arms funding.")
    eu: bool = Field(default=False, description="EU membership for Ukraine binds it (EU members only).")
    lead: bool = Field(default=False, description="A lead nation: its exit weighs more on the others.")


def default_contribution(member: str) -> dict[str, Any]:
    """A member's contribution as the data file gives it."""
    return values(member, "contributes") | {"lead": bool(data()["members"][member].get("lead", False))}


class Coalition(Section):
    """Who guarantees: the aggregate `europe`, or the coalition's states (`coalition: states`)."""

    form: Literal["aggregate", "states"] = Field(
        default="aggregate",
        description="aggregate: one European party (europe) beside the US; states: the members of the "
        "data file, each a party with its own resolve, calendar and contributions.",
    )
    members: list[str] = Field(
        default_factory=lambda: list(members()),
        description="The data file's members that take part (states only); leave one out for a "
        "coalition without it.",
    )
    contributions: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Changes to what members give (force_troops, pledge, arms_share, eu, lead), by member; "
        "a state the scenario adds under world.guarantors joins the coalition with its own.",
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"form": value} if isinstance(value, str) else value

    @field_validator("members")
    @classmethod
    def _members(cls, value: list[str]) -> list[str]:
        known = members()
        for name in value:
            if name not in known:
                raise ValueError(f"unknown member {name!r} (members: {', '.join(known)})")
        if len(set(value)) != len(value):
            raise ValueError("coalition.members names a member twice")
        if not [m for m in value if m != "us"]:
            raise ValueError("coalition.members needs at least one member besides the us")
        return value

    @property
    def states(self) -> bool:
        """Whether the coalition's members are the parties."""
        return self.form == "states"

    def given(self) -> dict[str, Contribution]:
        """Each party's contribution to `europe`: the data file's, changed by the scenario's."""
        out = {}
        for name in [*self.members, *(k for k in self.contributions if k not in self.members)]:
            base = default_contribution(name) if name in members() else {}
            try:
                out[name] = Contribution.model_validate(base | self.contributions.get(name, {}))
            except Exception as err:
                raise ValueError(first_error(err, f"coalition.contributions.{name}")) from None
        return out


def first_error(err: Exception, prefix: str = "") -> str:
    """A validation error's first problem as `where: what` (where under `prefix`), in one line."""
    errors = getattr(err, "errors", None)
    if not callable(errors):
        return f"{prefix}: {err}" if prefix else str(err)
    e = errors()[0]
    where = ".".join(str(x) for x in (*([prefix] if prefix else []), *e["loc"]))
    what = str(e["msg"]).removeprefix("Value error, ")
    return f"{where}: {what}" if where else what


def fill_world(world: Any, coalition: Coalition, start: str | None, horizon: int) -> Any:
    """The scenario's world with the members as guarantors (a copy); refuses a file that mixes forms.

    Each member's parameters the file does not give take the data file's; its first election, written
    as a date there, becomes a month of this horizon; Russia's prior and cost of fighting it likewise.
    """
    if not isinstance(world, dict):
        return world
    world = dict(world)
    parties = dict(world.get("guarantors") or {})
    if not coalition.states:
        for name in european():
            if name in parties or name in world:
                raise ValueError(
                    f"world.guarantors.{name} is a member of the coalition, and this file uses the "
                    "aggregate europe: add `coalition: states` to use the members (a file uses one or "
                    "the other)"
                )
        return world
    if AGGREGATE in parties or AGGREGATE in world:
        raise ValueError(
            "world.guarantors.europe is the aggregate coalition, and this file lists the coalition's "
            "members (coalition: states): set the members' parameters instead (world.guarantors.france...)"
        )
    if start is None:
        raise ValueError("coalition: states needs start_date: YYYY-MM (the members' elections fall on dates)")
    for name in [m for m in members() if m not in coalition.members]:
        if name in parties or name in world:
            raise ValueError(f"world.guarantors.{name} is set, but {name} is not in coalition.members")
    filled = {}
    for name in coalition.members:
        if name in world:  # `world.france` for `world.guarantors.france`: one parameter set twice is refused
            fold_party(world, parties, name, "world")
        mine = parties.pop(name, {})  # (not a mapping: pydantic says what is wrong)
        if isinstance(mine, dict) and "first_election_month" not in mine and FIRST_ELECTION not in mine:
            mine = dict(mine)
            calendar = values(name, "elections")
            mine.setdefault("election_interval_months", calendar["election_interval_months"])
            interval = mine["election_interval_months"]
            step = interval if isinstance(interval, int | float) else calendar["election_interval_months"]
            first = calendar[FIRST_ELECTION]
            mine["first_election_month"] = election_months(
                start, first, step, horizon, f"{name}'s first election", given=False
            )
        filled[name] = mine
    world["guarantors"] = {**filled, **parties}
    russia = dict(world.get("russia") or {}) if isinstance(world.get("russia", {}), dict) else world["russia"]
    if isinstance(russia, dict):
        for label in ("prior_resolve", "fight_cost"):
            record = russia.get(label, {})
            if isinstance(record, dict):
                defaults = {
                    m: values(m, "russia")[label] for m in coalition.members if label in values(m, "russia")
                }
                russia[label] = {**defaults, **record}
        world["russia"] = russia
    return world


def dated_elections(world: Any, start: str | None, horizon: int) -> Any:
    """Every `first_election:` the file writes as a date, as `first_election_month` (a copy)."""
    if not isinstance(world, dict) or not isinstance(world.get("guarantors", {}), dict):
        return world
    world = dict(world)
    world["guarantors"] = dict(world.get("guarantors") or {})
    for parties in (world["guarantors"], world):
        for name, section in list(parties.items()):
            if not isinstance(section, dict) or FIRST_ELECTION not in section:
                continue
            where = f"world.guarantors.{name}.{FIRST_ELECTION}"
            if start is None:
                raise ValueError(f"{where} is a date: give the scenario a start_date: YYYY-MM")
            if "first_election_month" in section:
                raise ValueError(
                    f"{where} and first_election_month are the same election, given twice: keep one"
                )
            section = dict(section)
            section["first_election_month"] = election_months(
                start, section.pop(FIRST_ELECTION), 1, horizon, where, given=True
            )
            parties[name] = section
    return world


def coalition_table() -> str:
    """The data file as a Markdown table: every member's value of every field, with its source's date.

    Generated into the README (`make readme`); the sources themselves are in the data file.
    """
    lines = ["| member | field | value | dated | source |", "| --- | --- | --- | --- | --- |"]
    for member in members():
        for section in ("contributes", "world", "elections", "russia"):
            for name, item in entry(member, section).items():
                value = item["value"]
                shown = (
                    ", ".join(f"{k}: {v}" for k, v in value.items())
                    if isinstance(value, dict)
                    else str(value)
                )
                source = " ".join(str(item["source"]).split()).replace("|", "/")
                lines.append(f"| {member} | {name} | {shown} | {item['date']} | {source} |")
    return "\n".join(lines)
