"""Importing ATOP 5.1 (Alliance Treaty Obligations and Provisions) as a second source.

`python -m geo import-atop --members atop5_1m.csv [--alliances atop5_1a.csv] [--sheets DIR]` reads
the member-level file, keeps the alliances with a Central Asian member, and writes into data/:
the archived files (CSV copies, coding-sheet PDFs and their extracted text) and two generated
collections, `atop_sources.yaml` (the archived files as sources) and `atop_relations.yaml`
(one tie per alliance phase that Uzbekistan belongs to). The same input gives byte-identical
output. Bad input stops the import with one line `file:line:column: what is wrong`.

The app never reads the CSVs or PDFs through this module: it reads the generated YAML, and
checks every quote (data rows included) verbatim against the archived text like a news quote.
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from geo.files import write_atomically

FOCAL_COW = 704  # Uzbekistan
CENTRAL_ASIA = {701: "Turkmenistan", 702: "Tajikistan", 703: "Kyrgyzstan", 704: "Uzbekistan", 705: "Kazakhstan"}
# The data's own horizon: `ineffect` = 1 means still in force when the coding ended.
COVERAGE_END = 2018
ACCESSED = "2026-11-25"  # the day these copies entered the archive (see data/atop/PROVENANCE.md)

MEMBER_COLUMNS = ("atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "ineffect",
                  "bilat", "phase", "defense", "offense", "neutral", "nonagg", "consul", "version")
OBLIGATIONS = {"defense": "defence", "offense": "offence", "neutral": "neutrality", "nonagg": "non_aggression",
               "consul": "consultation"}
# A tie's kind is its strongest obligation.
PACT_KIND = {"defence": "defence_pact", "offence": "offence_pact", "neutrality": "neutrality_pact",
             "non_aggression": "non_aggression_pact", "consultation": "consultation_pact"}
PACT_LABEL = {"defence": "Defence pact", "offence": "Offence pact", "neutrality": "Neutrality pact",
              "non_aggression": "Non-aggression pact", "consultation": "Consultation pact"}

AUTHORS = "Brett Ashley Leeds with Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long"
OUTLET = "Alliance Treaty Obligations and Provisions (ATOP) project"
MEMBERS_SOURCE = "atop-5-1-members"
SHEET_NAME = re.compile(r"^ATOP(\d+)(?:\.(\d+))?(?:v(\d+))?\.pdf$")

COW_TABLE = Path("atop/cow_states.csv")
BLOC_TABLE = Path("atop/blocs.csv")


class AtopError(Exception):
    """One problem with the input, printed as `file:line:column: message`; exit_code 2 when a
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


def _read_lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AtopError(path, 0, 0, f"cannot read: {exc.strerror}", exit_code=2) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise AtopError(path, line, 1, "not UTF-8 text") from None
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
    lines = _read_lines(path)
    if not lines:
        raise AtopError(path, 1, 1, f"empty: not {kind}")
    header, _ = _columns(lines[0])
    if wanted[0] not in header:
        raise AtopError(path, 1, 1, f"not {kind}: the first line has no {wanted[0]!r} column")
    missing = [name for name in wanted if name not in header]
    if missing:
        raise AtopError(path, 1, len(lines[0]) + 1, f"missing column {missing[0]!r} ({kind})")
    index = {name: header.index(name) for name in wanted}
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields, starts = _columns(line)
        if len(fields) != len(header):
            raise AtopError(path, number, starts[-1] if starts else 1,
                            f"garbled row: {len(fields)} fields where the header has {len(header)}")
        values = {name: fields[i] for name, i in index.items()}
        columns = {name: starts[i] for name, i in index.items()}
        for name in blank_is_zero:
            values[name] = values[name] or "0"
        for name in integers:
            if not re.fullmatch(r"-?\d+", values[name]):
                raise AtopError(path, number, columns[name], f"{name}: {values[name]!r} is not a whole number")
        rows.append((number, values, columns))
    return rows


def read_members(path: Path) -> tuple[str, list[Row]]:
    """The ATOP version the file declares, and its rows."""
    integer_columns = MEMBER_COLUMNS[:-1]
    # A few rows leave an unknown month or day blank instead of 0.
    rows = read_csv(path, MEMBER_COLUMNS, "an ATOP member-level file", integer_columns,
                    blank_is_zero=("moent", "dayent", "moexit", "dayexit"))
    lines = _read_lines(path)
    versions = {values["version"] for _, values, _ in rows}
    if len(versions) != 1:
        raise AtopError(path, rows[0][0] if rows else 1, 1, f"expected one dataset version, found {sorted(versions)}")
    members = [Row(number, lines[number - 1], {name: Cell(int(values[name]), number, columns[name])
                                                for name in integer_columns})
               for number, values, columns in rows]
    return versions.pop(), members


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
            raise AtopError(path, number, columns["cow"], f"COW code {cow} is listed twice")
        if not re.fullmatch(r"[A-Z]{3}", values["iso3"]):
            raise AtopError(path, number, columns["iso3"], f"{values['iso3']!r} is not an ISO 3166-1 alpha-3 code")
        if not values["name"].strip():
            raise AtopError(path, number, columns["name"], "a name is needed")
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
            raise AtopError(path, number, 1, f"alliance {key[0]} phase {key[1]} is listed twice")
        if not re.fullmatch(r"[A-Z]{2,5}", values["code"]):
            raise AtopError(path, number, columns["code"], f"{values['code']!r} is not an organisation code")
        blocs[key] = Bloc(values["code"], values["treaty"])
    return blocs


def check_tables(data_dir: Path) -> list[AtopError]:
    """Problems with the shipped code tables (for `python -m geo validate`)."""
    problems = []
    for table, reader in ((COW_TABLE, read_cow_table), (BLOC_TABLE, read_blocs)):
        try:
            reader(data_dir / table)
        except AtopError as exc:
            problems.append(exc)
    return problems


# --- coding sheets -------------------------------------------------------------------------

def extract_text(pdf: Path) -> str:
    """A coding sheet's text, page after page. pypdf is only needed to import, never to run."""
    from pypdf import PdfReader
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    return "\n".join(page.rstrip("\n") for page in pages) + "\n"


# Where each answer's question ends: the quoted answer starts after it.
QUESTIONS = {
    3: "multilateral alliances):",
    14: "for termination dates(s):",
    16: "(List all that apply to any member of the alliance.)",
    18: "Describe the obligations of the alliance partners.",
}
PASSAGE = re.compile(r"“[^“”]{20,}”(?:\s*\((?:[^()]|\([^()]*\))*\))?(?:\s*\[[^\]]*\])?")


def _answer(text: str, number: int) -> str | None:
    start = re.search(rf"(?m)^\s*{number}\.\s", text)
    if start is None:
        return None
    following = re.search(rf"(?m)^\s*{number + 1}\.\s", text[start.end():])
    section = text[start.start():start.end() + following.start()] if following else text[start.start():]
    prompt_end = " ".join(section.split()).find(QUESTIONS[number])
    if prompt_end < 0:
        return None
    words = " ".join(section.split())[prompt_end + len(QUESTIONS[number]):].strip()
    return words or None


@dataclass(frozen=True)
class SheetQuote:
    what: str
    text: str


def sheet_quotes(text: str) -> list[SheetQuote]:
    """The answers worth quoting from a coding sheet: the types of obligation, the signature, the
    termination and its source, and each treaty article quoted for an obligation."""
    quotes = []
    obligations = _answer(text, 18)
    if obligations:
        passages = [" ".join(m.group(0).split()) for m in PASSAGE.finditer(obligations)]
        quotes += [SheetQuote("obligation", p) for p in passages] or [SheetQuote("obligation", obligations)]
    for number, what in ((3, "signature"), (14, "termination"), (16, "type")):
        answer = _answer(text, number)
        if answer:
            quotes.append(SheetQuote(what, answer))
    return quotes


def find_sheets(directory: Path) -> dict[tuple[int, int | None], Path]:
    """Coding sheets by (alliance, phase); phase None for a sheet that covers every phase."""
    if not directory.is_dir():
        raise AtopError(directory, 0, 0, "not a folder of coding sheets", exit_code=2)
    sheets = {}
    for path in sorted(directory.iterdir()):
        match = SHEET_NAME.match(path.name)
        if match:
            sheets[(int(match.group(1)), int(match.group(2)) if match.group(2) else None)] = path
    return sheets


# --- records ---------------------------------------------------------------------------------

def _date(year: int, month: int, day: int) -> str:
    """As precise as ATOP gives it: a 0 month or day means unknown at that precision."""
    if month == 0:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _first_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip())[:40]


def _last_line(text: str) -> str:
    return next(line for line in reversed(text.splitlines()) if line.strip())[:40]


def _latest(*dates: tuple[int, int, int]) -> tuple[int, int, int]:
    return max(dates, key=lambda d: (d[0], d[1] or 0, d[2] or 0))


def _earliest_exit(*dates: tuple[int, int, int]) -> tuple[int, int, int]:
    ended = [d for d in dates if d[0]]
    return min(ended, key=lambda d: (d[0], d[1] or 13, d[2] or 32)) if ended else (0, 0, 0)


@dataclass
class Import:
    version: str
    sources: list[dict]
    relations: list[dict]
    files: dict[Path, Path]  # archived copy (relative to data/) <- original
    texts: dict[Path, str]   # extracted sheet text (relative to data/)
    alliances: int


def _source(source_id: str, file: str, sha: str, title: str, cite: str, text: str, inferred: str,
            note: str) -> dict:
    return {"id": source_id, "file": file, "sha256": sha, "title": title, "outlet": OUTLET, "author": AUTHORS,
            "url": None, "published": {"date": COVERAGE_END, "inferred": inferred}, "accessed": ACCESSED,
            "language": "en", "body": {"first": _first_line(text), "last": _last_line(text)}, "cite_as": cite,
            "note": note}


def derive(members: Path, alliances: Path | None, sheets: Path | None, data_dir: Path) -> Import:
    """Everything the import writes, computed before anything is written."""
    version, rows = read_members(members)
    states = read_cow_table(data_dir / COW_TABLE)
    blocs = read_blocs(data_dir / BLOC_TABLE)
    central = {row["atopid"] for row in rows if row["member"] in CENTRAL_ASIA}
    for row in rows:
        if row["atopid"] in central and row["member"] not in states:
            cell = row.cells["member"]
            raise AtopError(members, cell.line, cell.column,
                            f"member: COW code {cell.value} is not in {COW_TABLE} (alliance {row['atopid']})")
    if alliances is not None:
        known = {int(values["atopid"]) for _, values, _ in
                 read_csv(alliances, ("atopid", "mem1"), "an ATOP alliance-level file", ("atopid",))}
        lost = sorted(central - known)
        if lost:
            raise AtopError(alliances, 1, 1, f"alliance {lost[0]} of the member file is not in this file")
    found = find_sheets(sheets) if sheets else {}

    by_phase: dict[tuple[int, int], list[Row]] = {}
    for row in rows:
        if row["atopid"] in central:
            by_phase.setdefault((row["atopid"], row["phase"]), []).append(row)

    files: dict[Path, Path] = {Path("atop") / members.name: members}
    if alliances is not None:
        files[Path("atop") / alliances.name] = alliances
    texts: dict[Path, str] = {}
    sheet_sources: dict[Path, dict] = {}
    relations = []
    for (atop_id, phase), phase_rows in sorted(by_phase.items()):
        focal = [row for row in phase_rows if row["member"] == FOCAL_COW]
        if not focal:
            continue
        own = focal[0]
        others = [row for row in phase_rows if row["member"] != FOCAL_COW]
        obligations = [name for column, name in OBLIGATIONS.items() if own[column]]
        if not obligations:
            cell = own.cells["defense"]
            raise AtopError(members, cell.line, cell.column, f"alliance {atop_id}: Uzbekistan takes on no obligation")
        bilateral = own["bilat"] == 1 and len(others) == 1
        if bilateral:
            partner = others[0]
            party = states[partner["member"]].iso3
            quoted_rows = sorted([own, partner], key=lambda r: r.line)
            start = _latest(*((r["yrent"], r["moent"], r["dayent"]) for r in quoted_rows))
            end = _earliest_exit(*((r["yrexit"], r["moexit"], r["dayexit"]) for r in quoted_rows))
            title = f"{PACT_LABEL[obligations[0]]} with {states[partner['member']].name}, {start[0]}"
        else:
            bloc = blocs.get((atop_id, phase))
            if bloc is None:
                raise AtopError(data_dir / BLOC_TABLE, 1, 1, f"no bloc code for multilateral alliance {atop_id} "
                                                            f"phase {phase} ({len(phase_rows)} members)")
            party, title, quoted_rows = bloc.code, bloc.treaty, [own]
            start = (own["yrent"], own["moent"], own["dayent"])
            end = (own["yrexit"], own["moexit"], own["dayexit"])
        # The sheet's words first (they read as evidence); the data rows last.
        quotes = []
        sheet = found.get((atop_id, phase)) or found.get((atop_id, None))
        sheet_id = None
        if sheet is not None:
            archived = Path("atop") / "codesheets" / sheet.name
            text_path = archived.with_suffix(".txt")
            if text_path not in texts:
                texts[text_path] = extract_text(sheet)
                files[archived] = sheet
            text = texts[text_path]
            _, sheet_phase, sheet_version = SHEET_NAME.match(sheet.name).groups()
            covers = f"alliance {atop_id}" + (f", phase {sheet_phase}" if sheet_phase else "")
            sheet_id = f"atop-sheet-{atop_id}" + (f"-{sheet_phase}" if sheet_phase else "")
            sheet_sources[text_path] = _source(
                sheet_id, text_path.as_posix(), hashlib.sha256(text.encode("utf-8")).hexdigest(),
                f"ATOP coding sheet for {covers}", f"ATOP coding sheet, {covers}", text,
                "The sheet prints no date of its own"
                + (f"; its file is marked version {sheet_version}" if sheet_version else "")
                + f". ATOP's coding, which the sheets serve, ends in {COVERAGE_END}.",
                f"Text extracted from {sheet.name} (archived beside it) by `python -m geo import-atop`.")
            # The signature answer tells how the treaty began; it attests nothing about later years.
            quotes += [{"source": sheet_id, "text": q.text, **({"current": False} if q.what == "signature" else {})}
                       for q in sheet_quotes(text)]
        quotes += [{"source": MEMBERS_SOURCE, "text": row.text} for row in quoted_rows]
        relation = {
            "id": f"atop-{atop_id}" + (f"-{phase}" if phase else ""),
            "kind": PACT_KIND[obligations[0]],
            "title": title,
            "parties": ["UZB", party],
            "start": _date(*start),
        }
        if end[0]:
            relation["end"] = _date(*end)
        relation["coded"] = {
            "dataset": f"ATOP {version}", "atop_id": atop_id, "phase": phase, "obligations": obligations,
            "members": sorted({states[row["member"]].iso3 for row in phase_rows}),
            "in_effect": own["ineffect"] == 1, "rows": [row.line for row in quoted_rows], "sheet": sheet_id,
        }
        relation["quotes"] = quotes
        relations.append(relation)

    members_text = "\n".join(_read_lines(members))
    sources = [_source(
        MEMBERS_SOURCE, (Path("atop") / members.name).as_posix(), _sha256(members),
        f"ATOP {version} member-level data", f"ATOP {version} member-level data ({members.name})", members_text,
        f"The files carry no release date; their coding ends in {COVERAGE_END} (ineffect = 1: still in "
        f"force then).", "One row per member per alliance phase; see atop/PROVENANCE.md for its origin and "
        "checksum, and atop/cow_states.csv for the country codes.")]
    sources += [sheet_sources[path] for path in sorted(sheet_sources)]
    return Import(version, sources, relations, files, texts, len(central))


def _dump(header: str, records: list[dict]) -> str:
    body = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    return header + body.replace("\n- id:", "\n\n- id:")


def write(result: Import, members: Path, data_dir: Path) -> list[Path]:
    """Write the archive and the generated collections; return what was written."""
    header = (f"# Generated by `python -m geo import-atop` from ATOP version {result.version} "
              f"({members.name}, sha256 {_sha256(members)[:16]}…). Do not edit: re-import.\n")
    written = []
    for target, original in sorted(result.files.items()):
        destination = data_dir / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not destination.exists() or destination.read_bytes() != original.read_bytes():
            write_atomically(destination, original.read_bytes())
        written.append(destination)
    for target, text in sorted(result.texts.items()):
        write_atomically(data_dir / target, text.encode("utf-8"))
        written.append(data_dir / target)
    sheets = sorted(target for target in result.files if target.suffix == ".pdf")
    if sheets:
        # The PDFs are archived for provenance only (the app reads their text): their checksums,
        # in the format of the original archive's SHA256SUMS, so a copy can be checked against it.
        sums = data_dir / "atop" / "codesheets" / "SHA256SUMS"
        write_atomically(sums, "".join(f"{_sha256(data_dir / target)}  {target.name}\n"
                                       for target in sheets).encode("utf-8"))
        written.append(sums)
    for name, records in (("atop_sources.yaml", result.sources), ("atop_relations.yaml", result.relations)):
        write_atomically(data_dir / name, _dump(header, records).encode("utf-8"))
        written.append(data_dir / name)
    return written
