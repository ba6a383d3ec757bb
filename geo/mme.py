"""Importing MME (Multinational Military Exercises, 1980–2010; D'Orazio & Galambos 2021) as a third source.

`python -m geo import-mme --exercises mme_v7.csv` reads the exercise file, keeps every exercise with a
focal state of data/atlas.yaml among its participants, and writes into data/: the archived copy
(`mme/<file>`, its checksum in `mme/SHA256SUMS`) and two generated collections, `mme_sources.yaml` (the
file as a source) and `mme_relations.yaml` (one tie an exercise, between its participants, quoting its
row). The file names participants in 39 columns, StateA … StateAM, by English name: every column is
read, and each name becomes a country code through `mme/names.csv`, a table the validator checks.

The same input gives byte-identical output. Bad input stops the import with one line
`file:line:column: what is wrong`, and the files are written as one change (geo.files.write_together):
all of them, or none.

The app reads only the generated YAML. The validator rebuilds every record from its row of the
archived file with `exercise_record`, the importer's own reading, so a record edited away from its
row is reported.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from string import ascii_uppercase

from geo.atlas import ATLAS_FILE
from geo.atop import read_codes, read_focal_states
from geo.dates import FIRST_YEAR, LAST_YEAR, PartialDate
from geo.tables import TableError, generated_yaml, read_capped, write_import

NAMES_TABLE = Path("mme/names.csv")
ACCESSED = "2026-12-03"  # the day the copy entered the archive (see data/mme/PROVENANCE.md)
AUTHORS = "Vito D'Orazio and Kevin Galambos"
DOI = "https://doi.org/10.7910/DVN/KHFODX"
CITED_YEAR = 2021  # Harvard Dataverse, V1: the year the dataset's citation gives

# The participants, filled from the left: StateA … StateZ, then StateAA … StateAM.
STATE_COLUMNS = tuple(f"State{letters}" for letters in [*ascii_uppercase, *(f"A{c}" for c in ascii_uppercase[:13])])
COLUMNS = ("MMEID", "Ex_Name", "Series_Name", "Location", "lat", "lon", "s.year", "s.month", "s.day",
           "e.year", "e.month", "e.day", *STATE_COLUMNS)
UNKNOWN = "-9"  # MME's value for what its sources do not say
UNKNOWN_DAY = "xx"  # a month or day the sources do not give

# MME v7 is 1.1 MB and its longest cell 1,700 characters: far beyond either is not this file.
SIZE_LIMIT = 8 * 2**20
CELL_LIMIT = 4000
# Characters a CSV row quoted as evidence must not hold: control characters (tab aside), a carriage
# return that ends no line, and the line breaks other than the newline (the rows are numbered by it).
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]|\r(?!\n)")


@dataclass(frozen=True)
class Line:
    """One row of a CSV file: its number, its text as archived, and each column's cell and the
    1-based character column it starts at."""
    number: int
    text: str
    cells: dict[str, tuple[str, int]]

    def __getitem__(self, name: str) -> str:
        return self.cells[name][0]

    def error(self, path: Path, name: str, message: str) -> TableError:
        return TableError(path, self.number, self.cells[name][1], f"{name}: {message}")


class _CellError(ValueError):
    def __init__(self, column: int, message: str):
        self.column = column
        super().__init__(message)


def split_row(line: str) -> list[tuple[str, int]]:
    """A CSV line's cells (RFC 4180 quoting, no line breaks inside a cell), each with the 1-based
    column it starts at. Column numbers count the quotes and commas before it, as an editor does."""
    cells, position = [], 0
    while True:
        start = position
        if line.startswith('"', position):
            parts, position = [], position + 1
            while True:
                close = line.find('"', position)
                if close < 0:
                    raise _CellError(start + 1, "a quoted cell is not closed on its line")
                parts.append(line[position:close])
                if not line.startswith('"', close + 1):
                    position = close + 1
                    break
                parts.append('"')
                position = close + 2
            value = "".join(parts)
            if position < len(line) and line[position] != ",":
                raise _CellError(position + 1, "text after the closing quote of a quoted cell")
        else:
            end = line.find(",", position)
            end = len(line) if end < 0 else end
            value = line[position:end]
            if '"' in value:
                raise _CellError(position + value.index('"') + 1, "a quote inside an unquoted cell")
            position = end
        if len(value) > CELL_LIMIT:
            raise _CellError(start + 1, f"a cell of {len(value):,} characters: longer than the limit of "
                                        f"{CELL_LIMIT:,}")
        cells.append((value, start + 1))
        if position >= len(line):
            return cells
        position += 1  # past the comma


def _text(path: Path) -> str:
    """The file's UTF-8 text, refused in one line if it is not a small regular text file."""
    data = read_capped(path, SIZE_LIMIT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise TableError(path, data.count(b"\n", 0, exc.start) + 1, exc.start - line_start + 1,
                         f"not UTF-8 text: byte 0x{data[exc.start]:02x}") from None
    forbidden = FORBIDDEN.search(text)
    if forbidden:
        at = forbidden.start()
        raise TableError(path, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at),
                         f"character U+{ord(forbidden.group()[0]):04X} is not allowed in a row quoted as evidence")
    return text


def numbered_lines(text: str) -> list[str]:
    """The file's lines as the archive numbers them: split at each newline, a CR before it dropped."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def header_of(path: Path, first: str, wanted: tuple[str, ...], kind: str) -> dict[str, int]:
    """Each column's position in the header line; a missing or repeated column is refused."""
    try:
        names = [name for name, _ in split_row(first.removeprefix("\ufeff"))]
    except _CellError as exc:
        raise TableError(path, 1, exc.column, f"not {kind}: {exc}") from None
    if wanted[0] not in names:
        raise TableError(path, 1, 1, f"not {kind}: the first line has no {wanted[0]!r} column")
    for name in names:
        if names.count(name) > 1:
            raise TableError(path, 1, 1, f"column {name!r} appears twice ({kind})")
    missing = [name for name in wanted if name not in names]
    if missing:
        raise TableError(path, 1, len(first) + 1, f"missing column {missing[0]!r} ({kind})")
    return {name: position for position, name in enumerate(names)}


def parse_line(path: Path, number: int, text: str, header: dict[str, int]) -> Line:
    try:
        cells = split_row(text)
    except _CellError as exc:
        raise TableError(path, number, exc.column, str(exc)) from None
    if len(cells) != len(header):
        raise TableError(path, number, cells[-1][1], f"garbled row: {len(cells)} cells where the header has "
                                                     f"{len(header)}")
    return Line(number, text, {name: cells[position] for name, position in header.items()})


def read_table(path: Path, wanted: tuple[str, ...], kind: str) -> tuple[dict[str, int], list[Line]]:
    """A CSV file's header and rows; blank lines (the file's end) are skipped."""
    lines = numbered_lines(_text(path))
    header = header_of(path, lines[0], wanted, kind)
    return header, [parse_line(path, number, text, header) for number, text in enumerate(lines[1:], start=2) if text]


# --- the name table ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Name:
    """How the atlas reads a name in MME's State columns: a country code, or None for an entry that
    is no state (with a note saying what it is)."""
    code: str | None
    note: str
    line: int


def read_names(path: Path) -> dict[str, Name]:
    names: dict[str, Name] = {}
    for row in read_table(path, ("name", "iso3", "note"), "a table of MME names")[1]:
        name, code, note = row["name"], row["iso3"], row["note"].strip()
        if not name.strip():
            raise row.error(path, "name", "a name is needed")
        if name in names:
            raise row.error(path, "name", f"{name!r} is listed twice (first at line {names[name].line})")
        if code and not re.fullmatch(r"[A-Z]{3}", code):
            raise row.error(path, "iso3", f"{code!r} is not an ISO 3166-1 alpha-3 code")
        if not code and not note:
            raise row.error(path, "note", f"{name!r} maps to no state: say what it is in the note")
        names[name] = Name(code or None, note, row.number)
    return names


def check_names(names: dict[str, Name], path: Path, countries: set[str], focal: tuple[str, ...]) -> list[TableError]:
    """A name maps to a country the atlas has (its name and capital come from there), and every focal
    state has a name: without one its exercises would be left out unseen."""
    problems = [TableError(path, name.line, 1, f"{spelling!r} maps to {name.code}, which is not in countries.yaml")
                for spelling, name in names.items() if name.code and name.code not in countries]
    named = {name.code for name in names.values()}
    problems += [TableError(path, 1, 1, f"no MME name maps to the focal state {code} ({ATLAS_FILE})")
                 for code in focal if code not in named]
    return problems


# --- one exercise --------------------------------------------------------------------------------

def dataset_label(path: Path) -> str:
    """"MME v7" for mme_v7.csv: the file carries no version of its own, its name does."""
    version = re.search(r"_v([0-9]+)$", path.stem)
    return f"MME v{version.group(1)}" if version else "MME"


def source_id(dataset: str) -> str:
    return dataset.lower().replace(" ", "-")


def _date(path: Path, row: Line, prefix: str) -> PartialDate:
    year, month, day = (row[f"{prefix}.{part}"] for part in ("year", "month", "day"))
    if not re.fullmatch(r"[0-9]{4}", year):
        raise row.error(path, f"{prefix}.year", f"{year!r} is not a year in ASCII digits")
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise row.error(path, f"{prefix}.year", f"{year} lies outside {FIRST_YEAR}–{LAST_YEAR}")
    text = year
    if month != UNKNOWN_DAY:
        if not re.fullmatch(r"[0-9]{1,2}", month):
            raise row.error(path, f"{prefix}.month", f"{month!r} is not a month in ASCII digits (or {UNKNOWN_DAY})")
        text += f"-{int(month):02d}"
        if day != UNKNOWN_DAY:
            if not re.fullmatch(r"[0-9]{1,2}", day):
                raise row.error(path, f"{prefix}.day", f"{day!r} is not a day in ASCII digits (or {UNKNOWN_DAY})")
            text += f"-{int(day):02d}"
    elif day != UNKNOWN_DAY:
        raise row.error(path, f"{prefix}.day", f"a day ({day!r}) without a month")
    try:
        return PartialDate.parse(text)
    except ValueError:
        raise row.error(path, f"{prefix}.month" if day == UNKNOWN_DAY else f"{prefix}.day",
                        f"{text} is not a real date") from None


def _coordinate(path: Path, row: Line, name: str, bound: int) -> float | None:
    value = row[name]
    if value == "":
        return None
    if not re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{1,12})?", value) or abs(float(value)) > bound:
        raise row.error(path, name, f"{value!r} is not a {'latitude' if bound == 90 else 'longitude'} in "
                                    "decimal degrees (ASCII digits)")
    return float(value)


def participants(row: Line, names: dict[str, Name]) -> list[tuple[str, Name | None]]:
    """Every entry of the 39 State columns, as written, with how the table reads it (None: not in it)."""
    return [(row[column], names.get(row[column])) for column in STATE_COLUMNS if row[column]]


def exercise_record(path: Path, row: Line, names: dict[str, Name], focal: tuple[str, ...], dataset: str
                    ) -> dict | None:
    """The tie of one exercise row, as the import writes it; None when fewer than two of its
    participants are states (there is no one to draw a tie to). TableError for a bad cell."""
    mme_id = row["MMEID"]
    if not re.fullmatch(r"mme[0-9]+", mme_id):
        raise row.error(path, "MMEID", f"{mme_id!r} is not an MME exercise id (mme and ASCII digits)")
    entries: list[str] = []
    codes: list[str] = []
    for column in STATE_COLUMNS:
        entry = row[column]
        if not entry:
            continue
        if entry not in names:
            raise row.error(path, column, f"{entry!r} is not in {NAMES_TABLE} (add it with its country code, "
                                          "or with none and a note)")
        entries.append(entry)
        code = names[entry].code
        # A state named twice (mme2487 lists the United States twice) takes part once.
        if code is not None and code not in codes:
            codes.append(code)
    if len(codes) < 2:
        return None
    start, end = _date(path, row, "s"), _date(path, row, "e")
    if end.last_day() < start.first_day():
        raise row.error(path, "e.year", f"exercise {mme_id} ends ({end}) before it starts ({start})")
    lat, lon = _coordinate(path, row, "lat", 90), _coordinate(path, row, "lon", 180)
    if (lat is None) != (lon is None):
        raise row.error(path, "lat" if lat is None else "lon", "latitude and longitude come together or not at all")
    name, series, location = (row[column].strip() for column in ("Ex_Name", "Series_Name", "Location"))
    place = location if location not in ("", UNKNOWN) else None
    title = (name if name not in ("", UNKNOWN) else series or (f"Unnamed exercise, {place}" if place
                                                              else "Unnamed exercise"))
    # The focal participants first, in the atlas's order; then the others as the row lists them.
    parties = [code for code in focal if code in codes] + [code for code in codes if code not in focal]
    return {
        "id": mme_id, "kind": "military_exercise", "title": title, "parties": parties,
        "start": start.iso(), "end": end.iso(),
        "exercise": {"dataset": dataset, "mme_id": mme_id, "row": row.number, "participants": entries,
                     "others": [entry for entry in entries if names[entry].code is None],
                     "place": place, "lat": lat, "lon": lon},
        "quotes": [{"source": source_id(dataset), "text": row.text}],
    }


# --- the import ----------------------------------------------------------------------------------

@dataclass
class Import:
    dataset: str
    focal: tuple[str, ...]
    original: Path
    content: bytes
    source: dict
    relations: list[dict]
    single_state: list[str]  # exercises of a focal state whose other participants MME does not name as states


def _first_and_last(text: str) -> tuple[str, str]:
    lines = [line for line in numbered_lines(text) if line.strip()]
    return lines[0][:40], lines[-1][:40]


def derive(exercises: Path, data_dir: Path) -> Import:
    """Everything the import writes, computed before anything is written."""
    focal = tuple(state.code for state in read_focal_states(data_dir))
    names_path = data_dir / NAMES_TABLE
    names = read_names(names_path)
    for problem in check_names(names, names_path, read_codes(data_dir, "countries.yaml"), focal):
        raise problem
    header, rows = read_table(exercises, COLUMNS, "an MME exercise file")
    strays = sorted(name for name in header if re.fullmatch(r"State[A-Z]+", name) and name not in STATE_COLUMNS)
    if strays:
        raise TableError(exercises, 1, 1, f"column {strays[0]!r} is not one of MME's participant columns "
                                          f"({STATE_COLUMNS[0]} … {STATE_COLUMNS[-1]}): its names would be lost")
    dataset = dataset_label(exercises)
    relations, single_state, seen = [], [], {}
    for row in rows:
        codes = {entry.code for _, entry in participants(row, names) if entry is not None}
        if not codes & set(focal):
            continue
        relation = exercise_record(exercises, row, names, focal, dataset)
        if relation is None:
            single_state.append(row["MMEID"])
            continue
        if relation["id"] in seen:
            raise row.error(exercises, "MMEID", f"{relation['id']} is also the id of line {seen[relation['id']]}: "
                                                "an exercise of a focal state needs an id of its own")
        seen[relation["id"]] = row.number
        relations.append(relation)
    if not relations:  # importing it would empty the archive of every exercise the atlas shows
        raise TableError(exercises, 1, 1, f"no exercise in this file names a focal state of {ATLAS_FILE} (and another "
                                          "state) in its State columns")
    content = exercises.read_bytes()
    text = content.decode("utf-8")
    first, last = _first_and_last(text)
    source = {
        "id": source_id(dataset), "file": f"mme/{exercises.name}", "sha256": hashlib.sha256(content).hexdigest(),
        "title": f"Multinational Military Exercises, 1980–2010 ({dataset}), one row per exercise",
        "outlet": f"Harvard Dataverse, {DOI.removeprefix('https://')}", "author": AUTHORS, "url": DOI,
        "published": {"date": CITED_YEAR, "inferred": f"The file carries no date; the dataset's citation gives "
                                                      f"{CITED_YEAR} (Dataverse V1). Its exercises end in 2010."},
        "accessed": ACCESSED, "language": "en", "body": {"first": first, "last": last},
        "cite_as": f"{dataset} (D'Orazio & Galambos {CITED_YEAR})",
        "note": "One row per exercise, its participants named in the columns StateA … StateAM. A copy committed "
                "in the R package troopdata, not a download from the Dataverse record: see mme/PROVENANCE.md for "
                "its origin, checksum and caveats. No licence is stated for the data.",
    }
    return Import(dataset, focal, exercises, content, source, relations, single_state)


def files_of(result: Import, data_dir: Path) -> dict[Path, bytes]:
    """Every file the import writes, by path, with its content."""
    sha = result.source["sha256"]
    header = (f"# Generated by `python -m geo import-mme` from {result.dataset} ({result.original.name}, sha256 "
              f"{sha[:16]}…). Do not edit: re-import.\n")
    return {
        data_dir / result.source["file"]: result.content,
        data_dir / "mme" / "SHA256SUMS": f"{sha}  {result.original.name}\n".encode("utf-8"),
        data_dir / "mme_sources.yaml": generated_yaml(header, [result.source]),
        data_dir / "mme_relations.yaml": generated_yaml(header, result.relations),
    }


def write(result: Import, data_dir: Path) -> list[Path]:
    return write_import(files_of(result, data_dir), data_dir)

