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
