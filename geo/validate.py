"""Rules that relate records to each other and to the archived source texts.

Each rule is one function; RULES is the table the validator runs and the Codebook page prints.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.mme import (COLUMNS, NAMES_TABLE, check_names, dataset_label, exercise_record, header_of, numbered_lines,
                     parse_line, participants, read_names)
from geo.igo import (ORGANISATION_TABLE, check_organisations, focal_numbers, read_organisations, read_rows,
                     records_from)
from geo.tables import BLOC_TABLE, COW_TABLE, TableError, check_tables, read_blocs, read_cow_table
from geo.codebook import ATOP_KINDS, Kind, Voice
from geo.atlas import ATLAS_FILE
from geo.dates import FIRST_YEAR, LAST_YEAR, PartialDate
from geo.projection import FRAME
from geo.records import (IGO_RELATIONS, MME_RELATIONS, RELATION_FILES, SOURCE_FILES, Claim, Event, Located, Problem, Province,
                         RawData, Relation, Source, UnreadableFile, field_name, linked_atop, quotes_of, read_text)
from geo.safe import shown
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


def refusals_name_blocs(ctx: Context) -> Iterator[Problem]:
    """A refusal to join is of a bloc: with a country as its party it would be drawn as a line to that
    country and listed among its ties (a refusal of "Moscow-led alliances" is not a tie with Russia)."""
    focal = ctx.raw.atlas.codes if ctx.raw.atlas else ()
    for item in ctx.of(Relation):
        if item.record.kind is Kind.non_membership:
            for i, code in enumerate(item.record.parties):
                if code not in focal and not ctx.defined(code, "organisations.yaml"):
                    yield ctx.problem(item, ("parties", i), f"{code} is no bloc: a non_membership names the blocs "
                                                            "it stays out of (organisations.yaml)")


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


def changes_are_logged_in_order(ctx: Context) -> Iterator[Problem]:
    """The change log only grows: its entries run in time order, each about a record that exists
    (retired records included: retiring keeps them), or a story of data/stories/."""
    from geo.stories import STORIES  # the stories refer to the records, so geo.stories comes after this module
    previous = None
    for item in ctx.raw.changes:
        change = item.record
        if previous is not None and change.when < previous:
            yield ctx.problem(item, ("when",), f"earlier than the entry before it ({previous.isoformat()}): "
                                               "the log is appended to, never rewritten")
        previous = change.when
        # A story is a file of its own (data/stories/<id>.yaml), read after the records it refers to.
        if not any(change.record in keys for keys in ctx.raw.keys.values()) and not (
                change.action == "save-story" and (ctx.raw.data_dir / STORIES / f"{change.record}.yaml").is_file()):
            yield ctx.problem(item, ("record",), f"{change.record} is no record of the data")
        if change.action == "retire" and change.reason is None:
            yield ctx.problem(item, ("reason",), "a retirement gives its reason")


@dataclass(frozen=True)
class ImportedCoding:
    """A dataset whose ties are imported into a file of their own, each carrying the dataset's coding."""
    dataset: str
    file: str
    field: str
    kinds: tuple[Kind, ...]
    kinds_are_its_own: bool  # a curated tie may not have these kinds (it links to the import instead)


IMPORTED_CODINGS = (
    ImportedCoding("ATOP", RELATION_FILES[1], "coded", ATOP_KINDS, kinds_are_its_own=True),
    ImportedCoding("MME", MME_RELATIONS, "exercise", (Kind.military_exercise,), kinds_are_its_own=False),
    ImportedCoding("COW IGO", IGO_RELATIONS, "membership", (Kind.membership,), kinds_are_its_own=True),
)


def imported_ties_carry_their_coding(ctx: Context) -> Iterator[Problem]:
    for item in ctx.of(Relation):
        relation: Relation = item.record
        for coding in IMPORTED_CODINGS:
            imported = item.path.endswith(coding.file)
            if (getattr(relation, coding.field) is not None) != imported:
                yield ctx.problem(item, (coding.field,), f"every tie imported from {coding.dataset} ({coding.file}) "
                                                         f"carries `{coding.field}`, and no other tie does")
            kinds = " or ".join(kind.value for kind in coding.kinds)
            if imported and relation.kind not in coding.kinds:
                yield ctx.problem(item, ("kind",), f"a tie imported from {coding.dataset} is a {kinds}")
            elif not imported and coding.kinds_are_its_own and relation.kind in coding.kinds:
                yield ctx.problem(item, ("kind",), f"{relation.kind.value} is {coding.dataset}'s own coding: only a "
                                                   f"tie imported from it has it (a curated tie links to it instead)")


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


def _table_problem(ctx: Context, error: TableError) -> Problem:
    path = Path(error.path)
    where = path.relative_to(ctx.raw.data_dir.parent) if path.is_relative_to(ctx.raw.data_dir.parent) else path
    return Problem(str(where), error.line, "(table)", f"column {error.column}", error.message)


def atop_code_tables_are_valid(ctx: Context) -> Iterator[Problem]:
    for error in check_tables(ctx.raw.data_dir):
        yield _table_problem(ctx, error)


def _checked_table(ctx: Context, path: Path, read: Callable, check: Callable) -> Iterator[Problem]:
    """A table's problems: that it cannot be read, or what `check(table)` finds (an empty list where what the
    check needs is itself unreadable, which its own rule reports)."""
    try:
        table = read(path)
    except TableError as error:
        yield _table_problem(ctx, error)
        return
    for error in check(table):
        yield _table_problem(ctx, error)


def mme_names_map_to_countries(ctx: Context) -> Iterator[Problem]:
    path = ctx.raw.data_dir / NAMES_TABLE

    def check(names):
        if ctx.raw.atlas is None or "countries.yaml" in ctx.raw.unreadable:
            return []
        countries = {item.record.code for item in ctx.raw.records["countries.yaml"]}
        return check_names(names, path, countries, ctx.raw.atlas.codes)

    yield from _checked_table(ctx, path, read_names, check)


def _as_imported(relation: Relation) -> dict:
    """A record's fields as the import writes them, to compare with its row read again."""
    def when(value):
        return None if value is None else value.date.iso() if value.inferred is None else value.model_dump()
    return {"id": relation.id, "kind": relation.kind.value, "title": relation.title, "parties": relation.parties,
            "start": when(relation.start), "end": when(relation.end), "exercise": relation.exercise.model_dump(),
            "quotes": [{"source": quote.source, "text": quote.text} for quote in relation.quotes]}


def _differences(expected: dict, actual: dict) -> Iterator[tuple[tuple, object]]:
    """(field path, the row's value) of each field where a record differs from its row."""
    for key, value in expected.items():
        if key == "exercise":
            yield from (((key, name), inner) for name, inner in value.items() if actual[key].get(name) != inner)
        elif actual[key] != value:
            yield (key,), value


def mme_records_are_their_rows(ctx: Context) -> Iterator[Problem]:
    """Each imported exercise is its row of the archived file read again, and every row with a focal
    participant has its record."""
    try:
        names = read_names(ctx.raw.data_dir / NAMES_TABLE)
    except TableError:  # the table's own rule reports it
        return
    if ctx.raw.atlas is None or MME_RELATIONS in ctx.raw.unreadable:
        return
    focal = ctx.raw.atlas.codes
    sources = {item.record.id: item for item in ctx.raw.records.get(SOURCE_FILES[2], [])}
    files: dict[str, tuple[Path, list[str], dict[str, int]] | None] = {}
    rows: dict[str, set[int]] = {source_id: set() for source_id in sources}
    for item in ctx.raw.records[MME_RELATIONS]:
        exercise = item.record.exercise
        if exercise is None:  # reported by imported_ties_carry_their_coding
            continue
        source_id = next((quote.source for quote in item.record.quotes if quote.source in sources), None)
        if source_id is None:
            yield ctx.problem(item, ("quotes",), f"quotes no row of an MME file ({SOURCE_FILES[2]})")
            continue
        if source_id not in files:
            files[source_id] = _mme_file(ctx, sources[source_id].record)
        if files[source_id] is None:  # its checksum or header failed: reported by their own rules
            continue
        path, lines, header = files[source_id]
        if not 1 < exercise.row <= len(lines):
            yield ctx.problem(item, ("exercise", "row"), f"{sources[source_id].record.file} has no row {exercise.row}")
            continue
        rows[source_id].add(exercise.row)
        where = f"row {exercise.row} of {sources[source_id].record.file}"
        try:
            row = parse_line(path, exercise.row, lines[exercise.row - 1], header)
            named = {entry.code for _, entry in participants(row, names) if entry is not None}
            expected = exercise_record(path, row, names, focal, dataset_label(path)) if named & set(focal) else None
        except TableError as error:
            yield ctx.problem(item, ("exercise", "row"), f"{where}: {error.message}")
            continue
        if expected is None:
            yield ctx.problem(item, ("exercise", "row"), f"{where} is no exercise of a focal state with another state")
            continue
        for field_path, value in _differences(expected, _as_imported(item.record)):
            yield ctx.problem(item, field_path, f"{where} gives {shown(repr(value), 120)}")
    for source_id, found in files.items():
        if found is not None:
            yield from _rows_without_records(ctx, sources[source_id], *found, names, rows[source_id])


def _mme_file(ctx: Context, source: Source) -> tuple[Path, list[str], dict[str, int]] | None:
    """An MME source's archived file as lines, with its header; None if it failed its checksum or has
    no MME header."""
    text = ctx.texts.get(source.id)
    if text is None:
        return None
    path = ctx.raw.data_dir / source.file
    lines = numbered_lines(text)
    try:
        return path, lines, header_of(path, lines[0], COLUMNS, "an MME exercise file")
    except TableError:
        return None


def _rows_without_records(ctx: Context, source: Located, path: Path, lines: list[str], header: dict[str, int],
                          names: dict, recorded: set[int]) -> Iterator[Problem]:
    # Reading all 3,700 rows would cost a quarter of a second on every load: only the rows in which a
    # focal state's MME name occurs at all are read.
    focal = ctx.raw.atlas.codes
    spellings = [spelling for spelling, name in names.items() if name.code in focal]
    for number, line in enumerate(lines[1:], start=2):
        if number in recorded or not any(spelling in line for spelling in spellings):
            continue
        try:
            row = parse_line(path, number, line, header)
        except TableError:
            yield ctx.problem(source, ("file",), f"row {number} of {source.record.file} cannot be read")
            continue
        codes = {entry.code for _, entry in participants(row, names) if entry is not None}
        if codes & set(focal) and len(codes) > 1:
            yield Problem(f"{ctx.raw.data_dir.name}/{MME_RELATIONS}", 1, row["MMEID"], "(record)",
                          f"row {number} of {source.record.file} is an exercise of a focal state with no record: "
                          "re-import (python -m geo import-mme)")


def igo_organisation_table_is_valid(ctx: Context) -> Iterator[Problem]:
    path = ctx.raw.data_dir / ORGANISATION_TABLE

    def check(table):
        try:
            blocs = {bloc.code for bloc in read_blocs(ctx.raw.data_dir / BLOC_TABLE).values()}
        except TableError:  # reported by atop_code_tables_are_valid
            return []
        if "organisations.yaml" in ctx.raw.unreadable:
            return []
        codes = {item.record.code for item in ctx.raw.records["organisations.yaml"]}
        return check_organisations(table, path, codes, blocs)

    yield from _checked_table(ctx, path, read_organisations, check)


def igo_records_are_their_rows(ctx: Context) -> Iterator[Problem]:
    """The memberships are the archived file's runs read again, as the import reads them: each record its
    run's rows (value, years, quotes, title), and every run of a focal state's membership a record."""
    data_dir = ctx.raw.data_dir
    sources = ctx.raw.records.get(SOURCE_FILES[3], [])
    # A file that failed its checksum, or a table that cannot be read, is reported by its own rule.
    if ctx.raw.atlas is None or IGO_RELATIONS in ctx.raw.unreadable or any(
            item.record.id not in ctx.texts for item in sources):
        return
    try:
        table = read_organisations(data_dir / ORGANISATION_TABLE)
        cow_table = read_cow_table(data_dir / COW_TABLE)
    except TableError:
        return
    try:
        focal = focal_numbers(ctx.raw.atlas.states, cow_table, data_dir / COW_TABLE)
    except TableError as error:
        yield _table_problem(ctx, error)
        return
    expected: dict[str, tuple[dict, str]] = {}
    for item in sources:
        source = item.record
        try:
            rows = read_rows(data_dir / source.file, ctx.texts[source.id], tuple(table), set(focal))
        except TableError as error:
            yield ctx.problem(item, ("file",), f"{source.file}, line {error.line}: {error.message}")
            continue
        expected |= {record["id"]: (record, source.file) for record in records_from(rows, table, focal, source.id)}
    for item in ctx.raw.records[IGO_RELATIONS]:
        relation: Relation = item.record
        if relation.id not in expected:
            yield ctx.problem(item, ("id",), "no run of rows of an archived COW IGO file gives this membership")
            continue
        record, file = expected.pop(relation.id)
        rows = record["membership"]["rows"]
        wanted = Relation.model_validate(record).model_dump(mode="json", exclude_defaults=True)
        found = relation.model_dump(mode="json", exclude_defaults=True)
        for name in sorted(wanted.keys() | found.keys()):
            want, have = wanted.get(name), found.get(name)
            # Within `membership`, the field that differs: its rows alone can run to 24 numbers.
            fields = ([((name, key), want.get(key)) for key in sorted(want.keys() | have.keys())
                       if want.get(key) != have.get(key)] if isinstance(want, dict) and isinstance(have, dict)
                      else [((name,), want)] if want != have else [])
            for path, value in fields:
                yield ctx.problem(item, path, f"rows {rows[0]}–{rows[-1]} of {file} give {shown(repr(value), 120)}")
    for relation_id, (record, file) in expected.items():
        rows = record["membership"]["rows"]
        yield Problem(f"{data_dir.name}/{IGO_RELATIONS}", 1, relation_id, "(record)",
                      f"rows {rows[0]}–{rows[-1]} of {file} give this membership, and it has no record: re-import "
                      "(python -m geo import-igo)")


RULES: list[tuple[str, Rule]] = [
    ("Each archived text matches the sha256 in its record", source_text_matches_checksum),
    ("Each source's body markers start a line of its text", source_body_markers_found),
    ("Ids and codes are unique across all files", ids_are_unique),
    ("Parties, provinces and places are defined", parties_are_defined),
    ("Every relation has a focal state as a party", relations_involve_a_focal_state),
    ("A refusal to join names blocs, never a country", refusals_name_blocs),
    ("The atlas file's frame and years are the map's; a focal state's capital is its latest seat",
     atlas_matches_the_map),
    ("Every quote occurs verbatim (whitespace folded) in its source", quotes_are_verbatim),
    ("Ends come after starts; dates lie in 1991–2030", dates_are_ordered_and_in_range),
    ("Prospects rest on opinion; opinion alone never makes a fact", opinion_is_never_fact),
    ("Contested claims point at an existing relation or event", claims_point_at_records),
    ("The change log runs in time order, each entry about a record of the data", changes_are_logged_in_order),
    ("A dataset's own coding (ATOP's `coded` and obligation kinds, MME's `exercise`, COW IGO's `membership`) on "
     "every tie imported from it and on no other", imported_ties_carry_their_coding),
    ("A curated tie linked to ATOP (`atop:`) agrees with it on parties, start and end", atop_links_agree),
    ("The ATOP code tables (COW state numbers to ISO alpha-3, alliances to blocs) are well formed",
     atop_code_tables_are_valid),
    ("The MME name table maps each name to a country of countries.yaml (or to no state, with a note) and names "
     "every focal state", mme_names_map_to_countries),
    ("Each MME exercise is its row of the archived file read again (id, title, parties, dates, participants, "
     "place, the row quoted whole), and every row with a focal participant has its record", mme_records_are_their_rows),
    ("The COW IGO organisation table maps each column to an organisation of organisations.yaml, and to ATOP blocs "
     "of atop/blocs.csv", igo_organisation_table_is_valid),
    ("Each COW IGO membership is its run of rows of the archived file read again (state, organisation, value, "
     "years, the first and last rows quoted), and every run of a focal state's membership has its record",
     igo_records_are_their_rows),
]


def check(raw: RawData) -> tuple[list[Problem], dict[str, str]]:
    """Run every rule; return the problems and the verified source texts by id."""
    ctx = Context(raw, {})
    problems = list(raw.problems)
    for _, rule in RULES:
        problems.extend(rule(ctx))
    return problems, ctx.texts
