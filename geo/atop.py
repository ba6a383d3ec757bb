"""Importing ATOP 5.1 (Alliance Treaty Obligations and Provisions) as a second source.

`python -m geo import-atop --members atop5_1m.csv [--alliances atop5_1a.csv] [--sheets DIR]` reads
the member-level file, keeps the alliances with a member among the focal states of data/atlas.yaml,
and writes into data/: the archived files (CSV copies, coding-sheet PDFs and their extracted text) and
two generated collections, `atop_sources.yaml` (the archived files as sources) and
`atop_relations.yaml` (the focal states' ties). A bilateral treaty is one tie, whether one focal state
or two are its members; a multilateral treaty is one tie per focal member, its membership of a bloc.
The same input gives byte-identical output. Bad input stops the import with one line
`file:line:column: what is wrong`.

The app never reads the CSVs or PDFs through this module: it reads the generated YAML, and
checks every quote (data rows included) verbatim against the archived text like a news quote.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from geo.atlas import ATLAS_FILE, FocalState, read_atlas
from geo.files import write_atomically
from geo.tables import (BLOC_TABLE, COW_TABLE, Bloc, Cell, Row, State, TableError, read_blocs, read_cow_table,
                        read_csv, read_lines)

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


def read_focal_states(data_dir: Path) -> list[FocalState]:
    """The focal states in the atlas's order, the order a tie between two of them names them in."""
    atlas, problems = read_atlas(data_dir)
    if atlas is None:
        path = data_dir / ATLAS_FILE
        first = problems[0]
        # "(file)" and "(yaml)" stand for the whole file, which the path already names.
        what = first.message if first.field.startswith("(") else f"{first.field}: {first.message}"
        more = f" (and {len(problems) - 1} more: see `python -m geo validate`)" if len(problems) > 1 else ""
        raise TableError(path, first.line, 1 if first.line else 0, what + more, exit_code=1 if path.is_file() else 2)
    return atlas.states


def read_members(path: Path) -> tuple[str, list[Row]]:
    """The ATOP version the file declares, and its rows."""
    integer_columns = MEMBER_COLUMNS[:-1]
    # A few rows leave an unknown month or day blank instead of 0.
    rows = read_csv(path, MEMBER_COLUMNS, "an ATOP member-level file", integer_columns,
                    blank_is_zero=("moent", "dayent", "moexit", "dayexit"))
    lines = read_lines(path)
    versions = {values["version"] for _, values, _ in rows}
    if len(versions) != 1:
        raise TableError(path, rows[0][0] if rows else 1, 1, f"expected one dataset version, found {sorted(versions)}")
    members = [Row(number, lines[number - 1], {name: Cell(int(values[name]), number, columns[name])
                                                for name in integer_columns})
               for number, values, columns in rows]
    return versions.pop(), members


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
        raise TableError(directory, 0, 0, "not a folder of coding sheets", exit_code=2)
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


@dataclass(frozen=True)
class Tie:
    """One record's share of an alliance phase: the focal members whose tie it is (their rows give its
    obligations), its parties, and the data rows that date and attest it."""
    id: str
    holders: list[Row]
    parties: list[str]
    rows: list[Row]
    bloc: Bloc | None

    @property
    def obligations(self) -> list[str]:
        return [name for column, name in OBLIGATIONS.items() if any(row[column] for row in self.holders)]

    @property
    def start(self) -> tuple[int, int, int]:
        return _latest(*((row["yrent"], row["moent"], row["dayent"]) for row in self.rows))

    @property
    def end(self) -> tuple[int, int, int]:
        return _earliest_exit(*((row["yrexit"], row["moexit"], row["dayexit"]) for row in self.rows))

    def title(self, states: dict[int, State]) -> str:
        if self.bloc is not None:
            return self.bloc.treaty
        label, year = PACT_LABEL[self.obligations[0]], self.start[0]
        partners = [row for row in self.rows if row not in self.holders]
        if partners:
            return f"{label} with {states[partners[0]['member']].name}, {year}"
        return f"{label} between {' and '.join(states[row['member']].name for row in self.holders)}, {year}"


def _ties(phase_id: str, phase_rows: list[Row], holders: list[Row], states: dict[int, State],
          bloc: Bloc | None) -> list[Tie]:
    """A bilateral treaty is one tie, between its two members; a bloc's is one membership per holder."""
    if bloc is None:
        partners = [row for row in phase_rows if row not in holders]
        return [Tie(phase_id, holders, [states[row["member"]].iso3 for row in holders + partners],
                    sorted(phase_rows, key=lambda row: row.line), None)]
    return [Tie(f"{phase_id}-{states[row['member']].iso3.lower()}", [row], [states[row["member"]].iso3, bloc.code],
                [row], bloc) for row in holders]


def _check_focal_codes(focal_states: list[FocalState], states: dict[int, State], data_dir: Path) -> None:
    """A focal state's ATOP ties must carry the code the atlas knows it by."""
    table = data_dir / COW_TABLE
    for state in focal_states:
        listed = states.get(state.cow)
        if listed is not None and listed.iso3 != state.code:
            line = next(number for number, text in enumerate(read_lines(table), start=1)
                        if text.split(",")[0] == str(state.cow))
            raise TableError(table, line, 1, f"COW code {state.cow} is {listed.iso3} here but {state.code} in "
                                             f"{ATLAS_FILE}")


def _source(source_id: str, file: str, sha: str, title: str, cite: str, text: str, inferred: str,
            note: str) -> dict:
    return {"id": source_id, "file": file, "sha256": sha, "title": title, "outlet": OUTLET, "author": AUTHORS,
            "url": None, "published": {"date": COVERAGE_END, "inferred": inferred}, "accessed": ACCESSED,
            "language": "en", "body": {"first": _first_line(text), "last": _last_line(text)}, "cite_as": cite,
            "note": note}


def derive(members: Path, alliances: Path | None, sheets: Path | None, data_dir: Path) -> Import:
    """Everything the import writes, computed before anything is written."""
    focal_states = read_focal_states(data_dir)
    version, rows = read_members(members)
    states = read_cow_table(data_dir / COW_TABLE)
    blocs = read_blocs(data_dir / BLOC_TABLE)
    _check_focal_codes(focal_states, states, data_dir)
    atlas_order = {state.cow: position for position, state in enumerate(focal_states)}
    kept = {row["atopid"] for row in rows if row["member"] in atlas_order}
    for row in rows:
        if row["atopid"] in kept and row["member"] not in states:
            cell = row.cells["member"]
            raise TableError(members, cell.line, cell.column,
                             f"member: COW code {cell.value} is not in {COW_TABLE} (alliance {row['atopid']})")
    if alliances is not None:
        known = {int(values["atopid"]) for _, values, _ in
                 read_csv(alliances, ("atopid", "mem1"), "an ATOP alliance-level file", ("atopid",))}
        lost = sorted(kept - known)
        if lost:
            raise TableError(alliances, 1, 1, f"alliance {lost[0]} of the member file is not in this file")
    found = find_sheets(sheets) if sheets else {}

    by_phase: dict[tuple[int, int], list[Row]] = {}
    for row in rows:
        if row["atopid"] in kept:
            by_phase.setdefault((row["atopid"], row["phase"]), []).append(row)

    files: dict[Path, Path] = {Path("atop") / members.name: members}
    if alliances is not None:
        files[Path("atop") / alliances.name] = alliances
    texts: dict[Path, str] = {}
    sheet_sources: dict[Path, dict] = {}
    relations = []
    for (atop_id, phase), phase_rows in sorted(by_phase.items()):
        # A treaty's phase may have begun before any focal state joined (3740 phase 1, the Helsinki Final Act).
        holders = sorted((row for row in phase_rows if row["member"] in atlas_order),
                         key=lambda row: atlas_order[row["member"]])
        if not holders:
            continue
        for row in holders:
            if not any(row[column] for column in OBLIGATIONS):
                cell = row.cells["defense"]
                raise TableError(members, cell.line, cell.column,
                                 f"alliance {atop_id}: {states[row['member']].name} takes on no obligation")
        bloc = None
        if not (holders[0]["bilat"] == 1 and len(phase_rows) == 2):
            bloc = blocs.get((atop_id, phase))
            if bloc is None:
                raise TableError(data_dir / BLOC_TABLE, 1, 1, f"no bloc code for multilateral alliance {atop_id} "
                                                              f"phase {phase} ({len(phase_rows)} members)")
        sheet_passages: list[SheetQuote] = []
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
            sheet_passages = sheet_quotes(text)
        phase_id = f"atop-{atop_id}" + (f"-{phase}" if phase else "")
        for tie in _ties(phase_id, phase_rows, holders, states, bloc):
            obligations, end = tie.obligations, tie.end
            relation = {"id": tie.id, "kind": PACT_KIND[obligations[0]], "title": tie.title(states),
                        "parties": tie.parties, "start": _date(*tie.start)}
            if end[0]:
                relation["end"] = _date(*end)
            relation["coded"] = {
                "dataset": f"ATOP {version}", "atop_id": atop_id, "phase": phase, "obligations": obligations,
                "members": sorted({states[row["member"]].iso3 for row in phase_rows}),
                "in_effect": all(row["ineffect"] == 1 for row in tie.holders), "rows": [row.line for row in tie.rows],
                "sheet": sheet_id,
            }
            # The sheet's words first (they read as evidence); the data rows last. The signature answer
            # tells how the treaty began; it attests nothing about later years.
            relation["quotes"] = ([{"source": sheet_id, "text": q.text,
                                    **({"current": False} if q.what == "signature" else {})} for q in sheet_passages]
                                  + [{"source": MEMBERS_SOURCE, "text": row.text} for row in tie.rows])
            relations.append(relation)

    members_text = "\n".join(read_lines(members))
    sources = [_source(
        MEMBERS_SOURCE, (Path("atop") / members.name).as_posix(), _sha256(members),
        f"ATOP {version} member-level data", f"ATOP {version} member-level data ({members.name})", members_text,
        f"The files carry no release date; their coding ends in {COVERAGE_END} (ineffect = 1: still in "
        f"force then).", "One row per member per alliance phase; see atop/PROVENANCE.md for its origin and "
        "checksum, and atop/cow_states.csv for the country codes.")]
    sources += [sheet_sources[path] for path in sorted(sheet_sources)]
    return Import(version, sources, relations, files, texts, len(kept))


class _WrittenOut(yaml.SafeDumper):
    """Repeated values written out in full: the data's reader refuses YAML anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(header: str, records: list[dict]) -> str:
    body = yaml.dump(records, Dumper=_WrittenOut, sort_keys=False, allow_unicode=True, width=110,
                     default_flow_style=None)
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
