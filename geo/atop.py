"""Importing ATOP 5.1 (Alliance Treaty Obligations and Provisions) as a second source.

`python -m geo import-atop --members atop5_1m.csv [--alliances atop5_1a.csv] [--sheets DIR]` reads
the member-level file, keeps the alliances with a member among the focal states of data/atlas.yaml,
and writes into data/: the archived files (CSV copies, coding-sheet PDFs and their extracted text) and
two generated collections, `atop_sources.yaml` (the archived files as sources) and
`atop_relations.yaml` (the focal states' ties). A bilateral treaty is one tie, whether one focal state
or two are its members; a multilateral treaty is one tie per focal member, its membership of a bloc.
The same input gives byte-identical output. Bad input stops the import with one line
`file:line:column: what is wrong` (0:0 for a whole file), before anything is written: files larger
than geo.tables.MAX_BYTES, numbers in other digits than 0-9, coding sheets that are no readable PDF
of their alliance. The archive and the collections are written together, every file or none, also
on Ctrl-C or in a folder that cannot be written (geo.files.write_together).

The app never reads the CSVs or PDFs through this module: it reads the generated YAML, and
checks every quote (data rows included) verbatim against the archived text like a news quote.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from geo.atlas import ATLAS_FILE, FocalState, read_atlas
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.records import YAML_LIMIT, UnreadableFile, parse_yaml, read_text
from geo.safe import shown
from geo.tables import (BLOC_TABLE, COW_TABLE, Bloc, Row, State, TableError, generated_yaml, read_blocs,
                        read_capped, read_cow_table, read_csv, read_lines, write_import)

# The data's own horizon: `ineffect` = 1 means still in force when the coding ended.
COVERAGE_END = 2018
ACCESSED = "2026-11-25"  # the day these copies entered the archive (see data/atop/PROVENANCE.md)

MEMBER_COLUMNS = ("atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "ineffect",
                  "bilat", "phase", "defense", "offense", "neutral", "nonagg", "consul", "asymm", "version")
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
SHEET_NAME = re.compile(r"^ATOP([0-9]+)(?:\.([0-9]+))?(?:v([0-9]+))?\.pdf$")
# An input's archived copy keeps its name: a plain one, and none of the code tables' beside it.
INPUT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.csv$")
VERSION = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{1,3}){0,2}$")


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


def read_codes(data_dir: Path, collection: str) -> set[str]:
    """The codes a collection (countries.yaml, organisations.yaml) defines: what an import's names may map to."""
    path = data_dir / collection
    try:
        records = parse_yaml(read_text(path, YAML_LIMIT))
    except (UnreadableFile, yaml.YAMLError):
        raise TableError(path, 0, 0, "cannot be read: see `python -m geo validate`") from None
    return {record.get("code") for record in records or [] if isinstance(record, dict)}


def read_members(path: Path) -> tuple[str, list[Row]]:
    """The ATOP version the file declares, and its rows."""
    integer_columns = MEMBER_COLUMNS[:-1]
    # A few rows leave an unknown month or day blank instead of 0.
    rows = read_csv(path, MEMBER_COLUMNS, "an ATOP member-level file", integer_columns,
                    blank_is_zero=("moent", "dayent", "moexit", "dayexit"))
    lines = read_lines(path)
    for number, values, columns in rows:
        if not VERSION.match(values["version"]):
            raise TableError(path, number, columns["version"],
                             f"version: {shown(values['version'])!r} is not a dataset version such as 5.1")
    versions = {values["version"] for _, values, _ in rows}
    if len(versions) != 1:
        found = ", ".join(sorted(versions)[:3]) + (" …" if len(versions) > 3 else "")
        raise TableError(path, rows[0][0] if rows else 1, 1,
                         f"expected one dataset version, found {len(versions)}" + (f": {found}" if versions else ""))
    members = [Row(number, lines[number - 1], {name: int(values[name]) for name in integer_columns}, columns)
               for number, values, columns in rows]
    return versions.pop(), members


# --- coding sheets -------------------------------------------------------------------------

def extract_text(pdf: Path) -> str:
    """A coding sheet's text, page after page. pypdf is only needed to import, never to run."""
    from pypdf import PdfReader
    content = read_capped(pdf)
    # pypdf logs what it repairs in a damaged file; the import's output is its one line.
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL + 1)
    try:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    except Exception as exc:  # a parser of untrusted files: any of its errors means "not readable"
        raise TableError(pdf, 0, 0, f"not a readable PDF ({type(exc).__name__})") from None
    finally:
        quiet.setLevel(level)
    text = "\n".join(page.rstrip("\n") for page in pages) + "\n"
    if not text.strip():
        raise TableError(pdf, 0, 0, "a PDF without text: not an ATOP coding sheet")
    return text


# Where each answer's question ends: the quoted answer starts after it.
QUESTIONS = {
    3: "multilateral alliances):",
    14: "for termination dates(s):",
    16: "(List all that apply to any member of the alliance.)",
    18: "Describe the obligations of the alliance partners.",
    24: "If No, describe.",
}
PASSAGE = re.compile(r"“[^“”]{20,}”(?:\s*\((?:[^()]|\([^()]*\))*\))?(?:\s*\[[^\]]*\])?")


def _paragraphs(text: str, number: int) -> list[str]:
    """The answer to a question, paragraph by paragraph (blank lines apart), whitespace folded."""
    start = re.search(rf"(?m)^\s*{number}\.\s", text)
    if start is None:
        return []
    following = re.search(rf"(?m)^\s*{number + 1}\.\s", text[start.end():])
    section = text[start.start():start.end() + following.start()] if following else text[start.start():]
    paragraphs = [folded for part in re.split(r"\n\s*\n", section) if (folded := " ".join(part.split()))]
    whole = " ".join(paragraphs)
    prompt_end = whole.find(QUESTIONS[number])
    if prompt_end < 0:
        return []
    answer_start, offset, answer = prompt_end + len(QUESTIONS[number]), 0, []
    for paragraph in paragraphs:
        if offset + len(paragraph) > answer_start:
            answer.append(paragraph[max(0, answer_start - offset):].strip())
        offset += len(paragraph) + 1
    return [paragraph for paragraph in answer if paragraph]


def _answer(text: str, number: int) -> str | None:
    return " ".join(_paragraphs(text, number)) or None


@dataclass(frozen=True)
class SheetQuote:
    what: str
    text: str


def sheet_quotes(text: str, foreign: frozenset[str] = frozenset(), asymmetric: bool = False) -> list[SheetQuote]:
    """The answers worth quoting from a coding sheet: the types of obligation, the signature, the
    termination and its source, each treaty article quoted for an obligation, and where the data code
    the obligations as not the same for every member, the sheet's word on it.

    Paragraphs of the obligations answer found in `foreign` (an earlier phase's articles, which bind
    the earlier phase's members only) are left out."""
    quotes = []
    paragraphs = _paragraphs(text, 18)
    own = [i for i, paragraph in enumerate(paragraphs) if paragraph not in foreign]
    # Each run of paragraphs left is one quote, so that it stays verbatim.
    runs = [" ".join(paragraphs[index] for _, index in run)
            for _, run in itertools.groupby(enumerate(own), key=lambda pair: pair[1] - pair[0])]
    for obligations in runs:
        passages = [" ".join(m.group(0).split()) for m in PASSAGE.finditer(obligations)]
        quotes += [SheetQuote("obligation", p) for p in passages] or [SheetQuote("obligation", obligations)]
    questions = ((3, "signature"), (14, "termination"), (16, "type")) + (((24, "symmetry"),) if asymmetric else ())
    for number, what in questions:
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


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _first_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip())[:40]


def _last_line(text: str) -> str:
    return next(line for line in reversed(text.splitlines()) if line.strip())[:40]


def _latest(*dates: tuple[int, int, int]) -> tuple[int, int, int]:
    return max(dates, key=lambda d: (d[0], d[1] or 0, d[2] or 0))


def _earliest_exit(*dates: tuple[int, int, int]) -> tuple[int, int, int]:
    ended = [d for d in dates if d[0]]
    return min(ended, key=lambda d: (d[0], d[1] or 13, d[2] or 32)) if ended else (0, 0, 0)


def _overlap(row: Row, start: tuple[int, int, int], end: tuple[int, int, int]) -> bool:
    """Whether a member's row and a period share a day, dates known only to the month or year taken
    at their widest; an exit of 0 is none."""
    def first(d): return d[0], d[1] or 1, d[2] or 1
    def last(d): return (d[0], d[1] or 12, d[2] or 31) if d[0] else (9999, 12, 31)
    entry, exit_ = (row["yrent"], row["moent"], row["dayent"]), (row["yrexit"], row["moexit"], row["dayexit"])
    return first(entry) <= last(end) and first(start) <= last(exit_)


def _check_row(path: Path, row: Row, focal: bool) -> None:
    """What a record is made of, in a row of a kept alliance: real dates, an exit not before the
    entry, a focal member's within the atlas's years, flags of 0 or 1."""
    dates = {}
    for which in ("ent", "exit"):
        year, month, day = (row[f"{unit}{which}"] for unit in ("yr", "mo", "day"))
        dates[which] = (year, month, day)
        if which == "exit" and not year:
            continue
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            cell = row.cells[f"yr{which}"]
            raise TableError(path, cell.line, cell.column, f"yr{which}, mo{which}, day{which}: "
                                                           f"{year}-{month}-{day} is not a date") from None
        if focal and not FIRST_YEAR <= year <= LAST_YEAR:
            cell = row.cells[f"yr{which}"]
            raise TableError(path, cell.line, cell.column, f"yr{which}: a focal state's {year} is outside the "
                                                           f"atlas's years {FIRST_YEAR}–{LAST_YEAR}")
    if dates["exit"][0] and _latest(dates["ent"], dates["exit"]) != dates["exit"]:
        cell = row.cells["yrexit"]
        raise TableError(path, cell.line, cell.column, "the exit comes before the entry")
    for name in ("bilat", "ineffect", "asymm", *OBLIGATIONS):
        if row[name] not in (0, 1):
            cell = row.cells[name]
            raise TableError(path, cell.line, cell.column, f"{name}: {row[name]} where ATOP codes 0 or 1")
    for name, least in (("atopid", 1), ("phase", 0)):
        if row[name] < least:
            cell = row.cells[name]
            raise TableError(path, cell.line, cell.column, f"{name}: {row[name]} is below {least}")


@dataclass
class Import:
    version: str
    sources: list[dict]
    relations: list[dict]
    files: dict[Path, bytes]  # archived copy (relative to data/) <- the original's bytes, as read
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
    inputs = [path for path in (members, alliances) if path is not None]
    for path in inputs:
        if not INPUT_NAME.match(path.name):
            raise TableError(path, 0, 0, "its archived copy keeps its name: give it a plain one such as "
                                         "atop5_1m.csv (letters, digits, . _ -)", exit_code=2)
        if path.name in (COW_TABLE.name, BLOC_TABLE.name) or [other.name for other in inputs].count(path.name) > 1:
            raise TableError(path, 0, 0, f"its archived copy would replace atop/{path.name}: rename it",
                             exit_code=2)
    focal_states = read_focal_states(data_dir)
    version, rows = read_members(members)
    states = read_cow_table(data_dir / COW_TABLE)
    blocs = read_blocs(data_dir / BLOC_TABLE)
    _check_focal_codes(focal_states, states, data_dir)
    atlas_order = {state.cow: position for position, state in enumerate(focal_states)}
    kept = {row["atopid"] for row in rows if row["member"] in atlas_order}
    if not kept:
        # Importing it would empty the archive's ATOP ties.
        raise TableError(members, 1, 1, f"no alliance has a focal state ({', '.join(s.code for s in focal_states)}) "
                                        "as a member: nothing to import")
    for row in rows:
        if row["atopid"] in kept:
            _check_row(members, row, row["member"] in atlas_order)
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

    files = {Path("atop") / path.name: read_capped(path) for path in inputs}
    texts: dict[Path, str] = {}
    read: dict[Path, str] = {}

    def sheet_text(sheet: Path, atop_id: int) -> str:
        if sheet not in read:
            read[sheet] = extract_text(sheet)
            # A sheet is taken for its alliance by its file name: its own first answer must agree.
            if not re.search(rf"ATOP ID:\s*{atop_id}(?![0-9])", read[sheet]):
                raise TableError(sheet, 0, 0, f"not the coding sheet of alliance {atop_id}: its text gives no "
                                              f"“ATOP ID: {atop_id}”")
        return read[sheet]
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
                texts[text_path] = sheet_text(sheet, atop_id)
                files[archived] = read_capped(sheet)
            text = texts[text_path]
            _, sheet_phase, sheet_version = SHEET_NAME.match(sheet.name).groups()
            earlier = {other_phase: frozenset(_paragraphs(sheet_text(path, atop_id), 18))
                       for (other, other_phase), path in found.items()
                       if sheet_phase and other == atop_id and other_phase is not None and other_phase < phase}
            covers = f"alliance {atop_id}" + (f", phase {sheet_phase}" if sheet_phase else "")
            sheet_id = f"atop-sheet-{atop_id}" + (f"-{sheet_phase}" if sheet_phase else "")
            sheet_sources[text_path] = _source(
                sheet_id, text_path.as_posix(), hashlib.sha256(text.encode("utf-8")).hexdigest(),
                f"ATOP coding sheet for {covers}", f"ATOP coding sheet, {covers}", text,
                "The sheet prints no date of its own"
                + (f"; its file is marked version {sheet_version}" if sheet_version else "")
                + f". ATOP's coding, which the sheets serve, ends in {COVERAGE_END}.",
                f"Text extracted from {sheet.name} (archived beside it) by `python -m geo import-atop`.")
        phase_id = f"atop-{atop_id}" + (f"-{phase}" if phase else "")
        for tie in _ties(phase_id, phase_rows, holders, states, bloc):
            obligations, end = tie.obligations, tie.end
            asymmetric = any(row["asymm"] == 1 for row in tie.holders)
            sheet_passages = []
            if sheet is not None:
                # A later phase's sheet can repeat the articles of a phase before it (4810: the 1996 border
                # agreement, then the SCO declaration): they are quoted only for a holder that was its member.
                holding = {row["member"] for row in tie.holders}
                foreign = frozenset().union(*(paragraphs for other_phase, paragraphs in earlier.items()
                                              if not holding <= {row["member"] for row in
                                                                 by_phase.get((atop_id, other_phase), [])}))
                sheet_passages = sheet_quotes(text, foreign, asymmetric)
            relation = {"id": tie.id, "kind": PACT_KIND[obligations[0]], "title": tie.title(states),
                        "parties": tie.parties, "start": _date(*tie.start)}
            if end[0]:
                relation["end"] = _date(*end)
            relation["coded"] = {
                "dataset": f"ATOP {version}", "atop_id": atop_id, "phase": phase, "obligations": obligations,
                # The members in the tie's own years: not those gone before it began (Czechoslovakia
                # from the OSCE before a focal state joined) or come after it ended.
                "members": sorted({states[row["member"]].iso3 for row in phase_rows
                                   if _overlap(row, tie.start, end)}),
                "in_effect": all(row["ineffect"] == 1 for row in tie.holders), "rows": [row.line for row in tie.rows],
                "sheet": sheet_id,
            }
            if asymmetric:
                relation["coded"]["asymmetric"] = True
            # The sheet's words first (they read as evidence); the data rows last. The signature answer
            # tells how the treaty began; it attests nothing about later years.
            relation["quotes"] = ([{"source": sheet_id, "text": q.text,
                                    **({"current": False} if q.what == "signature" else {})} for q in sheet_passages]
                                  + [{"source": MEMBERS_SOURCE, "text": row.text} for row in tie.rows])
            relations.append(relation)

    members_text = "\n".join(read_lines(members))
    sources = [_source(
        MEMBERS_SOURCE, (Path("atop") / members.name).as_posix(), _sha256(files[Path("atop") / members.name]),
        f"ATOP {version} member-level data", f"ATOP {version} member-level data ({members.name})", members_text,
        f"The files carry no release date; their coding ends in {COVERAGE_END} (ineffect = 1: still in "
        f"force then).", "One row per member per alliance phase; see atop/PROVENANCE.md for its origin and "
        "checksum, and atop/cow_states.csv for the country codes.")]
    sources += [sheet_sources[path] for path in sorted(sheet_sources)]
    return Import(version, sources, relations, files, texts, len(kept))


def outputs(result: Import, members: Path) -> dict[Path, bytes]:
    """Every file the import writes, relative to data/, with its content."""
    content = dict(result.files)
    content.update({target: text.encode("utf-8") for target, text in result.texts.items()})
    sheets = sorted(target for target in result.files if target.suffix == ".pdf")
    if sheets:
        # The PDFs are archived for provenance only (the app reads their text): their checksums,
        # in the format of the original archive's SHA256SUMS, so a copy can be checked against it.
        content[Path("atop") / "codesheets" / "SHA256SUMS"] = "".join(
            f"{_sha256(result.files[target])}  {target.name}\n" for target in sheets).encode("utf-8")
    header = (f"# Generated by `python -m geo import-atop` from ATOP version {result.version} "
              f"({members.name}, sha256 {_sha256(result.files[Path('atop') / members.name])[:16]}…). "
              "Do not edit: re-import.\n")
    for name, records in (("atop_sources.yaml", result.sources), ("atop_relations.yaml", result.relations)):
        content[Path(name)] = generated_yaml(header, records)
    return dict(sorted(content.items()))


def write(result: Import, members: Path, data_dir: Path) -> list[Path]:
    return write_import({data_dir / target: content for target, content in outputs(result, members).items()}, data_dir)
