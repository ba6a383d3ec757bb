"""Dates that are only as precise as the source: a year, a month or a day."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from geo.safe import shown

FIRST_YEAR, LAST_YEAR = 1991, 2030


class Precision(str, Enum):
    year = "year"
    month = "month"
    day = "day"


_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> "PartialDate":
        """Accept what YAML gives for 2005, 2005-11 or 2005-11-14 (an int, a str or a date)."""
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        match = _PATTERN.match(str(value).strip()) if isinstance(value, str) else None
        if not match:
            raise ValueError(f"{shown(repr(value))} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        date = cls(year, month, day)
        try:
            date.first_day()
        except ValueError as exc:
            raise ValueError(f"{shown(repr(value))} is not a real date ({exc})") from None
        return date

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.day
        return Precision.month if self.month is not None else Precision.year

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)

    def label(self) -> str:
        """How a reader should see it: '14 Nov 2005', 'Sep 2005' or '2017' — never more precise."""
        if self.day is not None:
            return f"{self.day} {calendar.month_abbr[self.month]} {self.year}"
        if self.month is not None:
            return f"{calendar.month_abbr[self.month]} {self.year}"
        return str(self.year)

    def fraction_of_year(self, at_end: bool = False) -> float:
        """Position on a continuous year axis, for drawing bars true to precision."""
        day = self.last_day() + dt.timedelta(days=1) if at_end else self.first_day()
        start = dt.date(day.year, 1, 1)
        length = 366 if calendar.isleap(day.year) else 365
        return day.year + (day - start).days / length

    def __str__(self) -> str:
        return self.iso()
