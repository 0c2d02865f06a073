"""Under `coalition: states`, `europe` in a package stands for the coalition: expanded to its members.

Each component that names `europe` is rewritten to name the members by what each gives
(`Coalition.given`, from the data file and the scenario's `coalition.contributions`):

- a reassurance force's (or an armed zone's) troops: Europe's share split in proportion to the members'
  troops (a member with none provides none);
- a defence pledge: the members that sign it;
- arms support: Europe's share of the funding split by the members' arms shares;
- EU membership: the members that are EU states; NATO membership: every member;
- sanctions snap-back: the EU's members deciding together (unanimity: the least willing decides).

The rewritten packages are what the run uses and what its manifest records, so a reader sees who gives
what. Naming `europe` where one guarantor is needed (the backstop's provider, an election) is refused.
"""

from __future__ import annotations

from typing import Any

from sim.schema.coalition import AGGREGATE, Coalition, Contribution
from sim.schema.components.kinds import donor_shares, provider_shares
from sim.schema.package import Package


def expand_packages(packages: list[Package], coalition: Coalition, parties: list[str]) -> list[Package]:
    """The packages with every `europe` replaced by the coalition's members (see the module's text)."""
    given = coalition.given()
    unknown = [name for name in given if name not in parties]
    if unknown:
        raise ValueError(
            f"coalition.contributions.{unknown[0]} names no guarantor (guarantors: {', '.join(parties)}); "
            "declare it under world.guarantors"
        )
    group = {name: c for name, c in given.items() if name != "us"}
    return [_expand(p, group) for p in packages]


def _expand(package: Package, group: dict[str, Contribution]) -> Package:
    update: dict[str, Any] = {}
    where = f"package {package.name}"
    for name, component in package.components().items():
        change = _component(name, component, group, where)
        if change:
            update[name] = component.model_copy(update=change)
    for event in package.events:
        if event.election is not None and str(event.election) == AGGREGATE:
            raise ValueError(
                f"{where}: an event at europe's election, but under coalition: states Europe is its members: "
                "name a member's election (election: france)"
            )
    return package.model_copy(update=update) if update else package


def _component(name: str, component, group: dict[str, Contribution], where: str) -> dict[str, Any]:
    if name == "reassurance_force":
        return _provider(component.provider, "provider", group, f"{where}: reassurance_force")
    if name == "buffer_zone" and component.armed:
        return _provider(component.armed_provider, "armed_provider", group, f"{where}: buffer_zone")
    if name == "defence_pledge":
        return _listed(component.parties, [m for m, c in group.items() if c.pledge], "parties")
    if name == "eu_membership":
        return _listed(component.parties, [m for m, c in group.items() if c.eu], "parties")
    if name == "nato_membership":
        return _listed(component.parties, list(group), "parties")
    if name == "sanctions_snapback":
        deciders = [component.decided_by] if isinstance(component.decided_by, str) else component.decided_by
        if AGGREGATE not in deciders:
            return {}
        eu = [m for m, c in group.items() if c.eu]
        expanded = _replace(deciders, eu)
        return {"decided_by": expanded[0] if len(expanded) == 1 else expanded}
    if name == "arms_support":
        shares = donor_shares(component.donors)
        if AGGREGATE not in shares:
            return {}
        weights = {m: c.arms_share for m, c in group.items() if c.arms_share > 0}
        if not weights:
            raise ValueError(f"{where}: arms_support names europe, and no member gives arms (arms_share)")
        europe = shares.pop(AGGREGATE)
        whole = sum(weights.values())
        for member, weight in weights.items():
            shares[member] = shares.get(member, 0.0) + europe * weight / whole
        return {"donors": shares}
    if name == "us_backstop" and component.provider == AGGREGATE:
        raise ValueError(f"{where}: us_backstop.provider is europe; under coalition: states name one member")
    return {}


def _provider(provider, field: str, group: dict[str, Contribution], where: str) -> dict[str, Any]:
    shares = provider_shares(provider)
    if AGGREGATE not in shares:
        return {}
    troops = {m: c.force_troops for m, c in group.items() if c.force_troops > 0}
    if not troops:
        raise ValueError(
            f"{where}.{field} is europe, and no member of the coalition gives troops (force_troops): name "
            "the providers"
        )
    europe = shares.pop(AGGREGATE)
    whole = sum(troops.values())
    for member, count in troops.items():
        shares[member] = shares.get(member, 0.0) + europe * count / whole
    return {field: shares}


def _listed(parties: list[str], members: list[str], field: str) -> dict[str, Any]:
    if AGGREGATE not in parties:
        return {}
    return {field: _replace(parties, members)}


def _replace(parties: list[str], members: list[str]) -> list[str]:
    """`parties` with `europe` replaced by `members` (each once)."""
    out: list[str] = []
    for party in parties:
        for name in members if party == AGGREGATE else [party]:
            if name not in out:
                out.append(name)
    return out
