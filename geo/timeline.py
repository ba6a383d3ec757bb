"""Pure queries over the dataset: what held in a year, and what changed between two years."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.codebook import ATOP_KINDS, Kind, Status
from geo.dataset import Dataset
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.records import Event, Quote, Relation
from geo.styles import kind_rank


class YearOutOfRange(ValueError):
    pass


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise YearOutOfRange(f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return year


def belongs(relation: Relation, year: int) -> bool:
    """Held at any time during the year (dates known only to the month or year taken at their widest)."""
    started = relation.start.date.first_day() <= dt.date(year, 12, 31)
    ended_before = relation.end is not None and relation.end.date.last_day() < dt.date(year, 1, 1)
    return started and not ended_before


def status(relation: Relation, year: int, newest_source_year: int, last_attested: int | None) -> Status:
    """Derived for a year the relation belongs to; see geo.codebook.STATUS_RULE."""
    if relation.kind is Kind.prospective_alliance:
        return Status.speculative
    if year > newest_source_year:
        return Status.planned
    ends_this_year = relation.end is not None and relation.end.date.year == year
    if ends_this_year and relation.start.date.year < year:
        return Status.ended
    if last_attested is not None and year <= last_attested:
        return Status.in_force
    return Status.continuing


@dataclass(frozen=True)
class LiveRelation:
    relation: Relation
    status: Status
    last_attested: int | None = None

    @property
    def id(self) -> str:
        return self.relation.id


@dataclass(frozen=True)
class YearState:
    year: int
    projection: bool
    relations: list[LiveRelation]
    events: list[Event]

    def get(self, relation_id: str) -> LiveRelation | None:
        return next((live for live in self.relations if live.id == relation_id), None)


def year_state(data: Dataset, year: int) -> YearState:
    check_year(year)
    newest = data.newest_source_date.year
    relations = [LiveRelation(r, status(r, year, newest, data.last_attested(r)), data.last_attested(r))
                 for r in data.relations if belongs(r, year)]
    events = [e for e in data.events if e.date.date.year == year]
    return YearState(year, year > newest, relations, events)


@dataclass(frozen=True)
class Change:
    relation: Relation
    before: Status | None
    after: Status | None

    @property
    def what(self) -> str:
        if self.before is None:
            return "appears"
        if self.after is None:
            return "gone"
        return f"{self.before.value} → {self.after.value}"


def changes(data: Dataset, from_year: int, to_year: int) -> list[Change]:
    """Relations that appear, disappear or change status between two years."""
    before = {live.id: live.status for live in year_state(data, from_year).relations}
    after = {live.id: live.status for live in year_state(data, to_year).relations}
    return [Change(r, before.get(r.id), after.get(r.id)) for r in data.relations
            if before.get(r.id) != after.get(r.id)]


def _is_key(data: Dataset, relation: Relation) -> bool:
    """News ties, and of ATOP's only the defence pacts and bloc memberships: a briefing that stopped
    at every friendship treaty would stop every year. MME's exercises, several a year, never lead one; nor
    do COW IGO's memberships, dated to the year, which tell again of the blocs ATOP dates to the day."""
    if relation.exercise is not None or relation.membership is not None:
        return False
    if relation.kind not in ATOP_KINDS or relation.kind in (Kind.defence_pact, Kind.offence_pact):
        return True
    return any(code in data.organisations for code in data.partners(relation))


def key_relations(data: Dataset) -> list[Relation]:
    return [r for r in data.relations if _is_key(data, r)]


def key_years(data: Dataset) -> list[int]:
    """Years in which something starts, ends or happens: the moments a briefing steps through."""
    relations = key_relations(data)
    years = {r.start.date.year for r in relations} | {r.end.date.year for r in relations if r.end}
    years |= {e.date.date.year for e in data.events}
    return sorted(y for y in years if FIRST_YEAR <= y <= LAST_YEAR)


@dataclass(frozen=True)
class Moment:
    """A year worth stopping at in a briefing: what began, ended or happened, and one quote."""
    year: int
    caption: str
    quote: Quote
    record_id: str


def key_moments(data: Dataset) -> list[Moment]:
    """One moment per year in which a tie starts or ends or an event happens, in order."""
    moments = []
    relations = key_relations(data)
    for year in key_years(data):
        starting = sorted((r for r in relations if r.start.date.year == year), key=lambda r: kind_rank(r.kind))
        ending = [r for r in relations if r.end and r.end.date.year == year and r.start.date.year < year]
        # Broad events (known to the year) before single days: "change of power" over a phone call.
        events = sorted((e for e in data.events if e.date.date.year == year),
                        key=lambda e: (len(e.date.date.iso()), e.date.date.iso()))
        ends = "final year (projection)" if year > data.newest_source_date.year else "ends"
        # Every ending is named (once a title: the region's memberships of one treaty end together): a
        # year's first start and event must not push out an end, such as US basing in 2005.
        endings = [f"{title}: {ends}" for title in dict.fromkeys(r.title for r in ending)]
        parts = [r.title for r in starting[:1]] + [e.title for e in events[:1]] + endings
        more = len(starting) + len(events) - min(len(starting), 1) - min(len(events), 1)
        caption = "; ".join(parts) + (f" (+{more} more)" if more else "")
        lead = starting[0] if starting else (events[0] if events else ending[0])
        moments.append(Moment(year, caption, lead.quotes[0], lead.id))
    return moments


def partners(data: Dataset) -> dict[str, str]:
    """Every country or bloc that has a tie with the focus, by name, in alphabetical order."""
    codes = {code for relation in data.relations for code in data.partners(relation)}
    return dict(sorted(((code, data.name(code)) for code in codes), key=lambda item: item[1]))


def ties_with(data: Dataset, code: str) -> list[Relation]:
    """A partner's ties with the focus, in the order they began."""
    return sorted((r for r in data.relations if code in data.partners(r)), key=lambda r: r.start.date.first_day())


def exercises_by_partner(data: Dataset) -> dict[str, dict[int, int]]:
    """How many of MME's exercises the focus held with each partner, by the year each began; the
    partners with most first."""
    counts: dict[str, dict[int, int]] = {}
    for relation in data.relations:
        if relation.exercise is not None:
            for code in data.partners(relation):
                years = counts.setdefault(code, {})
                years[relation.start.date.year] = years.get(relation.start.date.year, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), data.name(item[0])))
    return {code: dict(sorted(years.items())) for code, years in ordered}


def exercise_count_line(data: Dataset, code: str, years: dict[int, int]) -> str:
    """One partner's exercises in words: "Russia: 64 exercises (MME) — 1994 1 · 1995 2 · …"."""
    total = sum(years.values())
    return (f"{data.name(code)}: {total} exercise{'' if total == 1 else 's'} (MME) — "
            + " · ".join(f"{year} {count}" for year, count in years.items()))
