"""Growing the record: archive a source, add a tie or an event on its quotes, retire one. Every change
is checked with the whole dataset as it would stand, written whole or not at all under a lock on the
data folder, and appended to the change log (changes.yaml) with the dataset's version before and after.

The API (the command line's add-source, add-tie, retire, history and diff, and the curation page):

- `CurationError` (a one-line message: what is wrong and where) and `StaleVersion(CurationError)`:
  the data on disk is not the version the change was made against; nothing was written.
- `dataset_version(data_dir) -> str`: the content hash of the curated files (geo.changes).
- `add_source(data_dir, content, *, title, publisher, published, url=None, accessed=None, author=None,
  language="en" (None: en), excerpt=False, furniture=None, body_first=None, body_last=None, source_id=None, editor,
  expected_version=None) -> str`: archives the bytes as sources/NNN_<sha256[:16]>.txt; returns its id.
- `sources(data_dir) -> list[Source]`, `source_text(data_dir, source_id) -> str`.
- `TieDraft`: what a tie (or, with `event=True`, an event) is made of before it is saved.
- `check_tie(data_dir, draft) -> list[str]`: its problems, one line each (empty: it can be saved); fast
  enough to call as the fields are typed. A quote not found verbatim names the closest passage.
- `preview_tie(data_dir, draft) -> Preview`: the years whose map gains it, by focus, and the first.
- `add_tie(data_dir, draft, *, editor, expected_version=None) -> str`: appends it; returns its id.
- `retire(data_dir, record_id, *, reason, editor, expected_version=None)`: marks a curated tie or event
  retired; it leaves the map and the exports, and stays in its file and in the log.
- `history(data_dir, record_id=None) -> list[Change]`, `diff(old_dir, new_dir) -> DataDiff` (geo.changes).
- `closest_passage(text, quote) -> str`, `quoted_spans(data_dir, source_id) -> list[tuple[int, int]]`.
- `linked_copy(data_dir, into) -> Path`: a copy of the folder to try a change on (hard links: the original is
  never written through).
- `save_story(data_dir, story_id, record, *, editor, expected_version=None, new=False)`: writes
  data/stories/<id>.yaml (a StoryRecord, or its fields as a form holds them), checked against the records.
"""
from __future__ import annotations

import datetime as dt
import difflib
import fcntl
import hashlib
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from geo.atlas import REGION
from geo.changes import (CurationError, DataDiff, dataset_version, diff, file_hashes, history, version_label,
                         version_of)
from geo.codebook import Kind, Voice
from geo.dataset import Dataset, load
from geo.dates import FIRST_YEAR, LAST_YEAR, PartialDate
from geo.files import write_together
from geo.paths import DATA
from geo.records import (CHANGES, RELATION_FILES, SOURCE_FILES, Change, Claim, Event, Located, LocatedDict, RawData,
                         Relation, Source, field_name, parse_yaml, quotes_of, read_all)
from geo.safe import shown
from geo.stories import STORIES, StoryRecord, checked_story
from geo.tables import curated_yaml
from geo.text import fold, locate
from geo.timeline import year_state
from geo.validate import (ACTORS, SOURCE_LIMIT, Context, check, dates_are_ordered_and_in_range, opinion_is_never_fact,
                          quotes_are_verbatim, refusals_name_blocs, relations_involve_a_focal_state)

LOCK = ".lock"
SOURCES = "sources.yaml"
RELATIONS = "relations.yaml"
EVENTS = "events.yaml"
CHANGES_HEADER = (
    "# The change log: one entry a change made with `python -m geo add-source`, `add-tie` or `retire` (or the\n"
    "# curation server's pages, which also save stories), appended and never rewritten. `before` and `after`\n"
    "# are the dataset's version around the change: a hash of every YAML file here but this one and of every\n"
    "# archived text under sources/.\n")
MARKER_LENGTH = 80
_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_ARCHIVED = re.compile(r"^(\d{3,})_[0-9a-f]{16}\.txt$")

__all__ = ["CurationError", "DataDiff", "Preview", "StaleVersion", "TieDraft", "add_source", "add_tie", "check_tie",
           "closest_passage", "dataset_version", "diff", "history", "preview_tie", "quoted_spans", "retire",
           "save_story", "source_text", "sources", "change_lines"]


class StaleVersion(CurationError):
    """The data changed on disk since the version the change was made against."""


@dataclass
class TieDraft:
    """A tie (or, with event=True, an event dated `start`) as an editor fills it in. Every quote is from
    `source`; `voice` is the quotes' (report or opinion); `id` None: one is made from parties, kind and year."""
    source: str
    quotes: list[str]
    parties: list[str]
    kind: str
    start: str
    title: str
    end: str | None = None
    voice: str = Voice.report.value
    id: str | None = None
    event: bool = False


@dataclass(frozen=True)
class Preview:
    """What saving a draft would change: `years` holds, for each focus whose map shows the record (its
    focal parties' and the region's), the years it would stand on that map, which before the save lacked
    it; `first_year` is the earliest of them (None: on no map); `statuses` the status it would take in
    each year on the region's map (for an event, "event")."""
    id: str
    years: dict[str, list[int]]
    first_year: int | None
    statuses: dict[int, str] = field(default_factory=dict)


# The data as last read, by folder: a version, its raw records and verified texts, and (built on demand)
# its dataset. Checking a draft as it is typed must not read and validate every file each time.
_READ: dict[str, tuple[str, RawData, dict[str, str]]] = {}
_LOADED: dict[str, tuple[str, Dataset]] = {}
_CACHE_LOCK = threading.Lock()


def _read(data_dir: Path) -> tuple[RawData, dict[str, str]]:
    key, version = str(data_dir.resolve()), dataset_version(data_dir)
    with _CACHE_LOCK:
        known = _READ.get(key)
    if known is None or known[0] != version:
        raw = read_all(data_dir)
        _, texts = check(raw)
        known = (version, raw, texts)
        with _CACHE_LOCK:
            _READ[key] = known
    return known[1], known[2]


def _loaded(data_dir: Path) -> Dataset:
    key, version = str(data_dir.resolve()), dataset_version(data_dir)
    with _CACHE_LOCK:
        known = _LOADED.get(key)
    if known is None or known[0] != version:
        try:
            known = (version, load(data_dir).focused(REGION))
        except Exception as exc:  # DataError: the data as it stands has problems, reported one line
            raise CurationError(f"the data in {data_dir} does not validate: {str(exc).splitlines()[0]}") from None
        with _CACHE_LOCK:
            _LOADED[key] = known
    return known[1]


def _keys(raw: RawData) -> set[str]:
    return set().union(*raw.keys.values()) if raw.keys else set()


def sources(data_dir: Path = DATA) -> list[Source]:
    """Every source record, curated and imported, in file order."""
    raw, _ = _read(data_dir)
    return [item.record for name in SOURCE_FILES for item in raw.records.get(name, [])]


def source_text(data_dir: Path, source_id: str) -> str:
    """The archived text of a source (one whose checksum holds); CurationError if there is none."""
    _, texts = _read(data_dir)
    if source_id not in texts:
        raise CurationError(f"no archived source {shown(source_id)!r} (python -m geo add-source archives one)")
    return texts[source_id]


def slug(text: str, words: int = 6) -> str:
    """Lower-case ASCII words joined by hyphens: the shape of every id."""
    parts = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return "-".join(parts[:words])


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _one_line(value: str | None, name: str, *, required: bool = True) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise CurationError(f"{name} is empty")
        return None
    if any(unicodedata.category(character) == "Cc" for character in text):
        raise CurationError(f"{name} must be one line of text, with no control characters")
    return text


def _editor(editor: str) -> str:
    return _one_line(editor, "the editor's name")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One change at a time in a data folder, across processes: an exclusive lock on data/.lock, held
    from reading the data to the last rename."""
    try:
        handle = open(data_dir / LOCK, "a+b")
    except OSError as exc:
        raise CurationError(f"cannot lock {data_dir / LOCK}: {exc.strerror}") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _hidden(_folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name.startswith(".")]


def linked_copy(data_dir: Path, into: Path) -> Path:
    """The data folder copied into `into` as hard links (copies where links cannot be made): nothing is
    copied but what changes, and since every write here replaces a file by renaming, writing to the
    copy never writes through to the original."""
    copy = into / data_dir.resolve().name
    shutil.copytree(data_dir, copy, copy_function=_link_or_copy, ignore=_hidden)
    return copy


def _check_whole(data_dir: Path, files: dict[str, bytes]) -> None:
    """Validate the whole dataset as it would stand with `files` written: a linked copy of the folder,
    the new contents put in it, every rule run."""
    with tempfile.TemporaryDirectory(prefix="atlas-check-") as folder:
        copy = linked_copy(data_dir, Path(folder))
        for name, content in files.items():
            target = copy / name
            target.unlink(missing_ok=True)  # a link to the original: replaced, never written through
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        problems, _ = check(read_all(copy))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CurationError(f"refused, the data would not validate: {problems[0]}{more}")


def _save(data_dir: Path, editor: str, expected_version: str | None,
          change: Callable[[], tuple[dict[str, bytes], dict]]) -> None:
    """Make one change under the lock: `change` reads the data as it now is and returns the files to
    write (by path inside the folder) and its log entry's action, record and fields."""
    editor = _editor(editor)
    if not data_dir.is_dir():
        raise CurationError(f"{data_dir} is not a folder")
    with _locked(data_dir):
        hashes = file_hashes(data_dir)
        before = version_of(hashes)
        if expected_version is not None and expected_version != before:
            raise StaleVersion(f"the data changed since it was read (version {version_label(expected_version)}, now "
                               f"{version_label(before)}): reload it and make the change again; nothing was written")
        files, entry = change()
        after = version_of(hashes | {name: hashlib.sha256(content).hexdigest() for name, content in files.items()})
        log = data_dir / CHANGES
        text = log.read_text(encoding="utf-8") if log.exists() else CHANGES_HEADER
        record = {"when": _now(), "editor": editor, **entry, "before": before, "after": after}
        files[CHANGES] = _appended(text, record)
        _check_whole(data_dir, files)
        write_together({data_dir / name: content for name, content in files.items()})


def _appended(text: str, record: dict) -> bytes:
    """A collection's text with one record added at its end; its comments and records left as they are."""
    block = curated_yaml([record])
    kept = text.rstrip("\n")
    return ((kept + "\n\n" if kept else "") + block).encode("utf-8")


def _date_shape(text: str, name: str) -> str | None:
    """What is wrong with the shape of a typed date, if anything: ASCII digits only, as in a URL's year."""
    if not _DATE.fullmatch(text.strip()):
        return f"{name}: {shown(text)!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
    return None


def _date(text: str | None, name: str) -> PartialDate:
    if problem := _date_shape(text or "", name):
        raise CurationError(problem)
    try:
        return PartialDate.parse((text or "").strip())
    except ValueError as exc:
        raise CurationError(f"{name}: {exc}") from None


def _yaml_date(text: str):
    """A date as the data writes it: 2005, '2005-11' or 2005-11-14 (YAML's own date)."""
    try:
        date = PartialDate.parse(text.strip())
    except ValueError:
        return text  # written as given, for the validator to name what is wrong with it
    if date.day is not None:
        return date.first_day()
    return str(date) if date.month is not None else date.year


def _decoded(content: bytes) -> str:
    if len(content) > SOURCE_LIMIT:
        raise CurationError(f"the text is larger than the limit of {SOURCE_LIMIT // 2**20} MB")
    if b"\x00" in content:
        line = content.count(b"\n", 0, content.index(b"\x00")) + 1
        raise CurationError(f"a binary file (a NUL byte on line {line}): archive a page saved as text")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise CurationError(f"not UTF-8 text: byte 0x{content[exc.start]:02x} on line {line} ({exc.reason}); "
                            "archive a page saved as text") from None
    if not text.strip():
        raise CurationError("the text is empty")
    return text


def _marker(lines: list[str], given: str | None, name: str) -> str:
    """A body marker: the given start of a line, or the whole text's first (or last) line with words."""
    if given is not None:
        marker = given.rstrip()
        if not marker or not any(line.startswith(marker) for line in lines):
            raise CurationError(f"{name}: no line of the text starts with {shown(given, 60)!r}")
        return marker
    return next(line for line in lines if line.strip()).rstrip()[:MARKER_LENGTH].rstrip()


def add_source(data_dir: Path, content: bytes, *, title: str, publisher: str, published: str, editor: str,
               url: str | None = None, accessed: str | None = None, author: str | None = None,
               language: str | None = "en", excerpt: bool = False, furniture: str | None = None,
               body_first: str | None = None, body_last: str | None = None, source_id: str | None = None,
               expected_version: str | None = None) -> str:
    """Archive a text byte for byte and record its provenance in sources.yaml; return the source's id.

    The body markers default to the text's first and last lines with words (the whole text is the
    article); `excerpt` says the text is a passage of the page, `furniture` which parts are not the article.
    """
    text = _decoded(content)
    title, publisher = _one_line(title, "title"), _one_line(publisher, "publisher")
    author, url = _one_line(author, "author", required=False), _one_line(url, "url", required=False)
    today = dt.datetime.now(dt.timezone.utc).date()
    date = _date(published, "published")
    if date.first_day() > today:
        raise CurationError(f"published: {date} lies in the future")
    try:
        seen = dt.date.fromisoformat((accessed or today.isoformat()).strip())
    except ValueError:
        raise CurationError(f"accessed: {shown(accessed)!r} is not a date of the form YYYY-MM-DD") from None
    if seen > today:
        raise CurationError(f"accessed: {seen} lies in the future")
    if seen < date.first_day():
        raise CurationError(f"accessed: {seen} is before the text was published ({date})")
    language = language or "en"  # the command line's default too: the curated sources so far are all in English
    if not re.fullmatch(r"[a-z]{2}", language):
        raise CurationError(f"language: {shown(language or '')!r} is not a two-letter code (ISO 639-1, e.g. en, ru)")
    lines = text.splitlines()
    first, last = _marker(lines, body_first, "body first"), _marker(lines[::-1], body_last, "body last")
    digest = hashlib.sha256(content).hexdigest()
    furniture = _one_line(furniture, "furniture", required=False)

    def change() -> tuple[dict[str, bytes], dict]:
        raw, _ = _read(data_dir)
        for item in (item for name in SOURCE_FILES for item in raw.records.get(name, [])):
            if item.record.sha256 == digest:
                raise CurationError(f"the same text is already archived as {item.record.id} ({item.record.file})")
        taken = _keys(raw)
        if source_id is not None and source_id in taken:
            raise CurationError(f"id {shown(source_id)!r} is already used")
        new_id = source_id or _unique(f"{slug(title, 5) or 'source'}-{date.year}", taken)
        folder = data_dir / "sources"
        numbers = [int(m.group(1)) for path in (folder.iterdir() if folder.is_dir() else [])
                   if (m := _ARCHIVED.match(path.name))]
        name = f"sources/{max(numbers, default=-1) + 1:03d}_{digest[:16]}.txt"
        record = {"id": new_id, "file": name, "sha256": digest, "title": title, "outlet": publisher,
                  "author": author, "url": url, "published": _yaml_date(published), "accessed": seen,
                  "language": language, "body": {"first": first, "last": last}}
        if excerpt:
            record["excerpt"] = True
        if furniture:
            record["furniture"] = furniture
        sources_text = (data_dir / SOURCES).read_text(encoding="utf-8")
        result["id"] = new_id
        return ({name: content, SOURCES: _appended(sources_text, record)},
                {"action": "add-source", "record": new_id, "fields": list(record)})

    result = {}
    _save(data_dir, editor, expected_version, change)
    return result["id"]


def _draft_record(draft: TieDraft, record_id: str) -> dict:
    quotes = [{"source": draft.source, "text": text} | ({} if draft.voice == Voice.report.value else
                                                         {"voice": draft.voice})
              for text in draft.quotes]
    if draft.event:
        return {"id": record_id, "title": draft.title.strip(), "date": _yaml_date(draft.start),
                "parties": list(draft.parties), "quotes": quotes}
    record = {"id": record_id, "kind": draft.kind, "title": draft.title.strip(), "parties": list(draft.parties),
              "start": _yaml_date(draft.start)}
    if draft.end:
        record["end"] = _yaml_date(draft.end)
    return record | {"quotes": quotes}


def _draft_id(draft: TieDraft, taken: set[str]) -> str:
    found = re.match(r"\s*(\d{4})", draft.start or "")
    year = found.group(1) if found else None
    if draft.event:
        base = slug(draft.title, 5) or "event"
    else:
        base = "-".join(slug(code) for code in draft.parties if slug(code)) + "-" + slug(draft.kind)
    return _unique(f"{base.strip('-')}-{year}" if year else base.strip("-"), taken)


def _checked(data_dir: Path, draft: TieDraft) -> tuple[str, dict, list[str]]:
    """The draft's id and record, and its problems: the validator's own rules, run on it alone against
    the data as it stands."""
    raw, texts = _read(data_dir)
    taken = _keys(raw)
    problems = []
    if draft.source not in texts:
        problems.append(f"source: no archived source {shown(draft.source)!r}")
    if not [quote for quote in draft.quotes if quote.strip()]:
        problems.append("quotes: give at least one passage of the source")
    if not draft.event and draft.kind not in Kind.__members__:
        problems.append(f"kind: no tie kind {shown(draft.kind)!r} (one of {', '.join(Kind.__members__)})")
    if draft.voice not in Voice.__members__:
        problems.append(f"voice: {shown(draft.voice)!r} is neither {' nor '.join(Voice.__members__)}")
    if draft.event and draft.end:
        problems.append("end: an event has one date, its start")
    problems += [problem for name, value in (("start", draft.start), ("end", draft.end))
                 if value is not None and (problem := _date_shape(value, name))]
    try:
        _one_line(draft.title, "title")
    except CurationError as exc:
        problems.append(str(exc))
    for code in draft.parties:
        if not any(code in raw.keys.get(name, ()) for name in ACTORS):
            problems.append(f"parties: no party {shown(code)!r} in countries.yaml or organisations.yaml")
    if draft.id is not None and draft.id in taken:
        problems.append(f"id: {shown(draft.id)!r} is already used")
    record_id = draft.id if draft.id is not None else _draft_id(draft, taken)
    record = _draft_record(draft, record_id)
    if problems:
        return record_id, record, problems
    filename, model = (EVENTS, Event) if draft.event else (RELATIONS, Relation)
    located = LocatedDict(record)
    located.key_lines = {}
    try:
        item = Located(model.model_validate(record), filename, located)
    except ValidationError as exc:
        return record_id, record, [f"{field_name(tuple(step for step in error['loc'] if '[' not in str(step)))}: "
                                   f"{error['msg'].removeprefix('Value error, ')}" for error in exc.errors()]
    ctx = Context(RawData(data_dir, records={filename: [item]}, keys=raw.keys, unreadable=raw.unreadable,
                          atlas=raw.atlas), texts)
    for rule in (relations_involve_a_focal_state, refusals_name_blocs, quotes_are_verbatim,
                 dates_are_ordered_and_in_range, opinion_is_never_fact):
        for problem in rule(ctx):
            message = f"{problem.field}: {problem.message}"
            if problem.field.endswith(".text") and "not found verbatim" in problem.message:
                quote = draft.quotes[int(problem.field.split("[")[1].split("]")[0])]
                message += f"; the closest passage: {closest_passage(texts[draft.source], quote)!r}"
            problems.append(message)
    return record_id, record, problems


def check_tie(data_dir: Path, draft: TieDraft) -> list[str]:
    """What stands in the way of saving the draft, one line each; empty when it can be saved."""
    return _checked(data_dir, draft)[2]


def _refuse(problems: list[str]) -> None:
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CurationError(problems[0] + more)


def preview_tie(data_dir: Path, draft: TieDraft) -> Preview:
    """The years each map would gain the draft; CurationError when it cannot be saved."""
    record_id, record, problems = _checked(data_dir, draft)
    _refuse(problems)
    data = _loaded(data_dir)
    if draft.event:
        added = replace(data, events=data.events + [Event.model_validate(record)], views={})
    else:
        added = replace(data, relations=data.relations + [Relation.model_validate(record)], views={})
    years: dict[str, list[int]] = {}
    statuses: dict[int, str] = {}
    for focus in (*data.atlas.codes, REGION):
        view = added.focused(focus)
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            state = year_state(view, year)
            live = state.get(record_id)
            shown_here = live is not None or any(event.id == record_id for event in state.events)
            if shown_here:
                years.setdefault(focus, []).append(year)
                if focus == REGION:
                    statuses[year] = live.status.value if live else "event"
    first = min((year for found in years.values() for year in found), default=None)
    return Preview(record_id, years, first, statuses)


def add_tie(data_dir: Path, draft: TieDraft, *, editor: str, expected_version: str | None = None) -> str:
    """Append the draft to relations.yaml (events.yaml for an event); return its id."""
    result = {}

    def change() -> tuple[dict[str, bytes], dict]:
        record_id, record, problems = _checked(data_dir, draft)
        _refuse(problems)
        filename = EVENTS if draft.event else RELATIONS
        text = (data_dir / filename).read_text(encoding="utf-8")
        result["id"] = record_id
        return ({filename: _appended(text, record)},
                {"action": "add-event" if draft.event else "add-tie", "record": record_id, "fields": list(record)})

    _save(data_dir, editor, expected_version, change)
    return result["id"]


def retire(data_dir: Path, record_id: str, *, reason: str, editor: str, expected_version: str | None = None) -> None:
    """Mark a curated tie or event retired, with today's date and the reason: off the map and out of the
    exports, its record kept where it stands."""
    reason = _one_line(reason, "the reason")

    def change() -> tuple[dict[str, bytes], dict]:
        raw, _ = _read(data_dir)
        found = next(((name, item) for name in (RELATIONS, EVENTS) for item in raw.records.get(name, [])
                      if item.key == record_id), None)
        if found is None:
            imported = next((name for name in RELATION_FILES[1:] if record_id in raw.keys.get(name, ())), None)
            raise CurationError(f"{shown(record_id)} is imported ({imported}): it changes by re-importing the dataset"
                                if imported else f"no tie or event {shown(record_id)!r} in {RELATIONS} or {EVENTS}")
        name, item = found
        if item.record.retired is not None:
            raise CurationError(f"{record_id} was retired on {item.record.retired.date}: {item.record.retired.reason}")
        text = (data_dir / name).read_text(encoding="utf-8")
        retired = {"date": dt.datetime.now(dt.timezone.utc).date(), "reason": reason}
        new_text = _with_field(text, item, [i.raw.line for i in raw.records[name]], "retired", retired)
        return {name: new_text}, {"action": "retire", "record": record_id, "fields": ["retired"], "reason": reason}

    _save(data_dir, editor, expected_version, change)


def save_story(data_dir: Path, story_id: str, record: StoryRecord | dict, *, editor: str,
               expected_version: str | None = None, new: bool = False) -> None:
    """Write a story to data/stories/<id>.yaml, whole or not at all, if every step holds against the
    records as they stand (CurationError: the first problem, `file:line: step N: field: message`); `new`:
    refused if a story of that id exists, so a new story never replaces another."""
    def change() -> tuple[dict[str, bytes], dict]:
        name = f"{STORIES}/{story_id}.yaml"
        if new and (data_dir / name).exists():
            raise CurationError(f"a story {shown(story_id)!r} already exists: open it to edit it, or give another id")
        content, problems = checked_story(data_dir, story_id, record, _loaded(data_dir))
        _refuse([str(problem) for problem in problems])
        return {name: content.encode("utf-8")}, {"action": "save-story", "record": story_id}

    _save(data_dir, editor, expected_version, change)


def _with_field(text: str, item: Located, starts: list[int], name: str, value: object) -> bytes:
    """The text with one field added at the end of one record (its comments and the others' untouched);
    CurationError if the record is written in a way that field cannot be added to."""
    lines = text.splitlines(keepends=True)
    following = [line for line in starts if line > item.raw.line]
    end = (min(following) if following else len(lines) + 1) - 1  # the record's last line, 1-based
    while end > item.raw.line and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    block = "  " + curated_yaml([{name: value}]).removeprefix("- ")
    if not lines[end - 1].endswith("\n"):
        block = "\n" + block
    new_text = "".join(lines[:end]) + block + "".join(lines[end:])
    records = parse_yaml(new_text)
    written = next((record for record in records or [] if isinstance(record, dict)
                    and record.get("id") == item.key), None)
    if written is None or {k: v for k, v in written.items() if k != name} != dict(item.raw) or name not in written:
        raise CurationError(f"{item.key} is not written as a block of fields in {item.path}: add {name} by hand")
    return new_text.encode("utf-8")


def closest_passage(text: str, quote: str) -> str:
    """The stretch of `text` most like `quote`, word for word (whitespace folded): where a mistyped quote
    was meant to come from. Empty when they share no word."""
    words, wanted = fold(text).split(" "), fold(quote).split(" ")
    if not wanted or not wanted[0]:
        return ""
    matcher = difflib.SequenceMatcher(None, words, wanted, autojunk=False)
    match = matcher.find_longest_match(0, len(words), 0, len(wanted))
    if match.size == 0:
        return ""
    start = max(0, match.a - match.b)
    return " ".join(words[start:start + len(wanted)])


def quoted_spans(data_dir: Path, source_id: str) -> list[tuple[int, int]]:
    """The character spans of a source's text that some tie, event or claim already quotes, merged and in
    order (retired records' quotes included: their passages have been read)."""
    raw, texts = _read(data_dir)
    text = source_text(data_dir, source_id)
    spans = sorted(span for items in raw.records.values() for item in items
                   if isinstance(item.record, (Relation, Event, Claim)) for _, quote in quotes_of(item.record)
                   if quote.source == source_id and (span := locate(text, quote.text)) is not None)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def change_lines(changes: list[Change]) -> list[str]:
    """The change log as the command line and the Codebook page list it: one line an entry."""
    return [f"{c.when.isoformat().replace('+00:00', 'Z')} {c.editor}: {c.action} {c.record}"
            + (f" ({c.reason})" if c.reason else "") + f" [{version_label(c.before)} → {version_label(c.after)}]"
            for c in changes]
