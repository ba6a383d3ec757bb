"""Rules that relate records to each other and to the archived source texts.

Each rule is one function; RULES is the table the validator runs and the Codebook page prints.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.tables import check_tables
from geo.codebook import ATOP_KINDS, Kind, Voice
from geo.atlas import ATLAS_FILE
from geo.dates import FIRST_YEAR, LAST_YEAR, PartialDate
from geo.projection import FRAME
from geo.records import (RELATION_FILES, SOURCE_FILES, Claim, Event, Located, Problem, Province, RawData,
                         Relation, Source, UnreadableFile, field_name, linked_atop, quotes_of, read_text)
from geo.text import first_difference, fold, occurs


@dataclass
class Context:
    raw: RawData
    texts: dict[str, str]
    folded: dict[str, str] = field(default_factory=dict)

    def of(self, model: type) -> list[Located]:
        return [item for items in self.raw.records.values() for item in items if isinstance(item.record, model)]

    def defined(self, key: str, *filenames: str) -> bool:
        """True if a record in those files has this key, or one of them could not be read
        (then the file's own error is the one worth reporting)."""
        return any(key in self.raw.keys.get(f, ()) or f in self.raw.unreadable for f in filenames)

    def folded_text(self, source_id: str) -> str:
        if source_id not in self.folded:
            self.folded[source_id] = fold(self.texts[source_id])
        return self.folded[source_id]

    def problem(self, item: Located, field_path: tuple, message: str) -> Problem:
        return Problem(item.path, item.line(*field_path), item.key, field_name(field_path), message)


Rule = Callable[[Context], Iterator[Problem]]
SOURCE_LIMIT = 16 * 2**20  # bytes; an archived web page is well under 1 MB


def source_text_matches_checksum(ctx: Context) -> Iterator[Problem]:
    """Also fills ctx.texts: only a text that passes its checksum is searched for quotes."""
    data_dir = ctx.raw.data_dir.resolve()
    for item in ctx.of(Source):
        source: Source = item.record
        path = (data_dir / source.file).resolve()
        if not path.is_relative_to(data_dir):
            yield ctx.problem(item, ("file",), f"{source.file} lies outside the data folder")
            continue
        try:
            text = read_text(path, SOURCE_LIMIT)
        except UnreadableFile as exc:
            where = f" (line {exc.line} of the text)" if exc.line else ""
            yield ctx.problem(item, ("file",), f"archived text {source.file}: {exc.message}{where}")
            continue
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest != source.sha256:
            yield ctx.problem(item, ("sha256",), f"archived text has changed (its sha256 is now {digest[:12]}…)")
            continue
        ctx.texts[source.id] = text


def source_body_markers_found(ctx: Context) -> Iterator[Problem]:
    for item in ctx.of(Source):
        text = ctx.texts.get(item.record.id)
        if text is None:
            continue
        lines = text.splitlines()
        for marker in ("first", "last"):
            prefix = getattr(item.record.body, marker)
            if not any(line.startswith(prefix) for line in lines):
                yield ctx.problem(item, ("body", marker), "no line of the archived text starts with this")


def ids_are_unique(ctx: Context) -> Iterator[Problem]:
    seen: dict[str, Located] = {}
    for items in ctx.raw.records.values():
        for item in items:
            if item.key in seen:
                first = seen[item.key]
                yield ctx.problem(item, ("id" if hasattr(item.record, "id") else "code",),
                                  f"duplicate: already used at {first.path}:{first.line()}")
            else:
                seen[item.key] = item


ACTORS = ("countries.yaml", "organisations.yaml")


def parties_are_defined(ctx: Context) -> Iterator[Problem]:
    for item in ctx.of(Relation) + ctx.of(Event):
        for i, code in enumerate(item.record.parties):
            if not ctx.defined(code, *ACTORS):
                yield ctx.problem(item, ("parties", i), f"party {code} is not defined in countries or organisations")
    for item in ctx.of(Relation):
        for i, code in enumerate(item.record.provinces):
            if not ctx.defined(code, "provinces.yaml"):
                yield ctx.problem(item, ("provinces", i), f"province {code} is not defined in provinces.yaml")
    for item in ctx.of(Event):
        place = item.record.place
        if place is not None and not ctx.defined(place, "countries.yaml", "provinces.yaml"):
            yield ctx.problem(item, ("place",), f"place {place} is not a defined country or province")
    for item in ctx.of(Province):
        if not ctx.defined(item.record.country, "countries.yaml"):
            yield ctx.problem(item, ("country",), f"country {item.record.country} is not defined")


def relations_involve_a_focal_state(ctx: Context) -> Iterator[Problem]:
    if ctx.raw.atlas is None:
        return
    focal = ctx.raw.atlas.codes
    for item in ctx.of(Relation):
        if not set(focal) & set(item.record.parties):
            yield ctx.problem(item, ("parties",), f"every relation is a tie of a focal state: one of "
                                                  f"{', '.join(focal)} (data/atlas.yaml) must be a party")


def atlas_matches_the_map(ctx: Context) -> Iterator[Problem]:
    """The atlas file states the frame and years the boundary files and the app were built for; a
    focal state's capital in countries.yaml is its latest seat of government."""
    atlas = ctx.raw.atlas
    if atlas is None:
        return
    where = f"{ctx.raw.data_dir.name}/{ATLAS_FILE}"
    if tuple(atlas.frame) != FRAME:
        yield Problem(where, 1, "atlas", "frame", f"{atlas.frame} is not the frame data/boundaries/ was "
                                                  f"clipped to, {list(FRAME)}: rebuild the boundaries first")
    if (atlas.years.first, atlas.years.last) != (FIRST_YEAR, LAST_YEAR):
        yield Problem(where, 1, "atlas", "years", f"{atlas.years.first}–{atlas.years.last} is not the app's "
                                                  f"range, {FIRST_YEAR}–{LAST_YEAR}")
    for item in ctx.raw.records.get("countries.yaml", []):
        country = item.record
        if country.code in atlas.codes:
            seat = atlas.state(country.code).seats[-1]
            if (country.capital.name, country.capital.lat, country.capital.lon) != (seat.name, seat.lat, seat.lon):
                yield ctx.problem(item, ("capital",), f"a focal state's capital is its latest seat in "
                                                      f"{ATLAS_FILE}: {seat.name} ({seat.lat}, {seat.lon})")


def quotes_are_verbatim(ctx: Context) -> Iterator[Problem]:
    for item in ctx.of(Relation) + ctx.of(Event) + ctx.of(Claim):
        for path, quote in quotes_of(item.record):
            if not ctx.defined(quote.source, *SOURCE_FILES):
                yield ctx.problem(item, path + ("source",), f"source {quote.source} is not defined")
            elif quote.source in ctx.texts and not occurs(ctx.folded_text(quote.source), quote.text):
                detail = first_difference(ctx.texts[quote.source], quote.text)
                yield ctx.problem(item, path + ("text",), f"not found verbatim in {quote.source}: {detail}")


def dates_are_ordered_and_in_range(ctx: Context) -> Iterator[Problem]:
    for item in ctx.of(Relation):
        relation: Relation = item.record
        if relation.end and relation.end.date.last_day() < relation.start.date.first_day():
            yield ctx.problem(item, ("end",), f"ends ({relation.end.date}) before it starts ({relation.start.date})")
    for item in ctx.of(Relation) + ctx.of(Event):
        for name in ("start", "end", "date"):
            when = getattr(item.record, name, None)
            if when and not FIRST_YEAR <= when.date.year <= LAST_YEAR:
                yield ctx.problem(item, (name,), f"{when.date} lies outside {FIRST_YEAR}–{LAST_YEAR}")


def opinion_is_never_fact(ctx: Context) -> Iterator[Problem]:
    for item in ctx.of(Relation):
        relation: Relation = item.record
        voices = {q.voice for q in relation.quotes}
        if relation.kind is Kind.prospective_alliance and Voice.opinion not in voices:
            yield ctx.problem(item, ("quotes",), "a prospective alliance must rest on a quote marked voice: opinion")
        if relation.kind is not Kind.prospective_alliance and voices == {Voice.opinion}:
            yield ctx.problem(item, ("kind",), "only opinion supports this: record it as prospective_alliance")


def claims_point_at_records(ctx: Context) -> Iterator[Problem]:
    for item in ctx.of(Claim):
        if not ctx.defined(item.record.about, *RELATION_FILES, "events.yaml"):
            yield ctx.problem(item, ("about",), f"{item.record.about} is not a relation or event id")


def atop_kinds_are_coded(ctx: Context) -> Iterator[Problem]:
    for item in ctx.of(Relation):
        relation: Relation = item.record
        coded_file = item.path.endswith(RELATION_FILES[1])
        if relation.kind in ATOP_KINDS and not coded_file:
            yield ctx.problem(item, ("kind",), f"{relation.kind.value} is ATOP's obligation type: only an imported "
                                               f"ATOP tie has it (link a curated tie with `atop:` instead)")
        if (relation.coded is not None) != coded_file:
            yield ctx.problem(item, ("coded",), "only ties imported from ATOP (atop_relations.yaml) carry `coded`")


def _agree(curated: PartialDate, coded: PartialDate) -> bool:
    """Dates agree when the less precise one contains the other."""
    return (curated.first_day() <= coded.last_day() and coded.first_day() <= curated.last_day())


def atop_links_agree(ctx: Context) -> Iterator[Problem]:
    if RELATION_FILES[1] in ctx.raw.unreadable:
        return
    coded = [item.record for item in ctx.raw.records.get(RELATION_FILES[1], [])]
    for item in ctx.of(Relation):
        relation: Relation = item.record
        if relation.atop is None:
            continue
        linked = linked_atop(relation, coded)
        if not linked:
            yield ctx.problem(item, ("atop",), f"no imported ATOP tie of these parties has atop_id {relation.atop}"
                                               + (f" phase {relation.atop_phase}" if relation.atop_phase is not None else ""))
            continue
        if len(linked) > 1:
            yield ctx.problem(item, ("atop",), f"ATOP {relation.atop} has {len(linked)} phases with these parties: "
                                               "give atop_phase")
            continue
        atop = linked[0]
        if set(relation.parties) != set(atop.parties):
            yield ctx.problem(item, ("parties",), f"ATOP {relation.atop} has parties {', '.join(atop.parties)}, "
                                                  f"this record {', '.join(relation.parties)}")
        if not _agree(relation.start.date, atop.start.date):
            yield ctx.problem(item, ("start",), f"starts {relation.start.date}, ATOP {relation.atop} "
                                                 f"{atop.start.date}")
        ends = (relation.end.date if relation.end else None, atop.end.date if atop.end else None)
        if ends != (None, None) and (None in ends or not _agree(*ends)):
            yield ctx.problem(item, ("end",), f"ends {ends[0] or 'never (no end reported)'}, ATOP {relation.atop} "
                                               f"{ends[1] or 'never (still in effect in 2018)'}")


def atop_code_tables_are_valid(ctx: Context) -> Iterator[Problem]:
    for error in check_tables(ctx.raw.data_dir):
        path = Path(error.path)
        shown = path.relative_to(ctx.raw.data_dir.parent) if path.is_relative_to(ctx.raw.data_dir.parent) else path
        yield Problem(str(shown), error.line, "(table)", f"column {error.column}", error.message)


RULES: list[tuple[str, Rule]] = [
    ("Each archived text matches the sha256 in its record", source_text_matches_checksum),
    ("Each source's body markers start a line of its text", source_body_markers_found),
    ("Ids and codes are unique across all files", ids_are_unique),
    ("Parties, provinces and places are defined", parties_are_defined),
    ("Every relation has a focal state as a party", relations_involve_a_focal_state),
    ("The atlas file's frame and years are the map's; a focal state's capital is its latest seat",
     atlas_matches_the_map),
    ("Every quote occurs verbatim (whitespace folded) in its source", quotes_are_verbatim),
    ("Ends come after starts; dates lie in 1991–2030", dates_are_ordered_and_in_range),
    ("Prospects rest on opinion; opinion alone never makes a fact", opinion_is_never_fact),
    ("Contested claims point at an existing relation or event", claims_point_at_records),
    ("ATOP's obligation kinds and coding only on ties imported from ATOP", atop_kinds_are_coded),
    ("A curated tie linked to ATOP (`atop:`) agrees with it on parties, start and end", atop_links_agree),
    ("The ATOP code tables (COW state numbers to ISO alpha-3, alliances to blocs) are well formed",
     atop_code_tables_are_valid),
]


def check(raw: RawData) -> tuple[list[Problem], dict[str, str]]:
    """Run every rule; return the problems and the verified source texts by id."""
    ctx = Context(raw, {})
    problems = list(raw.problems)
    for _, rule in RULES:
        problems.extend(rule(ctx))
    return problems, ctx.texts
