"""Building blocks of the schema: documented parameters and uncertain values.

Every parameter of the simulator is declared once, with :func:`param`, which records its unit, its
allowed range and the reason for its default. The parameter table (`deter params`, the README) is
generated from these declarations, so it can never disagree with the code.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, get_args, get_origin

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.fields import FieldInfo


class Checked(BaseModel):
    """Unknown keys are errors, and so are NaN and infinities."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, validate_assignment=True, validate_default=True
    )


class Strict(Checked):
    """A schema section: unknown keys are errors, and so are NaN, infinities and silent conversions.

    `true` where a number belongs and `"12"` (text) where a number belongs are refused in every
    section, event and offer (and distribution, `_Distribution`), as for world parameters (`check_kind`).
    """

    @field_validator("*", mode="before")
    @classmethod
    def _kind(cls, value: Any, info: ValidationInfo) -> Any:
        return check_kind(value, cls.model_fields[info.field_name])


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


class _Distribution(Checked):
    """A distribution's numbers are numbers: no `true`, no text (its `dist` tag is left to the union)."""

    @field_validator("low", "mode", "high", "mean", "sd", mode="before", check_fields=False)
    @classmethod
    def _kind(cls, value: Any, info: ValidationInfo) -> Any:
        return check_kind(value, cls.model_fields[info.field_name])


class Uniform(_Distribution):
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


class Triangular(_Distribution):
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


class Beta(_Distribution):
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
        if s < MIN_SD_SHARE:  # a, b would overflow: the draws would all be NaN
            raise ValueError(
                f"beta sd {self.sd:g} is too small for the field's range [{_num(low)}, {_num(high)}]: at "
                f"least {MIN_SD_SHARE * span:.3g}; for a value that does not vary write the number itself"
            )
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


class Normal(_Distribution):
    """Normal distribution truncated to the field's range."""

    dist: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)

    def bounds(self) -> tuple[float, float]:
        """The mean must lie in the field's range; draws are truncated to it."""
        return self.mean, self.mean

    def check_scale(self, low: float, high: float) -> None:
        """Refuse an sd so large against the field's range that truncating to it fails numerically.

        Beyond a few ranges the truncated normal is already flat (uniform) over the range; far beyond
        (1e12 ranges and more) scipy's truncation draws outside the range, or only the mean.
        """
        if low is None or high is None:
            return
        limit = MAX_SD_RANGES * (high - low)
        if self.sd > limit:
            raise ValueError(
                f"normal sd {self.sd:g} is too large for the field's range [{_num(low)}, {_num(high)}]: at "
                f"most {limit:g} ({MAX_SD_RANGES} × the range; a wider normal is flat over the range: "
                f"write {{dist: uniform, low: {_num(low)}, high: {_num(high)}}})"
            )

    def draw(self, rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
        """Draw n values by inverting the truncated normal's CDF at uniforms from rng."""
        from scipy import stats  # imported here: scipy.stats takes ~0.5 s to import

        a, b = (low - self.mean) / self.sd, (high - self.mean) / self.sd
        return stats.truncnorm.ppf(rng.random(n), a, b, loc=self.mean, scale=self.sd)


MAX_SD_RANGES = 10
"""A normal's sd may be at most this many times its field's range (wider is flat over the range)."""
MIN_SD_SHARE = 1e-12
"""A beta's sd must be at least this share of its field's range (smaller overflows its shape)."""


def _num(x: float | None) -> str:
    return "none" if x is None else f"{x:g}"


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
        raise ValueError(
            f"{_show(value)} is outside the allowed range [{low}, {high}]{percent_hint(value, low, high)}"
        )
    if isinstance(value, Beta):
        value.shape(low, high)
    if isinstance(value, Normal):
        value.check_scale(low, high)
    return value


def percent_hint(value: Any, low: float | None, high: float | None) -> str:
    """' (did you mean 0.5?)' where a value on a 0–1 field looks like a percentage (50), else ''."""
    if low is None or high != 1 or low < -1 or low > 0:
        return ""
    if isinstance(value, BaseModel):
        numbers = {k: v for k, v in value.model_dump().items() if isinstance(v, float | int)}
        if numbers and all(0 <= v <= 100 for v in numbers.values()) and max(numbers.values()) >= 2:
            return " (percentages? write shares of 1: 50% is 0.5)"
        return ""
    if isinstance(value, int | float) and 2 <= value <= 100:
        return f" (did you mean {value / 100:g}?)"
    return ""


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


def _numbers_inside(annotation: Any) -> bool:
    """Whether a container in the annotation (`dict[K, float]`, `list[int]`) holds numbers."""
    for arg in getattr(annotation, "__args__", None) or (annotation,):
        origin = get_origin(arg)
        if origin is dict and get_args(arg)[1] in (int, float):
            return True
        if origin is list and get_args(arg)[0] in (int, float):
            return True
    return False


def check_kind(value: Any, info: FieldInfo | None) -> Any:
    """Refuse silent conversions: booleans for numbers, text for booleans or numbers.

    Also inside a mapping or list of numbers (a force's provider shares): `{europe: '0.5'}` is refused.
    """
    annotation = info.annotation if info is not None else None
    kinds = _plain_types(annotation)
    numeric = bool(kinds & {int, float})
    if isinstance(value, bool) and numeric and bool not in kinds:
        raise ValueError(f"expected a number, got {str(value).lower()}")
    if bool in kinds and not isinstance(value, bool) and value is not None:
        if list in kinds and isinstance(value, list):
            return value  # a field that is a flag or a list (a package's imposed components)
        raise ValueError(f"expected true or false{' or a list' if list in kinds else ''}, got {value!r}")
    if isinstance(value, str) and numeric and str not in kinds:
        _refuse_text_number(value)
    if isinstance(value, dict | list) and _numbers_inside(annotation):
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(item, bool):
                raise ValueError(f"{key}: expected a number, got {str(item).lower()}")
            if isinstance(item, str):
                try:
                    _refuse_text_number(item)
                except ValueError as err:
                    raise ValueError(f"{key}: {err}") from None
    return value


def _refuse_text_number(value: str) -> None:
    """Refuse a number written as text ('12'); leave other text for pydantic to refuse."""
    try:
        number = float(value)
    except ValueError:
        return  # pydantic says it is not a number
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a number here: NaN and infinities are not allowed")
    raise ValueError(
        f"{value!r} is text to YAML; write the number without quotes, e.g. {number:.10g}"
        + (" (YAML reads 1e9 as text: write 1.0e+9 or 1000000000)" if "e" in value.lower() else "")
    )


class Section(Strict):
    """A schema section whose numeric fields are checked against their declared ranges."""

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
