"""The dataset's version, its change log, and what one data folder changes against another.

- `dataset_version(data_dir)`: a content hash of the curated files (every YAML file in the folder but the
  change log, and every archived text under sources/), cheap enough for each page load: a file's hash is
  kept while its size, modification time and inode stay the same.
- `history(data_dir, record_id=None)`: the change log's entries (geo.records.Change), oldest first.
- `diff(old_dir, new_dir)`: a DataDiff, the records added, changed and retired, and for each focus
  the years whose map differs.
"""
from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from geo.atlas import REGION
from geo.dataset import Dataset, load
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.paths import DATA
from geo.records import (CHANGES, RELATION_FILES, SOURCE_FILES, Change, DataError, Event, Located, RawData, Relation,
                         Source, read_all, read_collection)
from geo.stories import STORIES
from geo.timeline import year_state

SOURCES_DIR = "sources"
_HASHES: dict[str, tuple[tuple[int, int, int], str]] = {}
_HASHES_LOCK = threading.Lock()


class CurationError(Exception):
    """A change refused, or data that cannot be compared: the message is one line, naming what is wrong."""


def _entries(data_dir: Path) -> list[tuple[str, os.DirEntry]]:
    """The files a version covers, by their path inside the folder: every YAML file but the change log
    (which records versions), every story and every archived text."""
    found = []
    for folder, prefix, counts in ((data_dir, "", lambda name: name.endswith(".yaml") and name != CHANGES),
                                   (data_dir / STORIES, f"{STORIES}/", lambda name: name.endswith(".yaml")),
                                   (data_dir / SOURCES_DIR, f"{SOURCES_DIR}/", lambda name: True)):
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        found += [(prefix + entry.name, entry) for entry in entries
                  if entry.is_file() and not entry.name.startswith(".") and counts(entry.name)]
    return found


def _file_hash(entry: os.DirEntry) -> str:
    status = entry.stat()
    stamp = (status.st_size, status.st_mtime_ns, status.st_ino)
    with _HASHES_LOCK:
        known = _HASHES.get(entry.path)
    if known and known[0] == stamp:
        return known[1]
    with open(entry.path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    with _HASHES_LOCK:
        _HASHES[entry.path] = (stamp, digest)
    return digest


def version_of(hashes: dict[str, str]) -> str:
    """The version of a set of files, given each one's sha256 by its path inside the data folder."""
    listing = "".join(f"{name}\0{digest}\n" for name, digest in sorted(hashes.items()))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def file_hashes(data_dir: Path) -> dict[str, str]:
    return {name: _file_hash(entry) for name, entry in _entries(data_dir)}


def dataset_version(data_dir: Path = DATA) -> str:
    """The content hash of the curated files: the same files, byte for byte, give the same version."""
    return version_of(file_hashes(data_dir))


def history(data_dir: Path = DATA, record_id: str | None = None) -> list[Change]:
    """The change log's entries, oldest first: all of them, or those about one record."""
    raw = RawData(data_dir)
    path = data_dir / CHANGES
    if not path.exists():
        return []
    read_collection(path, Change, data_dir, raw)
    if raw.problems:
        raise CurationError(str(raw.problems[0]))
    return [item.record for item in raw.records[CHANGES] if record_id in (None, item.record.record)]


@dataclass(frozen=True)
class Entry:
    """A record named by a diff: what it is (tie, event or source), its id and title, and for a tie or
    an event the years it stands on the map in the newer data (for a retired one, in the older)."""
    what: str
    id: str
    title: str
    years: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class DataDiff:
    added: list[Entry]
    changed: list[Entry]
    retired: list[Entry]
    # Present in the older data and absent from the newer: never done by the curation commands.
    removed: list[Entry]
    # For each focus (a focal state's code, or REGION), the years whose map differs.
    years: dict[str, list[int]]

    def as_json(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        """The diff as a reader scans it: one line a record, then the years by focus."""
        out = []
        for label, entries in (("added", self.added), ("changed", self.changed), ("retired", self.retired),
                               ("removed", self.removed)):
            for entry in entries:
                years = f" ({_spans(entry.years)})" if entry.years else ""
                out.append(f"{label} {entry.what} {entry.id}: {entry.title}{years}")
        if not out:
            out.append("no record added, changed or retired")
        for focus, years in self.years.items():
            out.append(f"map of {focus}: {_spans(years) if years else 'no year changes'}")
        return out


def _spans(years: list[int]) -> str:
    """1995, 1997–2001: runs of years written as ranges."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def _records(raw: RawData) -> dict[str, tuple[str, Located]]:
    kinds = [(name, "tie") for name in RELATION_FILES] + [("events.yaml", "event")] + \
            [(name, "source") for name in SOURCE_FILES]
    return {item.key: (what, item) for name, what in kinds for item in raw.records.get(name, [])}


def _loaded(data_dir: Path) -> tuple[RawData, Dataset]:
    if not data_dir.is_dir():
        raise CurationError(f"{data_dir} is not a folder")
    try:
        data = load(data_dir).focused(REGION)
    except DataError as exc:
        raise CurationError(f"{data_dir} has {len(exc.problems)} problem(s); the first: {exc.problems[0]}") from None
    return read_all(data_dir), data


def map_states(data: Dataset) -> dict[str, dict[int, dict[str, str]]]:
    """For each focus and year, the ties on its map with their status, and the year's events."""
    states = {}
    for focus in (*data.atlas.codes, REGION):
        view = data.focused(focus)
        states[focus] = {}
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            state = year_state(view, year)
            states[focus][year] = {live.id: live.status.value for live in state.relations} | \
                                  {event.id: "event" for event in state.events}
    return states


def _years_on_map(states: dict[str, dict[int, dict[str, str]]], record_id: str) -> list[int]:
    return [year for year, shown in states[REGION].items() if record_id in shown]


def diff(old_dir: Path, new_dir: Path = DATA) -> DataDiff:
    """What the data in `new_dir` changes against `old_dir`; both must validate."""
    (old_raw, old_data), (new_raw, new_data) = _loaded(old_dir), _loaded(new_dir)
    old, new = _records(old_raw), _records(new_raw)
    old_states, new_states = map_states(old_data), map_states(new_data)

    def entry(record_id: str, item: Located, what: str, states) -> Entry:
        record = item.record
        years = [] if isinstance(record, Source) else _years_on_map(states, record_id)
        return Entry(what, record_id, record.title, years)

    added, changed, retired, removed = [], [], [], []
    for record_id, (what, item) in new.items():
        if record_id not in old:
            added.append(entry(record_id, item, what, new_states))
            continue
        before = old[record_id][1].record
        if isinstance(item.record, (Relation, Event)) and item.record.retired and not before.retired:
            retired.append(entry(record_id, old[record_id][1], what, old_states))
        elif item.record != before:
            changed.append(entry(record_id, item, what, new_states))
    removed = [entry(record_id, item, what, old_states) for record_id, (what, item) in old.items()
               if record_id not in new]
    years = {focus: [year for year in range(FIRST_YEAR, LAST_YEAR + 1)
                     if old_states.get(focus, {}).get(year) != new_states[focus][year]]
             for focus in new_states}
    return DataDiff(added, changed, retired, removed, years)


def version_label(version: str) -> str:
    """A version as people quote it: its first twelve hex digits."""
    return version[:12]

