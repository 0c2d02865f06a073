"""A package's timeline: components that deploy, withdraw, start, stop, are ratified or scaled later.

An event happens at a month after the ceasefire, or at the n-th election of a named guarantor (a new
government that ends a backstop). What each action does:

- `deploy`, `start`: the component comes into force (a force arrives, a backstop is switched on).
- `ratify`: a treaty pledge, signed at the ceasefire, is ratified (until then it engages its parties
  as an unratified agreement); a membership takes effect (accession).
- `withdraw`, `stop`: the component ends (a scheduled withdrawal, a backstop switched off).
- `scale`: the component's size becomes `factor` × its declared size (troops, monitors, funding).

A component whose first event (in a world) brings it into force is absent until then.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from sim.schema.components.kinds import PartyName
from sim.schema.params import Strict


class Action(StrEnum):
    """What an event does to its component."""

    DEPLOY = "deploy"
    START = "start"
    RATIFY = "ratify"
    WITHDRAW = "withdraw"
    STOP = "stop"
    SCALE = "scale"


ON = frozenset({Action.DEPLOY, Action.START, Action.RATIFY})
"""Actions that bring a component into force."""
OFF = frozenset({Action.WITHDRAW, Action.STOP})
"""Actions that end it."""

ALLOWED: dict[str, frozenset[Action]] = {
    "reassurance_force": frozenset({Action.DEPLOY, Action.WITHDRAW, Action.START, Action.STOP, Action.SCALE}),
    "buffer_zone": frozenset({Action.DEPLOY, Action.WITHDRAW, Action.START, Action.STOP, Action.SCALE}),
    "defence_pledge": frozenset({Action.START, Action.STOP, Action.RATIFY}),
    "us_backstop": frozenset({Action.START, Action.STOP}),
    "arms_support": frozenset({Action.START, Action.STOP, Action.SCALE}),
    "sanctions_snapback": frozenset({Action.START, Action.STOP}),
    "eu_membership": frozenset({Action.START, Action.RATIFY, Action.STOP}),
    "nato_membership": frozenset({Action.START, Action.RATIFY, Action.STOP}),
}
"""The actions that make sense for each component (deploy and withdraw are for troops)."""

RATIFIED = "defence_pledge:ratified"
"""The channel a pledge's ratification moves (the pledge itself stays in force before it)."""


class Event(Strict):
    """One change to one component of a package, at a month or at an election."""

    component: str = Field(description="The component it changes; the package must have it.")
    action: Action = Field(description="deploy, withdraw, start, stop, ratify or scale.")
    month: int | None = Field(
        default=None,
        ge=1,
        le=600,
        description="Month of the horizon (give this, after_ceasefire or election); under start: "
        "ceasefire the horizon opens at the ceasefire.",
    )
    after_ceasefire: int | None = Field(
        default=None,
        ge=1,
        le=600,
        description="Months after the ceasefire takes effect, wherever in the horizon it comes (start: war); "
        "under start: ceasefire the same as month.",
    )
    election: PartyName | None = Field(
        default=None,
        description="At an election of this guarantor (europe, us, or one the scenario adds), not a month.",
    )
    nth: int = Field(default=1, ge=1, le=50, description="Which election after the ceasefire: 1 = the next.")
    factor: float | None = Field(
        default=None, ge=0, le=10, description="scale only: the new size as a multiple of the declared one."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if self.component not in ALLOWED:
            raise ValueError(f"component {self.component!r} is not a component ({', '.join(ALLOWED)})")
        if self.action not in ALLOWED[self.component]:
            can = ", ".join(sorted(ALLOWED[self.component]))
            raise ValueError(f"{self.component} cannot {self.action.value} (it can: {can})")
        given = [self.month is not None, self.after_ceasefire is not None, self.election is not None]
        if sum(given) != 1:
            raise ValueError("give one of month, after_ceasefire or election (with nth)")
        if (self.action is Action.SCALE) != (self.factor is not None):
            raise ValueError("factor goes with action scale, and scale needs a factor")
        return self

    @property
    def when(self) -> tuple[str, int]:
        """When it happens, as a key: ('month', 24) or ('us', 1)."""
        if self.after_ceasefire is not None:
            return ("after_ceasefire", self.after_ceasefire)
        return ("month", self.month) if self.month is not None else (str(self.election), self.nth)

    def describe(self) -> str:
        """The event in words."""
        at = (
            f"month {self.month}" if self.month is not None
            else f"{self.after_ceasefire} months after the ceasefire" if self.after_ceasefire is not None
            else f"{self.election} election {self.nth}"
        )  # fmt: skip
        size = f" to {self.factor:g}×" if self.factor is not None else ""
        return f"{self.action.value} {self.component}{size} at {at}"

    @property
    def channel(self) -> str:
        """The state it moves: the component's presence, or a pledge's ratification."""
        if self.component == "defence_pledge" and self.action is Action.RATIFY:
            return RATIFIED
        return self.component


def check_same_month(events: list[Event], month_of) -> None:
    """Refuse two events changing one component in one month once elections are months.

    `month_of(event)` gives the event's month, or None where it differs between worlds (an election
    month drawn per world), which cannot be checked before the run.
    """
    seen: dict[tuple[str, int], Event] = {}
    for event in events:
        month = month_of(event)
        if month is None:
            continue
        key = (event.channel, month)
        if key in seen and seen[key].when != event.when:
            raise ValueError(
                f"events '{seen[key].describe()}' and '{event.describe()}' change {event.component} in the "
                f"same month ({month})"
            )
        seen[key] = event


def check_events(events: list[Event], present: set[str], treaty: bool) -> None:
    """Refuse events for a component the package lacks, two at once, or a ratification of no treaty."""
    seen: dict[tuple[str, tuple[str, int]], Event] = {}
    for event in events:
        if event.component not in present:
            raise ValueError(f"event '{event.describe()}': the package has no {event.component}")
        if event.channel == RATIFIED and not treaty:
            raise ValueError(f"event '{event.describe()}': only a pledge of strength treaty is ratified")
        key = (event.channel, event.when)
        if key in seen:
            raise ValueError(
                f"events '{seen[key].describe()}' and '{event.describe()}' change {event.component} at "
                "the same time"
            )
        seen[key] = event


def check_redundant(events: list[Event], month_of) -> None:
    """Refuse an event that changes nothing: a second deploy, withdraw or ratify in a row, or a rescale.

    A rescale is a scale to the size the component already has (1× at first, else the last factor).
    The order of a component's events is known when every one has a fixed month (`month_of`), or
    when all count on one clock (all `after_ceasefire`, or all at one guarantor's elections); where an
    election month is drawn per world and mixed with months, the order differs between worlds and is
    not checked.
    """
    groups: dict[tuple[str, bool], list[Event]] = {}
    for event in events:
        groups.setdefault((event.channel, event.action is Action.SCALE), []).append(event)
    for (_, scale), group in groups.items():
        ordered = _in_order(group, month_of)
        if ordered is None:
            continue
        if scale:
            size = 1.0
            for event in ordered:
                if event.factor == size:
                    was = "its declared size" if size == 1 else "after an earlier scale"
                    raise ValueError(
                        f"event '{event.describe()}' changes nothing: {event.component} is already at "
                        f"{size:g}× ({was})"
                    )
                size = float(event.factor or 0.0)
            continue
        for before, event in zip(ordered, ordered[1:], strict=False):
            if (before.action in ON) != (event.action in ON):
                continue
            if event.channel == RATIFIED:
                why = "the pledge is already ratified (a pledge is ratified once)"
            elif event.action in ON:
                why = f"{event.component} is already in force (put a withdraw or stop between, or remove it)"
            else:
                why = f"{event.component} has already ended (put a deploy or start between, or remove it)"
            raise ValueError(f"event '{event.describe()}' changes nothing after '{before.describe()}': {why}")


def _in_order(group: list[Event], month_of) -> list[Event] | None:
    """The events in the order they happen, if the same in every world; else None."""
    months = [month_of(e) for e in group]
    if all(m is not None for m in months):
        return [e for _, _, e in sorted(zip(months, range(len(group)), group, strict=True))]
    clocks = {e.when[0] for e in group}
    if len(clocks) == 1:
        return sorted(group, key=lambda e: e.when[1])
    return None
