"""Building blocks of the schema: documented parameters and uncertain values.

Every parameter of the simulator is declared once, with :func:`param`, which records its unit, its
allowed range and the reason for its default. The parameter table (`deter params`, the README) is
generated from these declarations, so it can never disagree with the code.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, get_origin

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.fields import FieldInfo


class Strict(BaseModel):
    """A schema section: unknown keys are errors, and so are NaN and infinities."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, validate_assignment=True, validate_default=True
    )


def param(
    default: Any, unit: str, low: float | None, high: float | None, why: str, whole: bool = False
) -> Any:
    """Declare a parameter with its unit, allowed range [low, high] and the reason for its default.

    `whole`: a fixed value must be a whole number (months); a distribution's draws are rounded.
    """
    extra = {"unit": unit, "low": low, "high": high, "whole": whole}
    return Field(default=default, description=why, json_schema_extra=extra)


def field_range(info: FieldInfo) -> tuple[float | None, float | None]:
    """Return the allowed range declared with :func:`param` for a field."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return extra.get("low"), extra.get("high")


def field_unit(info: FieldInfo) -> str:
    """Return the unit declared with :func:`param` for a field."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return str(extra.get("unit", ""))


class Uniform(Strict):
    """Uniform distribution on [low, high]."""

    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"uniform needs low < high, got low={self.low}, high={self.high}")
        return self

    def bounds(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can give."""
        return self.low, self.high

    def draw(self, rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
        """Draw n values."""
        return rng.uniform(self.low, self.high, n)


class Triangular(Strict):
    """Triangular distribution on [low, high] with its peak at mode."""

    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"triangular needs low <= mode <= high and low < high, got "
                f"low={self.low}, mode={self.mode}, high={self.high}"
            )
        return self

    def bounds(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can give."""
        return self.low, self.high

    def draw(self, rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
        """Draw n values."""
        return rng.triangular(self.low, self.mode, self.high, n)


class Beta(Strict):
    """Beta distribution with a given mean and standard deviation, scaled to the field's range."""

    dist: Literal["beta"]
    mean: float
    sd: float = Field(gt=0)

    def shape(self, low: float, high: float) -> tuple[float, float]:
        """Return the (a, b) shape parameters on [low, high]."""
        span = high - low
        m, s = (self.mean - low) / span, self.sd / span
        if not 0 < m < 1:
            raise ValueError(f"beta mean {self.mean} must lie strictly inside [{low}, {high}]")
        common = m * (1 - m) / s**2 - 1
        if common <= 0:
            limit = math.sqrt(m * (1 - m)) * span
            raise ValueError(f"beta sd {self.sd} is too large for mean {self.mean}: need < {limit:.3g}")
        return m * common, (1 - m) * common

    def bounds(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can give (checked against the field)."""
        return self.mean, self.mean

    def draw(self, rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
        """Draw n values on [low, high]."""
        a, b = self.shape(low, high)
        return low + (high - low) * rng.beta(a, b, n)


class Normal(Strict):
    """Normal distribution truncated to the field's range."""

    dist: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)

    def bounds(self) -> tuple[float, float]:
        """The mean must lie in the field's range; draws are truncated to it."""
        return self.mean, self.mean

    def draw(self, rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
        """Draw n values by inverting the truncated normal's CDF at uniforms from rng."""
        from scipy import stats  # imported here: scipy.stats takes ~0.5 s to import

        a, b = (low - self.mean) / self.sd, (high - self.mean) / self.sd
        return stats.truncnorm.ppf(rng.random(n), a, b, loc=self.mean, scale=self.sd)


Distribution = Annotated[Uniform | Triangular | Beta | Normal, Field(discriminator="dist")]
Uncertain = float | Distribution
"""A world parameter: a fixed value, or a distribution drawn once per world."""


def check_range(value: Any, info: FieldInfo) -> Any:
    """Check a fixed value or a distribution against the range declared for its field."""
    low, high = field_range(info)
    if isinstance(value, bool) or not isinstance(value, int | float | BaseModel):
        return value
    if isinstance(value, BaseModel) and not hasattr(value, "bounds"):
        return value
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if extra.get("whole") and not isinstance(value, BaseModel) and float(value) != int(value):
        raise ValueError(f"{value} must be a whole number")
    lo_v, hi_v = value.bounds() if isinstance(value, BaseModel) else (value, value)
    if (low is not None and lo_v < low) or (high is not None and hi_v > high):
        raise ValueError(f"{_show(value)} is outside the allowed range [{low}, {high}]")
    if isinstance(value, Beta):
        value.shape(low, high)
    return value


def _show(value: Any) -> str:
    if isinstance(value, BaseModel):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.model_dump().items()) + "}"
    return str(value)


def _plain_types(annotation: Any) -> set[type]:
    args = getattr(annotation, "__args__", None)
    return (
        {get_origin(a) or a for a in args if isinstance(get_origin(a) or a, type)}
        if args and get_origin(annotation) is not list
        else ({annotation} if isinstance(annotation, type) else set())
    )


def check_kind(value: Any, info: FieldInfo) -> Any:
    """Refuse silent conversions: booleans for numbers, text for booleans or numbers."""
    kinds = _plain_types(info.annotation)
    numeric = bool(kinds & {int, float})
    if isinstance(value, bool) and numeric and bool not in kinds:
        raise ValueError(f"expected a number, got {str(value).lower()}")
    if bool in kinds and not isinstance(value, bool) and value is not None:
        if list in kinds and isinstance(value, list):
            return value  # a field that is a flag or a list (a package's imposed components)
        raise ValueError(f"expected true or false{' or a list' if list in kinds else ''}, got {value!r}")
    if isinstance(value, str) and numeric and str not in kinds:
        try:
            number = float(value)
        except ValueError:
            return value  # pydantic says it is not a number
        raise ValueError(
            f"{value!r} is text to YAML; write the number without quotes, e.g. {number:.10g}"
            + (" (YAML reads 1e9 as text: write 1.0e+9 or 1000000000)" if "e" in value.lower() else "")
        )
    return value


class Section(Strict):
    """A schema section whose numeric fields are checked against their declared ranges."""

    @field_validator("*", mode="before")
    @classmethod
    def _kind(cls, value: Any, info: ValidationInfo) -> Any:
        return check_kind(value, cls.model_fields[info.field_name])

    @field_validator("*", mode="after")
    @classmethod
    def _in_range(cls, value: Any, info: ValidationInfo) -> Any:
        return check_range(value, cls.model_fields[info.field_name])


class Component(Section):
    """A guarantee component: its annual cost is `cost_bn_per_year`, or else its own estimate."""

    def default_cost(self) -> float:
        """Cost estimate used when `cost_bn_per_year` is not given (€bn per year)."""
        return 0.0

    def cost(self) -> float:
        """Annual cost in €bn."""
        explicit = getattr(self, "cost_bn_per_year", None)
        return float(explicit) if explicit is not None else self.default_cost()
