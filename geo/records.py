"""Typed records of the curated YAML in data/, and loading them with the line each came from.

Schema errors (unknown field, wrong type, missing field) are caught here; the rules that relate
records to each other and to the archived texts live in geo.validate.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from enum import Enum
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationError

from geo.codebook import Kind, Voice
from geo.dates import PartialDate

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
HOME = "UZB"

Date = Annotated[PartialDate, BeforeValidator(PartialDate.parse), PlainSerializer(str)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Code = Annotated[str, Field(pattern=r"^[A-Z]{2,5}(-[A-Z0-9]{1,3})?$")]
Text = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class When(Record):
    """A date as precise as the evidence, and how it was inferred when no source prints it."""
    date: Date
    inferred: Text | None = None

    @classmethod
    def coerce(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {"date": value}


WhenField = Annotated[When, BeforeValidator(When.coerce)]


class Point(Record):
    name: Text
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class Body(Record):
    """The article proper runs from the line starting `first` to the line starting `last`;
    what lies outside is page furniture (menus, adverts, comments), archived but muted."""
    first: Text
    last: Text


class Source(Record):
    id: Slug
    file: Text
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    title: Text
    outlet: Text | None
    author: Text | None
    url: Text | None
    republished_from: Text | None = None
    published: WhenField
    accessed: dt.date
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    body: Body
    # How a coded dataset's file is cited ("ATOP coding sheet, alliance 5075") instead of outlet and date.
    cite_as: Text | None = None
    note: Text | None = None


class Country(Record):
    code: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    name: Text
    capital: Point
    note: Text | None = None


class Organisation(Record):
    code: Code
    name: Text
    kind: Literal["bloc", "union", "armed_group"]
    note: Text | None = None


class Province(Record):
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]
    name: Text
    country: Code
    centre: Point


class Quote(Record):
    source: Slug
    text: Text
    voice: Voice = Voice.report
    # False when the quote tells of the tie's past (how it was signed) rather than reporting it as
    # holding at the source's date: such a quote does not attest the tie for the source's year.
    current: bool = True


class Obligation(str, Enum):
    defence = "defence"
    offence = "offence"
    neutrality = "neutrality"
    non_aggression = "non_aggression"
    consultation = "consultation"


class Coded(Record):
    """Where a tie comes from a coded dataset (ATOP): the alliance, its phase and what it obliges."""
    dataset: Text
    atop_id: Annotated[int, Field(gt=0)]
    phase: Annotated[int, Field(ge=0)]
    obligations: Annotated[list[Obligation], Field(min_length=1)]
    members: Annotated[list[Code], Field(min_length=2)]
    in_effect: bool
    rows: list[Annotated[int, Field(gt=1)]]
    sheet: Slug | None


class Relation(Record):
    id: Slug
    kind: Kind
    title: Text
    parties: Annotated[list[Code], Field(min_length=2)]
    provinces: list[Code] = []
    start: WhenField
    end: WhenField | None = None
    quotes: Annotated[list[Quote], Field(min_length=1)]
    # A curated tie that is the same treaty as an ATOP alliance names it here (`atop: 5075`), with
    # the phase where the alliance has several; the two become one tie carrying both evidences.
    atop: Annotated[int, Field(gt=0)] | None = None
    atop_phase: Annotated[int, Field(ge=0)] | None = None
    coded: Coded | None = None
    note: Text | None = None

    @property
    def partners(self) -> list[str]:
        return [p for p in self.parties if p != HOME]


def linked_atop(relation: Relation, coded: list[Relation]) -> list[Relation]:
    """The ATOP ties a curated relation names with `atop:` (more than one when a phase is needed)."""
    return [c for c in coded if c.coded and c.coded.atop_id == relation.atop
            and relation.atop_phase in (None, c.coded.phase)]


class Event(Record):
    id: Slug
    title: Text
    date: WhenField
    place: Code | None = None
    parties: list[Code] = []
    quotes: Annotated[list[Quote], Field(min_length=1)]
    note: Text | None = None


class Position(Record):
    claimant: Text
    says: Text
    quotes: Annotated[list[Quote], Field(min_length=1)]


class Claim(Record):
    """A question the sources answer differently; every answer is kept with its own quote."""
    id: Slug
    about: Slug
    question: Text
    positions: Annotated[list[Position], Field(min_length=2)]


def quotes_of(record: Relation | Event | Claim) -> Iterator[tuple[tuple, Quote]]:
    """Every quote in a record, with the field path that leads to it."""
    if isinstance(record, Claim):
        for p, position in enumerate(record.positions):
            for q, quote in enumerate(position.quotes):
                yield ("positions", p, "quotes", q), quote
    else:
        for q, quote in enumerate(record.quotes):
            yield ("quotes", q), quote


COLLECTIONS: dict[str, type[Record]] = {
    "sources.yaml": Source,
    "countries.yaml": Country,
    "organisations.yaml": Organisation,
    "provinces.yaml": Province,
    "relations.yaml": Relation,
    "events.yaml": Event,
    "claims.yaml": Claim,
    # Generated by `python -m geo import-atop` (geo/atop.py): do not edit by hand.
    "atop_sources.yaml": Source,
    "atop_relations.yaml": Relation,
}
SOURCE_FILES = ("sources.yaml", "atop_sources.yaml")
RELATION_FILES = ("relations.yaml", "atop_relations.yaml")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, printed as `path:line: record: field: message`."""
    path: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.record}: {self.field}: {self.message}"


class DataError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class LocatedDict(dict):
    """A YAML mapping that remembers the line of itself and of each of its keys."""
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, path: tuple[Any, ...]) -> int:
        node: Any = self
        line = self.line
        for step in path:
            if isinstance(node, LocatedDict) and step in node:
                line = node.key_lines.get(step, line)
            elif isinstance(node, LocatedList) and isinstance(step, int) and step < len(node):
                line = node.item_lines[step]
            else:
                break
            node = node[step]
        return line


class LocatedList(list):
    line: int = 0
    item_lines: list[int]


# libyaml's parser where PyYAML was built with it: it reads the data several times faster, and
# reports the same marks.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    def construct_mapping(self, node, deep=False):
        mapping = LocatedDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        return mapping

    def construct_sequence(self, node, deep=False):
        items = LocatedList(super().construct_sequence(node, deep=True))
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence)


@dataclass
class Located:
    """A validated record and where it stands in its file, for pointing at problems."""
    record: Record
    path: str
    raw: LocatedDict

    @property
    def key(self) -> str:
        """The record's id, or its code for countries, organisations and provinces."""
        return getattr(self.record, "id", None) or self.record.code

    def line(self, *field_path: Any) -> int:
        return self.raw.line_of(field_path)


@dataclass
class RawData:
    data_dir: Path
    records: dict[str, list[Located]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Keys of every record read, valid or not, and the files that could not be read at all:
    # one broken record or file must not also make every reference to it an error.
    keys: dict[str, set[str]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)


def _display(path: Path, data_dir: Path) -> str:
    try:
        return str(path.relative_to(data_dir.parent))
    except ValueError:
        return str(path)


def field_name(loc: tuple[Any, ...]) -> str:
    """A field path as a reader writes it: `positions[0].quotes[1].text`."""
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text or "(record)"


def _describe(error: dict[str, Any]) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown field"
    message = error["msg"]
    return message.removeprefix("Value error, ")


def read_collection(path: Path, model: type[Record], data_dir: Path, raw: RawData) -> None:
    shown = _display(path, data_dir)
    located: list[Located] = []
    raw.records[path.name] = located
    raw.unreadable.add(path.name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raw.problems.append(Problem(shown, 0, "(file)", "(file)", "file is missing"))
        return
    except UnicodeDecodeError as exc:
        raw.problems.append(Problem(shown, 0, "(file)", "(file)", f"not UTF-8 text: {exc.reason}"))
        return
    try:
        items = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raw.problems.append(Problem(shown, line, "(file)", "(yaml)", f"not valid YAML: {what}"))
        return
    if items is None:
        items = LocatedList()
        items.item_lines = []
    if not isinstance(items, list):
        raw.problems.append(Problem(shown, 1, "(file)", "(file)", "must be a list of records"))
        return
    raw.unreadable.discard(path.name)
    key = "code" if "code" in model.model_fields else "id"
    for index, item in enumerate(items):
        line = items.item_lines[index]
        if not isinstance(item, LocatedDict):
            raw.problems.append(Problem(shown, line, f"#{index + 1}", "(record)", "must be a mapping"))
            continue
        name = str(item.get(key) or f"#{index + 1}")
        raw.keys.setdefault(path.name, set()).add(name)
        try:
            located.append(Located(model.model_validate(dict(item)), shown, item))
        except ValidationError as exc:
            for error in exc.errors():
                # Drop union-branch tags such as "function-before[coerce(), When]" from the path.
                loc = tuple(s for s in error["loc"] if not (isinstance(s, str) and "[" in s))
                raw.problems.append(Problem(shown, item.line_of(loc), name, field_name(loc), _describe(error)))


def read_all(data_dir: Path = DATA_DIR) -> RawData:
    raw = RawData(data_dir)
    for filename, model in COLLECTIONS.items():
        read_collection(data_dir / filename, model, data_dir, raw)
    return raw
