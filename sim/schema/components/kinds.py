"""The choices a component offers, as enums."""

from __future__ import annotations

from enum import StrEnum


class Posture(StrEnum):
    """Where a reassurance force stands."""

    REAR = "rear"
    TRIPWIRE = "tripwire"


class Strength(StrEnum):
    """Legal strength of a defence pledge."""

    DECLARATION = "declaration"
    AGREEMENT = "agreement"
    TREATY = "treaty"


class Party(StrEnum):
    """A guarantor."""

    EUROPE = "europe"
    US = "us"


Provider = Party | dict[Party, float]
"""Who provides troops: one guarantor, or shares of the troops by guarantor (summing to 1)."""


def provider_shares(provider: Provider) -> dict[Party, float]:
    """The share of the troops each guarantor provides (every guarantor named, zero if none)."""
    given = {provider: 1.0} if isinstance(provider, Party) else dict(provider)
    return {party: float(given.get(party, 0.0)) for party in Party}


def check_provider(provider: Provider) -> Provider:
    """A provider's shares lie in [0, 1] and sum to 1."""
    if isinstance(provider, dict):
        if not provider:
            raise ValueError("name a provider (europe or us) or shares such as {europe: 0.7, us: 0.3}")
        if any(not 0 <= share <= 1 for share in provider.values()):
            raise ValueError(f"each provider's share must lie in [0, 1], got {dict(provider)}")
        if abs(sum(provider.values()) - 1) > 1e-9:
            raise ValueError(f"providers' shares must sum to 1, got {sum(provider.values()):g}")
    return provider
