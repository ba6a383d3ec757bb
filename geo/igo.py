"""Importing COW IGO v3 (Correlates of War Intergovernmental Organizations, state-year format) as a fourth
source: which organisations each focal state belonged to, year by year.

`python -m geo import-igo --memberships state_year_format3_subset_1991_2014.csv` reads a COW IGO state-year
file (one row a state and year, one column an organisation, coded 0 no membership, 1 full, 2 associate,
3 observer, -9 missing, -1 the organisation not in existence), keeps the focal states' rows (their COW numbers
from atlas.yaml, checked against atop/cow_states.csv) and the organisations listed in `igo/organisations.csv`,
and writes into data/: the archived copy (`igo/<file>`), `igo/SHA256SUMS` (its checksum and those of the files
archived beside it by hand) and two generated collections, `igo_sources.yaml` (the file as a source, cited
"COW IGO v3") and `igo_relations.yaml`: one record a focal state, organisation and run of consecutive years
with the same membership value (full, associate or observer).

A run quotes its first and last rows, not every one: a row is some 400 characters (189 columns), so a
24-year run quoted whole would be a card of 24 rows and the collection ten times larger. The record lists the
line of every row of the run, and the validator reads each of them again against the archive with
`records_from`, the import's own reading: no year goes unchecked.

The same input gives byte-identical output. Bad input stops the import with one line `file:line:column: what
is wrong` (0:0 for a whole file) before anything is written, and the files are written as one change
(geo.files.write_together). The app reads the generated YAML, and `Coding`: COW's value of every year read
from the archived text (checked against its sha256 on every load), which the comparison with ATOP quotes where
COW codes no membership (geo.memberships).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from geo.atlas import ATLAS_FILE, Atlas, FocalState
from geo.atop import read_codes, read_focal_states
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.records import Source
from geo.safe import shown
from geo.tables import (BLOC_TABLE, COW_TABLE, State, TableError, generated_yaml, read_blocs, read_capped,
                        read_cow_table, read_csv, write_import)

DATASET = "COW IGO v3"  # the file carries no version: its provenance does (COW IGO 3.0)
SOURCE_ID = "cow-igo-v3"
ORGANISATION_TABLE = Path("igo/organisations.csv")
ACCESSED = "2026-12-03"  # the day the copy entered the archive (see data/igo/PROVENANCE.md)
AUTHORS = "Jon C. W. Pevehouse, Timothy Nordstrom, Roseanne W. McManus and Anne Spencer Jamison"
URL = "https://correlatesofwar.org/data-sets/igos/"
# Archived by hand beside the CSV (see igo/PROVENANCE.md): the import lists their checksums with the CSV's.
COMPANIONS = ("IGO_Codebook_v3_short.pdf", "derive_csv.py")
# The subset is 0.1 MB; COW's whole state-year file (15,557 rows by 537 columns) would be about 17 MB, more
# than an archived text may be: the atlas archives a subset such as derive_csv.py makes.
SIZE_LIMIT = 8 * 2**20
INPUT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.csv$")

# The codebook's values for the state-year format (p. 6-7).
VALUES = {0: "no membership", 1: "full membership", 2: "associate membership", 3: "observer status",
          -9: "missing data", -1: "the organisation not in existence"}
MEMBERSHIP = {1: "full", 2: "associate", 3: "observer"}
MEMBER_TITLES = {"full": "full member", "associate": "associate member", "observer": "observer"}
# Characters a row quoted as evidence must not hold: control characters, a carriage return that ends no line,
# the line breaks other than the newline (the rows are numbered by it), and quotes, which COW's file never has
# and which would make a cell's text differ from the row's.
FORBIDDEN = re.compile(r'[\x00-\x09\x0b-\x0c\x0e-\x1f\x7f\x85\u2028\u2029"]|\r(?!\n)')


@dataclass(frozen=True)
class Organisation:
    """A column of COW's file the atlas reads: the organisation it codes (number and name as COW's codebook
    gives them, Appendix A), its code in organisations.yaml, and the ATOP blocs (atop/blocs.csv) that are
    the same organisation's treaty, against which its memberships are compared (none: ATOP codes no treaty of it)."""
    column: str
    number: int
    name: str
    code: str
    atop: tuple[str, ...]
    note: str
    line: int


def read_organisations(path: Path) -> dict[str, Organisation]:
    """The table of organisations, by COW column."""
    table: dict[str, Organisation] = {}
    codes: dict[str, int] = {}
    for number, values, columns in read_csv(path, ("column", "number", "name", "code", "atop", "note"),
                                            "a table of COW IGO organisations", ("number",)):
        column, code = values["column"], values["code"]
        if not re.fullmatch(r"[a-z][a-z0-9]{0,19}", column):
            raise TableError(path, number, columns["column"], f"{shown(column)!r} is not a COW IGO column name")
        if column in table:
            raise TableError(path, number, columns["column"], f"{column!r} is listed twice (first at line "
                                                              f"{table[column].line})")
        if not re.fullmatch(r"[A-Z]{2,5}", code):
            raise TableError(path, number, columns["code"], f"{shown(code)!r} is not an organisation code")
        if code in codes:
            raise TableError(path, number, columns["code"], f"{code} is also the code of line {codes[code]}")
        if not values["name"].strip():
            raise TableError(path, number, columns["name"], "the codebook's name is needed")
        atop = tuple(values["atop"].split(";")) if values["atop"] else ()
        for bloc in atop:
            if not re.fullmatch(r"[A-Z]{2,5}", bloc):
                raise TableError(path, number, columns["atop"], f"{shown(bloc)!r} is not a bloc code")
        codes[code] = number
        table[column] = Organisation(column, int(values["number"]), values["name"], code, atop, values["note"],
                                     number)
    if not table:
        raise TableError(path, 1, 1, "names no organisation: nothing would be imported")
    return table


def check_organisations(table: dict[str, Organisation], path: Path, organisations: set[str],
                        blocs: set[str]) -> list[TableError]:
    """Each organisation is one of organisations.yaml, and each ATOP bloc one of atop/blocs.csv."""
    problems = [TableError(path, o.line, 1, f"{o.code} is not in organisations.yaml")
                for o in table.values() if o.code not in organisations]
    problems += [TableError(path, o.line, 1, f"{bloc} is no bloc of {BLOC_TABLE}")
                 for o in table.values() for bloc in o.atop if bloc not in blocs]
    return problems


# --- the rows ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """A focal state's row: its line and text as archived, and the cells the atlas reads."""
    line: int
    text: str
    ccode: int
    year: int
    values: dict[str, int]  # by organisation column


def file_text(path: Path) -> str:
    """The file's UTF-8 text, refused in one line if it is not a small regular text file."""
    data = read_capped(path, SIZE_LIMIT)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise TableError(path, data.count(b"\n", 0, exc.start) + 1, exc.start - line_start + 1,
                         f"not UTF-8 text: byte 0x{data[exc.start]:02x}") from None


def _cell(path: Path, number: int, column: int, name: str, value: str, pattern: str, what: str) -> int:
    if re.fullmatch(pattern, value):
        return int(value)
    # int() would take other scripts' digits (Arabic-Indic ٣, full-width ３) for 3.
    other_digits = re.fullmatch(r"-?\d+", value) and not re.fullmatch(r"-?[0-9]+", value)
    why = "is written in digits other than 0-9" if other_digits else f"is not {what}"
    raise TableError(path, number, column, f"{name}: {shown(value)!r} {why}")


def read_rows(path: Path, text: str, columns: tuple[str, ...], focal: set[int]) -> list[Row]:
    """The rows of the states with these COW numbers, each with the given organisations' cells; TableError at
    the first cell that is not what COW's state-year file holds. Other states' rows are passed over."""
    forbidden = FORBIDDEN.search(text)
    if forbidden:
        at = forbidden.start()
        raise TableError(path, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at),
                         f"character U+{ord(forbidden.group()[0]):04X} is not allowed in a row quoted as evidence")
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    header = lines[0].removeprefix("\ufeff").split(",")
    if "ccode" not in header:
        raise TableError(path, 1, 1, "not a COW IGO state-year file: the first line has no 'ccode' column")
    for name in header:
        if header.count(name) > 1:
            raise TableError(path, 1, 1, f"column {shown(name)!r} appears twice")
    missing = [name for name in ("year", *columns) if name not in header]
    if missing:
        raise TableError(path, 1, len(lines[0]) + 1, f"missing column {missing[0]!r} (of {ORGANISATION_TABLE} or "
                                                     "COW's state-year file)")
    index = {name: header.index(name) for name in ("ccode", "year", *columns)}
    rows: list[Row] = []
    seen: dict[tuple[int, int], int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        cells = line.split(",")
        starts = [1]
        for cell in cells[:-1]:
            starts.append(starts[-1] + len(cell) + 1)
        if len(cells) != len(header):
            raise TableError(path, number, starts[-1], f"garbled row: {len(cells)} cells where the header has "
                                                       f"{len(header)}")

        def cell(name: str, pattern: str, what: str) -> int:
            return _cell(path, number, starts[index[name]], name, cells[index[name]], pattern, what)
        ccode = cell("ccode", r"[0-9]{1,4}", "a COW state number")
        if ccode not in focal:
            continue
        year = cell("year", r"[0-9]{4}", "a year")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise TableError(path, number, starts[index["year"]], f"year: a focal state's {year} is outside the "
                                                                  f"atlas's years {FIRST_YEAR}–{LAST_YEAR}")
        if (ccode, year) in seen:
            raise TableError(path, number, 1, f"a second row of state {ccode} for {year} (the first at line "
                                              f"{seen[ccode, year]})")
        seen[ccode, year] = number
        values = {}
        for column in columns:
            value = cell(column, r"-?[0-9]{1,2}", "a COW IGO value")
            if value not in VALUES:
                raise TableError(path, number, starts[index[column]], f"{column}: {value} is not a COW IGO value "
                                                                      "(0, 1, 2, 3, -9 or -1)")
            values[column] = value
        rows.append(Row(number, line, ccode, year, values))
    return rows


def focal_numbers(atlas_states: list[FocalState], table: dict[int, State], table_path: Path) -> dict[int, str]:
    """The focal states' COW numbers and codes, in the atlas's order; the COW table must agree with the atlas."""
    for state in atlas_states:
        listed = table.get(state.cow)
        if listed is None or listed.iso3 != state.code:
            found = f"{listed.iso3} there" if listed else "not listed there"
            raise TableError(table_path, 1, 1, f"the focal state {state.code} is COW {state.cow} in {ATLAS_FILE}, "
                                               f"{found}")
    return {state.cow: state.code for state in atlas_states}


# --- the records ---------------------------------------------------------------------------------

def _runs(rows: list[Row], column: str):
    """(run, the row after it or None) for each run of consecutive years with one membership value."""
    run: list[Row] = []
    for row in rows:
        value = row.values[column]
        if run and (row.year != run[-1].year + 1 or value != run[-1].values[column]):
            yield run, row
            run = []
        if value in MEMBERSHIP:
            run.append(row)
    if run:
        yield run, None


def _why_it_ends(run: list[Row], after: Row, column: str) -> str:
    last, value = run[-1].year, run[0].values[column]
    if after.year != last + 1:
        following = f"has no row of this state for {last + 1}"
    elif after.values[column] in MEMBERSHIP:
        following = f"{VALUES[after.values[column]]} from {after.year}"
    elif after.values[column] == 0:
        following = f"no membership in {after.year}"
    else:
        following = f"{VALUES[after.values[column]]} ({after.values[column]}) in {after.year}"
    return (f"COW IGO codes {VALUES[value]} in each year from {run[0].year} to {last}, and {following}; it gives "
            "no date (one value a calendar year), and its codebook does not say which day of a year decides it.")


def records_from(rows: list[Row], table: dict[str, Organisation], focal: dict[int, str], source: str) -> list[dict]:
    """The membership records of these rows, as the import writes them: for each focal state (in the atlas's
    order) and organisation (in the table's), one a run of consecutive years with the same membership value."""
    records = []
    for cow, code in focal.items():
        mine = sorted((row for row in rows if row.ccode == cow), key=lambda row: row.year)
        for organisation in table.values():
            for run, after in _runs(mine, organisation.column):
                first, last = run[0], run[-1]
                value = MEMBERSHIP[first.values[organisation.column]]
                record = {"id": f"igo-{organisation.column}-{code.lower()}-{first.year}", "kind": "membership",
                          "title": f"{organisation.name}: {MEMBER_TITLES[value]} ({DATASET})",
                          "parties": [code, organisation.code], "start": str(first.year)}
                # A run that reaches the state's last row has no end in the data: COW's coding stops there.
                if after is not None:
                    record["end"] = {"date": str(last.year), "inferred": _why_it_ends(run, after, organisation.column)}
                record["membership"] = {"dataset": DATASET, "column": organisation.column, "value": value,
                                        "rows": [row.line for row in run]}
                record["quotes"] = [{"source": source, "text": row.text} for row in ([first] if first is last
                                                                                     else [first, last])]
                records.append(record)
    return records


# --- what the app reads ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Coding:
    """COW IGO's value of each organisation for each focal state and year, as the archived file gives them."""
    source: str
    organisations: dict[str, Organisation]  # by organisation code
    rows: dict[tuple[str, int], Row]        # by focal state's code and year


def coding(sources: list[Source], texts: dict[str, str], data_dir: Path, atlas: Atlas) -> Coding | None:
    """The coding of the (validated) archived file; None where no COW IGO file is imported."""
    source = next((s for s in sources if s.id == SOURCE_ID), None)
    if source is None:
        return None
    table = read_organisations(data_dir / ORGANISATION_TABLE)
    focal = {state.cow: state.code for state in atlas.states}
    rows = read_rows(data_dir / source.file, texts[source.id], tuple(table), set(focal))
    return Coding(source.id, {o.code: o for o in table.values()}, {(focal[row.ccode], row.year): row for row in rows})


# --- the import ----------------------------------------------------------------------------------

@dataclass
class Import:
    focal: tuple[str, ...]
    original: Path
    content: bytes
    source: dict
    relations: list[dict]
    organisations: int


def derive(memberships: Path, data_dir: Path) -> Import:
    """Everything the import writes, computed before anything is written."""
    if not INPUT_NAME.match(memberships.name) or memberships.name == ORGANISATION_TABLE.name:
        raise TableError(memberships, 0, 0, "its archived copy keeps its name: give it a plain one such as "
                                            "state_year_format3_subset_1991_2014.csv (letters, digits, . _ -; not "
                                            f"{ORGANISATION_TABLE.name})", exit_code=2)
    focal = focal_numbers(read_focal_states(data_dir), read_cow_table(data_dir / COW_TABLE), data_dir / COW_TABLE)
    table_path = data_dir / ORGANISATION_TABLE
    table = read_organisations(table_path)
    blocs = {bloc.code for bloc in read_blocs(data_dir / BLOC_TABLE).values()}
    for problem in check_organisations(table, table_path, read_codes(data_dir, "organisations.yaml"), blocs):
        raise problem
    text = file_text(memberships)
    rows = read_rows(memberships, text, tuple(table), set(focal))
    for cow, code in focal.items():
        if not any(row.ccode == cow for row in rows):
            # Its memberships would be left out unseen.
            raise TableError(memberships, 1, 1, f"no row of the focal state {code} (COW {cow})")
    relations = records_from(rows, table, focal, SOURCE_ID)
    if not relations:
        raise TableError(memberships, 1, 1, f"no focal state is a member of any organisation of {ORGANISATION_TABLE} "
                                            "in this file: importing it would empty the archive")
    content = memberships.read_bytes()
    lines = [line for line in text.split("\n") if line.strip()]
    years = sorted({row.year for row in rows})
    source = {
        "id": SOURCE_ID, "file": f"igo/{memberships.name}", "sha256": hashlib.sha256(content).hexdigest(),
        "title": f"Correlates of War Intergovernmental Organizations v3.0, state-year format, {years[0]}–{years[-1]} "
                 "(a subset)",
        "outlet": "Correlates of War Project", "author": AUTHORS, "url": URL,
        "published": {"date": years[-1], "inferred": f"The file carries no date. COW IGO v3.0 came with a codebook "
                                                     f"dated July 2019; its coding ends in {years[-1]}, the last year "
                                                     "it can attest."},
        "accessed": ACCESSED, "language": "en",
        "body": {"first": lines[0].removesuffix("\r")[:40], "last": lines[-1].removesuffix("\r")[:40]},
        "cite_as": DATASET,
        "note": "One row a state and year, one column an organisation: 0 no membership, 1 full, 2 associate, "
                "3 observer, -9 missing data, -1 the organisation not in existence. A subset derived by "
                "igo/derive_csv.py from igoR's copy of COW's state-year file; see igo/PROVENANCE.md for its origin, "
                "checksums, citation, terms and caveats.",
    }
    return Import(tuple(focal.values()), memberships, content, source, relations, len(table))


def files_of(result: Import, data_dir: Path) -> dict[Path, bytes]:
    """Every file the import writes, by path, with its content."""
    folder = data_dir / "igo"
    sums = {result.original.name: result.source["sha256"]}
    sums |= {name: hashlib.sha256(read_capped(folder / name)).hexdigest()
             for name in COMPANIONS if (folder / name).is_file()}
    header = (f"# Generated by `python -m geo import-igo` from {DATASET} ({result.original.name}, sha256 "
              f"{result.source['sha256'][:16]}…). Do not edit: re-import.\n")
    return {
        data_dir / result.source["file"]: result.content,
        folder / "SHA256SUMS": "".join(f"{sha}  {name}\n" for name, sha in sorted(sums.items())).encode("utf-8"),
        data_dir / "igo_sources.yaml": generated_yaml(header, [result.source]),
        data_dir / "igo_relations.yaml": generated_yaml(header, result.relations),
    }


def write(result: Import, data_dir: Path) -> list[Path]:
    return write_import(files_of(result, data_dir), data_dir)

