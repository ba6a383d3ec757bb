"""What the atlas is of (data/atlas.yaml): its region, years and focal states, and each state's seat
of government by date.

No module names a focal state: they all ask the atlas. A focus is one state's code, or REGION for
the five at once.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, ValidationError, model_validator

from geo.records import (LocatedDict, Point, Problem, Record, Text, UnreadableFile, YAML_LIMIT, _describe,
                         _display, _yaml_problem, field_name, parse_yaml, read_text)

ATLAS_FILE = "atlas.yaml"
REGION = "all"  # the focus of the region view: `?state=all`, `--state all`
# The seat of year Y is the one in force on this day of Y: the one that held the larger part of it.
SEAT_DAY = (7, 1)


class Seat(Point):
    """A seat of government from a day on (until the next one), with the act or record it rests on."""
    since: Annotated[dt.date, Field(alias="from")]
    reference: Text


class FocalState(Record):
    code: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    cow: Annotated[int, Field(gt=0, lt=1000)]  # Correlates of War state number, as ATOP codes members
    name: Text
    demonym: Text
    seats: Annotated[list[Seat], Field(min_length=1)]

    @model_validator(mode="after")
    def _seats_in_order(self) -> "FocalState":
        days = [seat.since for seat in self.seats]
        if days != sorted(days) or len(set(days)) != len(days):
            raise ValueError("seats must be listed in order of their `from` dates, one per day")
        return self

    def seat(self, year: int) -> Seat:
        """Where the state's links are drawn from in `year` (the first seat before any `from`)."""
        day = dt.date(year, *SEAT_DAY)
        return next((seat for seat in reversed(self.seats) if seat.since <= day), self.seats[0])


class Years(Record):
    first: int
    last: int


class Atlas(Record):
    name: Text
    frame: Annotated[list[float], Field(min_length=4, max_length=4)]
    years: Years
    hub: Point
    default: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    states: Annotated[list[FocalState], Field(min_length=1)]

    @model_validator(mode="after")
    def _default_is_a_state(self) -> "Atlas":
        codes = [state.code for state in self.states]
        if len(set(codes)) != len(codes):
            raise ValueError("a focal state is listed twice")
        if self.default not in codes:
            raise ValueError(f"default {self.default} is not one of the states")
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(state.code for state in self.states)

    def state(self, code: str) -> FocalState:
        return next(state for state in self.states if state.code == code)

    def by_cow(self) -> dict[int, FocalState]:
        return {state.cow: state for state in self.states}

    def focuses(self) -> dict[str, str]:
        """Every focus a view can take, by code, with its name: the states, then the region."""
        return {state.code: state.name for state in self.states} | {REGION: self.name}


def read_atlas(data_dir: Path) -> tuple[Atlas | None, list[Problem]]:
    """The atlas file as a record, or None and the problems that stop it being read."""
    path = data_dir / ATLAS_FILE
    where = _display(path, data_dir)
    try:
        text = read_text(path, YAML_LIMIT)
        raw = parse_yaml(text)
    except UnreadableFile as exc:
        return None, [Problem(where, exc.line, "(file)", "(file)", exc.message)]
    except yaml.YAMLError as exc:
        return None, [Problem(where, *_yaml_problem(exc, text))]
    if not isinstance(raw, LocatedDict):
        return None, [Problem(where, 1, "(file)", "(file)", "must be a mapping: name, frame, years, default, states")]
    try:
        return Atlas.model_validate(dict(raw)), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(s for s in error["loc"] if not (isinstance(s, str) and "[" in s))
            problems.append(Problem(where, raw.line_of(loc), "atlas", field_name(loc), _describe(error)))
        return None, problems
