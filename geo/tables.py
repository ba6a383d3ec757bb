"""The code tables the records rely on, and reading a CSV file cell by cell.

`atop/cow_states.csv` maps the Correlates of War state numbers of the coded datasets to ISO alpha-3
codes (and names the states of ATOP's member lists); `atop/blocs.csv` says which multilateral ATOP
alliance phase is membership of which bloc. The running app reads the first for names, the
validator checks both, and the importers map through them. Bad input is one `file:line:column:` line
(0:0 for the whole file). A file read here is at most MAX_BYTES, and a number is ASCII digits.
"""
from __future__ import annotations

import csv
import itertools
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from geo.files import NotPutBack, write_together
from geo.safe import shown

COW_TABLE = Path("atop/cow_states.csv")
BLOC_TABLE = Path("atop/blocs.csv")
# ATOP's member file is 0.6 MB, its alliance file 0.2 MB and a coding sheet at most 0.2 MB: a file a
# hundred times larger is no such file, and reading it whole would take minutes and gigabytes.
MAX_BYTES = 64 * 2**20
# A whole number in these files (a year, a COW code, an alliance id) has at most this many digits.
MAX_DIGITS = 9


class TableError(Exception):
    """One problem with a table or data file, printed as `file:line:column: message`; exit_code 2 when a
    file cannot be read at all, 1 when its content is wrong."""

    def __init__(self, path: Path | str, line: int, column: int, message: str, exit_code: int = 1):
        self.path, self.line, self.column, self.message, self.exit_code = path, line, column, message, exit_code
        # A file's name can hold a line break too: the message stays one line.
        super().__init__(f"{shown(str(path), 500)}:{line}:{column}: {message}")


@dataclass(frozen=True)
class Cell:
    value: int
    line: int
    column: int


@dataclass(frozen=True)
class Row:
    """One CSV row: its text as archived (for quoting), the integers the import reads and the column
    each starts at (for an error's location)."""
    line: int
    text: str
    values: dict[str, int]
    columns: dict[str, int]

    def __getitem__(self, name: str) -> int:
        return self.values[name]

    @property
    def cells(self) -> dict[str, Cell]:
        return {name: Cell(value, self.line, self.columns[name]) for name, value in self.values.items()}


def read_capped(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, refused before reading when larger than `limit` (a pipe or a device
    would never end, or never start)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise TableError(path, 0, 0, "not a regular file", exit_code=2)
        if info.st_size > limit:
            raise TableError(path, 0, 0, f"larger than {limit // 2**20} MB ({info.st_size:,} bytes): not such a file",
                             exit_code=2)
        return path.read_bytes()
    except OSError as exc:
        raise TableError(path, 0, 0, f"cannot read: {exc.strerror or exc}", exit_code=2) from None


def read_lines(path: Path) -> list[str]:
    data = read_capped(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise TableError(path, line, 1, "not UTF-8 text") from None
    return text.splitlines()


def _columns(path: Path, number: int, line: str) -> tuple[list[str], list[int]]:
    """Fields of one CSV line, and where each ends: the sum of the lengths up to it (see _start)."""
    try:
        fields = next(csv.reader([line]), [])
    except csv.Error as exc:  # a field beyond the csv module's limit (128 KB), above all
        raise TableError(path, number, 1, f"not CSV: {exc}") from None
    return fields, list(itertools.accumulate(map(len, fields)))  # in C: a file of rows is read in seconds


def _start(ends: list[int], index: int) -> int:
    """The 1-based character column where field `index` starts, a comma after each field before it."""
    return 1 + ends[index - 1] + index if index else 1


WHOLE_NUMBER = re.compile(r"-?[0-9]+")
DIGITS = re.compile(r"-?\d+")


def read_csv(path: Path, wanted: tuple[str, ...], kind: str, integers: tuple[str, ...] = (),
             blank_is_zero: tuple[str, ...] = ()) -> list[tuple[int, dict[str, str], dict[str, int]]]:
    """Rows of a CSV as (line, values, columns) for the wanted columns; integer columns are checked."""
    lines = read_lines(path)
    if not lines:
        raise TableError(path, 1, 1, f"empty: not {kind}")
    header, _ = _columns(path, 1, lines[0])
    if wanted[0] not in header:
        raise TableError(path, 1, 1, f"not {kind}: the first line has no {wanted[0]!r} column")
    missing = [name for name in wanted if name not in header]
    if missing:
        raise TableError(path, 1, len(lines[0]) + 1, f"missing column {missing[0]!r} ({kind})")
    index = {name: header.index(name) for name in wanted}
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields, ends = _columns(path, number, line)
        if len(fields) != len(header):
            raise TableError(path, number, _start(ends, len(fields) - 1) if fields else 1,
                            f"garbled row: {len(fields)} fields where the header has {len(header)}")
        values = {name: fields[i] for name, i in index.items()}
        columns = {name: _start(ends, i) for name, i in index.items()}
        for name in blank_is_zero:
            values[name] = values[name] or "0"
        for name in integers:
            value = values[name]
            if not WHOLE_NUMBER.fullmatch(value):
                # int() would take other scripts' digits (٧٠٥, ７０５) for a COW number.
                what = "is written in digits other than 0-9" if DIGITS.fullmatch(value) else "is not a whole number"
                raise TableError(path, number, columns[name], f"{name}: {shown(value)!r} {what}")
            if len(value.lstrip("-")) > MAX_DIGITS:
                raise TableError(path, number, columns[name],
                                 f"{name}: {shown(value)!r} has {len(value.lstrip('-')):,} digits: too large")
        rows.append((number, values, columns))
    return rows


@dataclass(frozen=True)
class State:
    iso3: str
    name: str


def read_cow_table(path: Path) -> dict[int, State]:
    """The Correlates of War state numbers ATOP uses, mapped to ISO 3166-1 alpha-3."""
    table: dict[int, State] = {}
    for number, values, columns in read_csv(path, ("cow", "iso3", "name"), "a COW code table", ("cow",)):
        cow = int(values["cow"])
        if cow in table:
            raise TableError(path, number, columns["cow"], f"COW code {cow} is listed twice")
        if not re.fullmatch(r"[A-Z]{3}", values["iso3"]):
            raise TableError(path, number, columns["iso3"], f"{shown(values['iso3'])!r} is not an ISO 3166-1 alpha-3 code")
        if not values["name"].strip():
            raise TableError(path, number, columns["name"], "a name is needed")
        table[cow] = State(values["iso3"], values["name"])
    return table


def names_by_code(table: dict[int, State]) -> dict[str, str]:
    """The name the app shows for each ISO code. A code that stands for two COW numbers names the first
    listed, the state as it is in the atlas's years (DEU: 255 Germany, not 260 West Germany, which
    ended in 1990); tests/test_atop.py checks every tie's members against their rows."""
    names: dict[str, str] = {}
    for state in table.values():
        names.setdefault(state.iso3, state.name)
    return names


@dataclass(frozen=True)
class Bloc:
    code: str
    treaty: str


def read_blocs(path: Path) -> dict[tuple[int, int], Bloc]:
    """Which multilateral alliance phase is membership of which bloc (organisations.yaml)."""
    blocs: dict[tuple[int, int], Bloc] = {}
    for number, values, columns in read_csv(path, ("atopid", "phase", "code", "treaty"), "a bloc table",
                                            ("atopid", "phase")):
        key = (int(values["atopid"]), int(values["phase"]))
        if key in blocs:
            raise TableError(path, number, 1, f"alliance {key[0]} phase {key[1]} is listed twice")
        if not re.fullmatch(r"[A-Z]{2,5}", values["code"]):
            raise TableError(path, number, columns["code"], f"{shown(values['code'])!r} is not an organisation code")
        blocs[key] = Bloc(values["code"], values["treaty"])
    return blocs


def check_tables(data_dir: Path) -> list[TableError]:
    """Problems with the shipped code tables (for `python -m geo validate`)."""
    problems = []
    for table, reader in ((COW_TABLE, read_cow_table), (BLOC_TABLE, read_blocs)):
        try:
            reader(data_dir / table)
        except TableError as exc:
            problems.append(exc)
    return problems


class _WrittenOut(yaml.SafeDumper):
    """Repeated values written out in full: the data's reader refuses YAML anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def generated_yaml(header: str, records: list[dict]) -> bytes:
    """A generated collection as the importers write it: their header, then one record a paragraph."""
    body = yaml.dump(records, Dumper=_WrittenOut, sort_keys=False, allow_unicode=True, width=110,
                     default_flow_style=None)
    return (header + body.replace("\n- id:", "\n\n- id:")).encode("utf-8")


def write_import(files: dict[Path, bytes], data_dir: Path) -> list[Path]:
    """Write an import's archive and generated collections together, every file or none; return the
    files changed (those already as the import would write them are left alone)."""
    try:
        return write_together(files)
    except NotPutBack as exc:
        raise TableError(data_dir, 0, 0, f"the write failed part-way: {exc}", exit_code=2) from None
    except OSError as exc:
        raise TableError(exc.filename or data_dir, 0, 0, f"cannot write: {exc.strerror or exc}; no file was changed",
                         exit_code=2) from None


class _Curated(_WrittenOut):
    """As the curated files are written by hand: a list of plain values on one line, a list of records
    indented under its field, and every text on one line however long."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


_Curated.add_representer(list, lambda dumper, items: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", items, flow_style=all(isinstance(item, (str, int)) for item in items)))


def curated_yaml(records: list[dict]) -> str:
    """Records as a curated file writes them, one a paragraph, to be appended to it."""
    body = yaml.dump(records, Dumper=_Curated, sort_keys=False, allow_unicode=True, width=2**31,
                     default_flow_style=False)
    return body.replace("\n- ", "\n\n- ")
