"""The code tables the records rely on, and reading a CSV file cell by cell.

`atop/cow_states.csv` maps the Correlates of War state numbers of the coded datasets to ISO alpha-3
codes (and names the states of ATOP's member lists); `atop/blocs.csv` says which multilateral ATOP
alliance phase is membership of which bloc. The running app reads the first for names, the
validator checks both, and the importers map through them. Bad input is one `file:line:column:` line.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

COW_TABLE = Path("atop/cow_states.csv")
BLOC_TABLE = Path("atop/blocs.csv")


class TableError(Exception):
    """One problem with a table or data file, printed as `file:line:column: message`; exit_code 2 when a
    file cannot be read at all, 1 when its content is wrong."""

    def __init__(self, path: Path | str, line: int, column: int, message: str, exit_code: int = 1):
        self.path, self.line, self.column, self.message, self.exit_code = path, line, column, message, exit_code
        super().__init__(f"{path}:{line}:{column}: {message}")


@dataclass(frozen=True)
class Cell:
    value: int
    line: int
    column: int


@dataclass(frozen=True)
class Row:
    """One CSV row: its text as archived (for quoting) and the integer cells the import reads."""
    line: int
    text: str
    cells: dict[str, Cell]

    def __getitem__(self, name: str) -> int:
        return self.cells[name].value


def read_lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(path, 0, 0, f"cannot read: {exc.strerror}", exit_code=2) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise TableError(path, line, 1, "not UTF-8 text") from None
    return text.splitlines()


def _columns(line: str) -> tuple[list[str], list[int]]:
    """Fields of one CSV line and the 1-based character column where each starts."""
    fields = next(csv.reader([line]), [])
    starts, position = [], 1
    for value in fields:
        starts.append(position)
        position += len(value) + 1
    return fields, starts


def read_csv(path: Path, wanted: tuple[str, ...], kind: str, integers: tuple[str, ...] = (),
             blank_is_zero: tuple[str, ...] = ()) -> list[tuple[int, dict[str, str], dict[str, int]]]:
    """Rows of a CSV as (line, values, columns) for the wanted columns; integer columns are checked."""
    lines = read_lines(path)
    if not lines:
        raise TableError(path, 1, 1, f"empty: not {kind}")
    header, _ = _columns(lines[0])
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
        fields, starts = _columns(line)
        if len(fields) != len(header):
            raise TableError(path, number, starts[-1] if starts else 1,
                            f"garbled row: {len(fields)} fields where the header has {len(header)}")
        values = {name: fields[i] for name, i in index.items()}
        columns = {name: starts[i] for name, i in index.items()}
        for name in blank_is_zero:
            values[name] = values[name] or "0"
        for name in integers:
            if not re.fullmatch(r"-?\d+", values[name]):
                raise TableError(path, number, columns[name], f"{name}: {values[name]!r} is not a whole number")
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
            raise TableError(path, number, columns["iso3"], f"{values['iso3']!r} is not an ISO 3166-1 alpha-3 code")
        if not values["name"].strip():
            raise TableError(path, number, columns["name"], "a name is needed")
        table[cow] = State(values["iso3"], values["name"])
    return table


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
            raise TableError(path, number, columns["code"], f"{values['code']!r} is not an organisation code")
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
