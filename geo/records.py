"""Typed records of the curated YAML in data/, and loading them with the line each came from.

Schema errors (unknown field, wrong type, missing field) are caught here; the rules that relate
records to each other and to the archived texts live in geo.validate.
"""
from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from enum import Enum
from typing import Annotated, Any, Literal

import yaml
from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationError,
                      model_validator)

from geo.codebook import Kind, Voice
from geo.dates import PartialDate
from geo.paths import DATA
from geo.safe import shown

Date = Annotated[PartialDate, BeforeValidator(PartialDate.parse), PlainSerializer(str)]
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # ids, and the names of the files that are one record (a story)
Slug = Annotated[str, Field(pattern=SLUG)]
Code = Annotated[str, Field(pattern=r"^[A-Z]{2,5}(-[A-Z0-9]{1,3})?$")]
Text = Annotated[str, Field(min_length=1)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


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
    sha256: Sha256
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
    # The archived text is part of the page only (a passage copied from it), not the whole page.
    excerpt: bool = False
    # Which parts of the text are page furniture, in words, where the body markers alone do not say.
    furniture: Text | None = None
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


class Retired(Record):
    """A record withdrawn from the map, kept with its quotes and history: never deleted."""
    date: dt.date
    reason: Text


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
    # ATOP's `asymm`: the members do not all take on the same obligations.
    asymmetric: bool = False
    rows: list[Annotated[int, Field(gt=1)]]
    sheet: Slug | None


class Exercise(Record):
    """Where a tie is a multinational military exercise coded by MME: its row of the archived file, the
    participants as the row names them, and where it was held."""
    dataset: Text
    mme_id: Annotated[str, Field(pattern=r"^mme[0-9]+$")]
    row: Annotated[int, Field(gt=1)]
    # Every entry of the State columns, as MME writes it; `others` are those that name no state (MME's
    # -9, participants unknown; a group such as "Baltic States"). The rest are the tie's parties.
    participants: Annotated[list[Text], Field(min_length=2)]
    others: list[Text] = []
    place: Text | None
    lat: Annotated[float, Field(ge=-90, le=90)] | None
    lon: Annotated[float, Field(ge=-180, le=180)] | None

    @model_validator(mode="after")
    def _coordinates_come_in_pairs(self) -> "Exercise":
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon are given together or not at all")
        return self


class Membership(Record):
    """Where a tie is a focal state's membership of an intergovernmental organisation as COW IGO codes it, a
    value a calendar year: the organisation's column, the value held through the tie's years, and the line
    of the row that gives it for each of those years, in order."""
    dataset: Text
    column: Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*$")]
    value: Literal["full", "associate", "observer"]
    rows: Annotated[list[Annotated[int, Field(gt=1)]], Field(min_length=1)]


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
    exercise: Exercise | None = None
    membership: Membership | None = None
    note: Text | None = None
    retired: Retired | None = None

    @property
    def group_exercise(self) -> bool:
        """An exercise of more than two states: listed like a bloc, not drawn as a line to every member."""
        return self.exercise is not None and len(self.parties) > 2


def linked_atop(relation: Relation, coded: list[Relation]) -> list[Relation]:
    """The ATOP ties a curated relation names with `atop:` (more than one when a phase is needed):
    of a bloc's memberships, the one of the state that holds the tie (first among its parties)."""
    return [c for c in coded if c.coded and c.coded.atop_id == relation.atop
            and relation.atop_phase in (None, c.coded.phase) and c.parties[0] in relation.parties]


class Event(Record):
    id: Slug
    title: Text
    date: WhenField
    place: Code | None = None
    parties: list[Code] = []
    quotes: Annotated[list[Quote], Field(min_length=1)]
    note: Text | None = None
    retired: Retired | None = None


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


class Change(Record):
    """One entry of the change log (changes.yaml): who changed which record, when, and the dataset's
    version (geo.changes.dataset_version) before and after."""
    when: dt.datetime
    editor: Text
    action: Literal["add-source", "add-tie", "add-event", "retire", "save-story"]
    record: Slug
    fields: list[Text] = []
    reason: Text | None = None
    before: Sha256
    after: Sha256


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
    # Generated by `python -m geo import-mme` (geo/mme.py): do not edit by hand.
    "mme_sources.yaml": Source,
    "mme_relations.yaml": Relation,
    # Generated by `python -m geo import-igo` (geo/igo.py): do not edit by hand.
    "igo_sources.yaml": Source,
    "igo_relations.yaml": Relation,
}
MME_RELATIONS = "mme_relations.yaml"
IGO_RELATIONS = "igo_relations.yaml"
SOURCE_FILES = ("sources.yaml", "atop_sources.yaml", "mme_sources.yaml", "igo_sources.yaml")
# The change log is read beside the collections, not among them: its entries name records, they are none.
CHANGES = "changes.yaml"
RELATION_FILES = ("relations.yaml", "atop_relations.yaml", MME_RELATIONS, IGO_RELATIONS)


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


# Plain YAML only: mappings, lists and the scalars YAML resolves on its own. An explicit tag
# (`!!binary`, `!!set`, `!foo`), an anchor or alias (the way to a billion-laughs bomb), a merge key
# (`<<`), a repeated key (which would silently replace the first), a second document and nesting
# deeper than any record needs are refused at their line.
MAX_DEPTH = 32
STR_TAG = "tag:yaml.org,2002:str"
SCALARS = {f"tag:yaml.org,2002:{name}": (f"construct_yaml_{name}", what) for name, what in (
    ("int", "whole number"), ("float", "number"), ("bool", "yes/no value"), ("null", "empty value"),
    ("timestamp", "date"))}


class YamlRefused(yaml.MarkedYAMLError):
    def __init__(self, event: yaml.Event, message: str):
        super().__init__(problem=message, problem_mark=event.start_mark)


# libyaml's parser where PyYAML was built with it: it reads the data several times faster, and
# reports the same marks.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str):
    """The plain-YAML document in `text` as Python values, every mapping and list knowing its lines;
    a YAMLError with a mark where the text is not plain YAML.

    Built straight from the parser's events: PyYAML's composer and general constructor spent most
    of a 30,000-record load on bookkeeping for features that are refused here anyway."""
    parser = _Parser(text)
    try:
        parser.get_event()  # stream start
        if parser.check_event(yaml.StreamEndEvent):
            return None
        parser.get_event()  # document start
        root = _value(parser, parser.get_event(), 0)
        parser.get_event()  # document end
        if not parser.check_event(yaml.StreamEndEvent):
            raise YamlRefused(parser.peek_event(), "a second YAML document: one list of records per file")
        return root
    finally:
        parser.dispose()


def _value(parser: yaml.SafeLoader, event: yaml.Event, depth: int):
    """The value that begins with `event`, read through to its end."""
    if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
        raise YamlRefused(event, "anchors and aliases (&name, *name) are not allowed: write the value out")
    if event.tag is not None:
        raise YamlRefused(event, f"the tag {event.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed: "
                                 "plain YAML only")
    if isinstance(event, yaml.ScalarEvent):
        tag = _scalar_tag(parser, event)
        if tag == STR_TAG:
            return event.value
        if tag not in SCALARS:
            raise YamlRefused(event, f"{shown(event.value)!r} is not a plain value here: quote it")
        construct, what = SCALARS[tag]
        try:
            return getattr(parser, construct)(yaml.ScalarNode(tag, event.value))
        except ValueError as exc:  # 2016-13-40 has a date's shape but is no date; 10**5000 is too long
            raise YamlRefused(event, f"{shown(event.value)} is not a real {what} ({shown(str(exc), 80)})") from None
    if depth >= MAX_DEPTH:
        raise YamlRefused(event, f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(event, yaml.SequenceStartEvent):
        items = LocatedList()
        items.line, items.item_lines = event.start_mark.line + 1, []
        while not isinstance(item := parser.get_event(), yaml.SequenceEndEvent):
            items.item_lines.append(item.start_mark.line + 1)
            items.append(_value(parser, item, depth + 1))
        return items
    mapping = LocatedDict()
    mapping.line, mapping.key_lines = event.start_mark.line + 1, {}
    while not isinstance(key := parser.get_event(), yaml.MappingEndEvent):
        if not isinstance(key, yaml.ScalarEvent) or key.tag is not None or _scalar_tag(parser, key) != STR_TAG:
            message = ("merge keys (<<) are not allowed: write the fields out"
                       if getattr(key, "value", None) == "<<" else "a key must be a plain field name")
            raise YamlRefused(key, message)
        if key.value in mapping:
            raise YamlRefused(key, f"duplicate key {shown(key.value)!r} (first at line {mapping.key_lines[key.value]})")
        mapping.key_lines[key.value] = key.start_mark.line + 1
        mapping[key.value] = _value(parser, parser.get_event(), depth + 1)
    return mapping


def _scalar_tag(parser: yaml.SafeLoader, event: yaml.ScalarEvent) -> str:
    """What YAML makes of a scalar: quoted ones are text; a plain one is looked up only when its
    first character can begin a number, date, boolean or null."""
    if not event.implicit[0] or event.value[:1] not in parser.yaml_implicit_resolvers:
        return STR_TAG
    return parser.resolve(yaml.ScalarNode, event.value, event.implicit)


@dataclass
class Located:
    """A validated record and where it stands in its file, for pointing at problems."""
    record: Record
    path: str
    raw: LocatedDict

    @property
    def key(self) -> str:
        """The record's id, its code for countries, organisations and provinces, or for a change its time."""
        if isinstance(self.record, Change):
            return f"change of {self.record.when.isoformat()}"
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
    atlas: Any = None  # geo.atlas.Atlas, or None when data/atlas.yaml cannot be read
    changes: list[Located] = field(default_factory=list)


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


YAML_LIMIT = 32 * 2**20  # bytes; the shipped files are a few KB, 30,000 typical records about 20 MB


class UnreadableFile(Exception):
    """A file that cannot be read as UTF-8 text: where (line 0 for the whole file), and why."""
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(message)


def read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of a file of at most `limit` bytes; UnreadableFile naming the line at fault."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise UnreadableFile(0, "is a directory, not a file")
        if not stat.S_ISREG(status.st_mode):  # a pipe or a device would never end, or never answer
            raise UnreadableFile(0, "is not a regular file")
        if status.st_size > limit:
            raise UnreadableFile(0, f"file is larger than the limit of {limit // 2**20} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(0, "file is missing") from None
    except OSError as exc:
        raise UnreadableFile(0, f"cannot be read: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableFile(line, f"not UTF-8 text: byte 0x{data[exc.start]:02x} ({exc.reason})") from None
    if "\x00" in text:
        raise UnreadableFile(text.count("\n", 0, text.index("\x00")) + 1, "contains a NUL byte")
    return text


def _yaml_problem(exc: yaml.YAMLError, text: str) -> tuple[int, str, str, str]:
    """(line, record, field, message) of a YAML error; a reader error gives a character position."""
    if isinstance(exc, yaml.reader.ReaderError):
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line, what = text.count("\n", 0, exc.position) + 1, f"character U+{code:04X} is not allowed ({exc.reason})"
    else:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return line, "(file)", "(yaml)", f"not valid YAML: {what}"


def read_collection(path: Path, model: type[Record], data_dir: Path, raw: RawData) -> None:
    where = _display(path, data_dir)
    located: list[Located] = []
    raw.records[path.name] = located
    raw.unreadable.add(path.name)
    try:
        text = read_text(path, YAML_LIMIT)
    except UnreadableFile as exc:
        raw.problems.append(Problem(where, exc.line, "(file)", "(file)", exc.message))
        return
    try:
        items = parse_yaml(text)
    except yaml.YAMLError as exc:
        raw.problems.append(Problem(where, *_yaml_problem(exc, text)))
        return
    if items is None:
        items = LocatedList()
        items.item_lines = []
    if not isinstance(items, list):
        raw.problems.append(Problem(where, 1, "(file)", "(file)", "must be a list of records"))
        return
    raw.unreadable.discard(path.name)
    key = "code" if "code" in model.model_fields else "id"
    for index, item in enumerate(items):
        line = items.item_lines[index]
        if not isinstance(item, LocatedDict):
            raw.problems.append(Problem(where, line, f"#{index + 1}", "(record)", "must be a mapping"))
            continue
        name = str(item.get(key) or f"#{index + 1}")
        raw.keys.setdefault(path.name, set()).add(name)
        try:
            located.append(Located(model.model_validate(dict(item)), where, item))
        except ValidationError as exc:
            for error in exc.errors():
                # Drop union-branch tags such as "function-before[coerce(), When]" from the path.
                loc = tuple(s for s in error["loc"] if not (isinstance(s, str) and "[" in s))
                raw.problems.append(Problem(where, item.line_of(loc), name, field_name(loc), _describe(error)))


def read_all(data_dir: Path = DATA) -> RawData:
    from geo.atlas import read_atlas  # geo.atlas builds on this module's records
    raw = RawData(data_dir)
    raw.atlas, problems = read_atlas(data_dir)
    raw.problems.extend(problems)
    for filename, model in COLLECTIONS.items():
        read_collection(data_dir / filename, model, data_dir, raw)
    if (data_dir / CHANGES).exists():  # a data folder that has never been changed keeps no log
        read_collection(data_dir / CHANGES, Change, data_dir, raw)
        raw.changes = raw.records.pop(CHANGES)
        raw.keys.pop(CHANGES, None)
    return raw
