"""A scenario's calendar: its `start_date` (YYYY-MM), months as dates, elections written as dates.

Month 0 of the horizon is the start date's month; month m is m calendar months later. An election is
written as a date (`2027-05`) or a window (`{earliest: 2028-01, latest: 2029-08}`, drawn uniformly in
each world, or with `mode:` triangularly, to give an early election its chance); it becomes the
guarantor's `first_election_month` (a month of the horizon, or its distribution), and the elections
after it follow `election_interval_months`.
"""

from __future__ import annotations

import re
from typing import Any

DATE = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_ELECTION = "first_election"
"""A guarantor's first election written as a date or a window (converted to `first_election_month`)."""


def parse_month(value: Any, where: str) -> tuple[int, int]:
    """(year, month) of a YYYY-MM date; ValueError naming `where` otherwise."""
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    match = DATE.match(text) if text is not None else None
    if match is None or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2200:
        raise ValueError(f"{where} must be a month written YYYY-MM, such as 2027-01; got {value!r}")
    return int(match.group(1)), int(match.group(2))


def months_between(start: str, date: Any, where: str) -> int:
    """Calendar months from `start` (YYYY-MM) to `date` (YYYY-MM): 0 for the same month."""
    y0, m0 = parse_month(start, "start_date")
    y, m = parse_month(date, where)
    return (y - y0) * 12 + (m - m0)


def month_date(start: str, month: int) -> str:
    """The date (YYYY-MM) of month `month` of a horizon that opens on `start`."""
    y0, m0 = parse_month(start, "start_date")
    index = y0 * 12 + (m0 - 1) + int(month)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_label(start: str | None, month: int) -> str:
    """How a month is shown: its date where the scenario has a start date, else 'month m'."""
    return month_date(start, month) if start else f"month {month}"


def election_months(start: str, value: Any, interval: float, horizon: int, where: str, given: bool) -> Any:
    """A first election written as a date or a window, as months of the horizon (`first_election_month`).

    A date before the start rolls forward by `interval` months (a data file's default, written once,
    stays right whatever the start); one the scenario gives itself (`given`) must fall inside the
    horizon, or it is refused (it would never happen, or has happened).
    """
    end = month_date(start, horizon)
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"earliest", "latest", "mode"})
        if unknown or "earliest" not in value or "latest" not in value:
            raise ValueError(
                f"{where} must be a date (YYYY-MM) or a window {{earliest: YYYY-MM, latest: YYYY-MM}} "
                f"(with mode: YYYY-MM for a triangular draw); got {value!r}"
            )
        low = months_between(start, value["earliest"], f"{where}.earliest")
        high = months_between(start, value["latest"], f"{where}.latest")
        if high < low:
            raise ValueError(f"{where}: latest {value['latest']} comes before earliest {value['earliest']}")
        mode = months_between(start, value["mode"], f"{where}.mode") if "mode" in value else None
        if mode is not None and not low <= mode <= high:
            raise ValueError(f"{where}: mode {value['mode']} lies outside the window")
        if given and (low < 1 or low > horizon):  # (a window the file gives is never moved)
            raise ValueError(
                f"{where} {value['earliest']} to {value['latest']} is outside the horizon "
                f"({month_date(start, 1)} to {end})"
            )
        shift = 0 if given else _roll(high, interval) - high
        low, high = max(low + shift, 1), high + shift
        if low == high:
            return low
        if mode is None:
            return {"dist": "uniform", "low": low, "high": high}
        return {"dist": "triangular", "low": low, "mode": min(max(mode + shift, low), high), "high": high}
    month = months_between(start, value, where)
    if given and not 1 <= month <= horizon:
        raise ValueError(
            f"{where} {value} is outside the horizon ({month_date(start, 1)} to {end}): an election "
            "before the first month has happened, one after the last never comes"
        )
    return _roll(month, interval)


def _roll(month: int, interval: float) -> int:
    """A month moved forward by whole intervals until it falls after month 0."""
    step = max(int(round(interval)), 1)
    while month < 1:
        month += step
    return month
