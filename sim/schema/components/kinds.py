"""The choices a component offers, as enums."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator

from sim.schema.parties import check_party_name


class Posture(StrEnum):
    """Where a reassurance force stands."""

    REAR = "rear"
    TRIPWIRE = "tripwire"


class Strength(StrEnum):
    """Legal strength of a defence pledge."""

    DECLARATION = "declaration"
    AGREEMENT = "agreement"
    TREATY = "treaty"


class Party:
    """The names of the guarantors every scenario has (a scenario may add others, by name)."""

    EUROPE = "europe"
    US = "us"


PartyName = Annotated[str, AfterValidator(check_party_name)]
"""A guarantor, by its name under `world.guarantors` (the scenario checks it names one)."""

Provider = PartyName | dict[PartyName, float]
"""Who provides troops: one guarantor, shares of the troops by guarantor (summing to 1), or troops by
guarantor (adding up to the force's troops: `troop_shares`)."""


def provider_shares(provider: Provider) -> dict[str, float]:
    """The share of the troops each guarantor it names provides (a guarantor not named provides none)."""
    return {provider: 1.0} if isinstance(provider, str) else {k: float(v) for k, v in provider.items()}


def check_parties(value: list[str], what: str) -> list[str]:
    """A list of guarantors: at least one, each once."""
    if not value or len(set(value)) != len(value):
        raise ValueError(
            f"{what} must name at least one guarantor, each once (europe, us, or one the scenario adds)"
        )
    return value


def check_provider(provider: Provider) -> Provider:
    """A provider's shares lie in [0, 1] and sum to 1, or are troops (some above 1: `troop_shares`)."""
    if isinstance(provider, dict):
        if not provider:
            raise ValueError("name a provider (a guarantor) or shares such as {europe: 0.7, us: 0.3}")
        if any(share > 1 for share in provider.values()) and all(share >= 0 for share in provider.values()):
            return provider  # troops by provider: the component checks them against its troops
        if any(not 0 <= share <= 1 for share in provider.values()):
            shares = list(provider.values())
            percent = all(0 <= v <= 100 for v in shares) and any(v >= 2 for v in shares)
            hint = " (percentages? write shares of 1: 50% is 0.5)" if percent else ""
            raise ValueError(f"each provider's share must lie in [0, 1], got {dict(provider)}{hint}")
        if abs(sum(provider.values()) - 1) > 1e-9:
            raise ValueError(f"providers' shares must sum to 1, got {sum(provider.values()):.10g}")
    return provider


def troop_shares(provider: Provider, troops: float, what: str) -> Provider:
    """A provider given as troops by guarantor, as shares of the force; refused unless they add up.

    Shares (all at most 1) and a single provider pass unchanged.
    """
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in provider.values())
    if not numbers or any(v < 0 for v in provider.values()) or all(v <= 1 for v in provider.values()):
        return provider  # shares, or something the field's own check refuses
    given = sum(provider.values())
    if abs(given - troops) > 0.5:
        side = "more" if given > troops else "fewer"
        percent = " (percentages? write shares of 1: 50% is 0.5)" if abs(given - 100) < 1e-9 else ""
        raise ValueError(
            f"{what}: contributions add to {given:,.0f} troops, {side} than the force's "
            f"{troops:,.0f}{percent}"
        )
    return {k: v / given for k, v in provider.items()}


def provider_troops(data, cls, provider: str, troops: str, where: str):
    """A component's raw data with its provider given as troops by guarantor turned into shares.

    For a component's `mode="before"` validator: the troops are the data's (or the field's default);
    anything that is not a mapping of numbers is left for the fields' own checks.
    """
    if isinstance(data, dict) and isinstance(data.get(provider), dict):
        size = data.get(troops, cls.model_fields[troops].default)
        if isinstance(size, int | float) and not isinstance(size, bool):
            return {**data, provider: troop_shares(data[provider], size, where)}
    return data


def donor_shares(donors: list[str] | dict[str, float]) -> dict[str, float]:
    """Each donor's share of arms funding: equal for a list, as given for shares."""
    if isinstance(donors, dict):
        return {k: float(v) for k, v in donors.items()}
    return {d: 1.0 / len(donors) for d in donors}
