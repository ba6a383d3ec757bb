"""The validated dataset as the app and the command line use it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from geo.dates import PartialDate
from geo.records import (DATA_DIR, HOME, Claim, Country, DataError, Event, Organisation, Point, Province,
                         Relation, Source, read_all)
from geo.text import locate
from geo.validate import check


@dataclass(frozen=True)
class Dataset:
    sources: dict[str, Source]
    texts: dict[str, str]
    countries: dict[str, Country]
    organisations: dict[str, Organisation]
    provinces: dict[str, Province]
    relations: list[Relation]
    events: list[Event]
    claims: list[Claim]

    @cached_property
    def newest_source_date(self) -> PartialDate:
        """Years after this are projections: no source can document them."""
        return max((source.published.date for source in self.sources.values()), key=PartialDate.last_day)

    @property
    def home(self) -> Country:
        return self.countries[HOME]

    def name(self, code: str) -> str:
        for table in (self.countries, self.organisations, self.provinces):
            if code in table:
                return table[code].name
        return code

    def place(self, code: str | None) -> Point | None:
        """Where a code stands on a map: a country's capital, a province's centre; blocs have none."""
        if code in self.countries:
            return self.countries[code].capital
        if code in self.provinces:
            return self.provinces[code].centre
        return None

    def relation(self, relation_id: str) -> Relation | None:
        return next((r for r in self.relations if r.id == relation_id), None)

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)

    def claims_about(self, record_id: str) -> list[Claim]:
        return [claim for claim in self.claims if claim.about == record_id]

    def span(self, source_id: str, quote_text: str) -> tuple[int, int]:
        """Where a (validated) quote stands in its archived text."""
        span = locate(self.texts[source_id], quote_text)
        assert span is not None, "quotes are checked verbatim on load"
        return span

    def citation(self, source_id: str) -> str:
        """Outlet, author and date as a reader cites them, with the date flagged when inferred."""
        source = self.sources[source_id]
        date = source.published.date.label() + (" (date inferred)" if source.published.inferred else "")
        parts = [source.outlet or f"“{source.title}” (outlet not named)", source.author, date]
        return ", ".join(p for p in parts if p)


def load(data_dir: Path = DATA_DIR) -> Dataset:
    """Read and validate every file in data_dir; raise DataError listing every problem."""
    raw = read_all(data_dir)
    problems, texts = check(raw)
    if problems:
        raise DataError(problems)

    def records(filename: str) -> list:
        return [item.record for item in raw.records[filename]]

    return Dataset(
        sources={s.id: s for s in records("sources.yaml")},
        texts=texts,
        countries={c.code: c for c in records("countries.yaml")},
        organisations={o.code: o for o in records("organisations.yaml")},
        provinces={p.code: p for p in records("provinces.yaml")},
        relations=records("relations.yaml"),
        events=records("events.yaml"),
        claims=records("claims.yaml"),
    )
