"""The validated dataset as the app and the command line use it."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from geo.atlas import REGION, Atlas, FocalState
from geo.dates import PartialDate
from geo.igo import Coding, coding
from geo.tables import COW_TABLE, names_by_code, read_cow_table
from geo.paths import DATA
from geo.records import (IGO_RELATIONS, MME_RELATIONS, RELATION_FILES, SOURCE_FILES, Claim, Country, DataError, Event,
                         Organisation, Point, Province, Relation, Source, linked_atop, read_all)
from geo.text import locate
from geo.validate import check


@dataclass(frozen=True)
class Dataset:
    """Every record, seen from one focus: a focal state's code (its ties and the events that concern
    it) or REGION (everything). `focused` gives the same data from another focus."""
    atlas: Atlas
    focus: str
    sources: dict[str, Source]
    texts: dict[str, str]
    countries: dict[str, Country]
    organisations: dict[str, Organisation]
    provinces: dict[str, Province]
    relations: list[Relation]
    events: list[Event]
    claims: list[Claim]
    # Names of the states in ATOP's member lists (data/atop/cow_states.csv), for blocs' members.
    state_names: dict[str, str]
    # COW IGO's value of each organisation for each focal state and year (None: no COW IGO file imported).
    igo: Coding | None
    # The authored stories of data/stories/ by id (geo.stories.Story), each checked against the records.
    stories: dict = field(default_factory=dict)
    # The region view this one was taken from (None: this is it), and the views taken from it.
    whole: Dataset | None = field(default=None, repr=False, compare=False)
    views: dict[str, Dataset] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def attested(self) -> dict[str, int | None]:
        """Each relation's last attested year; see geo.codebook.ATTESTED_RULE."""
        return {r.id: self._last_attested(r) for r in self.relations}

    def _last_attested(self, relation: Relation) -> int | None:
        years = [self.sources[q.source].published.date.year for q in relation.quotes if q.current]
        if not years or max(years) < relation.start.date.year:
            return None
        return min(max(years), relation.end.date.year) if relation.end else max(years)

    def last_attested(self, relation: Relation) -> int | None:
        return self.attested.get(relation.id)

    @cached_property
    def disagreements(self) -> dict:
        """Where ATOP and COW IGO differ on a focal state's membership, by year (geo.memberships.Disagreement):
        worked out once, for the region, and shared by its views."""
        if self.whole is not None:
            return self.whole.disagreements
        from geo.memberships import compare  # geo.memberships reads a Dataset: imported here, not at the top
        return compare(self)

    @cached_property
    def newest_source_date(self) -> PartialDate:
        """Years after this are projections: no source can document them."""
        return max((source.published.date for source in self.sources.values()), key=PartialDate.last_day)

    def focused(self, focus: str) -> "Dataset":
        """The dataset as `focus` sees it; KeyError for a focus the atlas does not know."""
        if focus != REGION and focus not in self.atlas.codes:
            raise KeyError(focus)
        everything = self.whole or self
        if focus == REGION:
            return everything
        if focus not in everything.views:
            everything.views[focus] = replace(
                everything, focus=focus, whole=everything, views={},
                relations=[r for r in everything.relations if focus in r.parties],
                events=[e for e in everything.events if self.concerns(e, focus)])
        return everything.views[focus]

    def concerns(self, event: Event, code: str) -> bool:
        """An event is a focal state's when it takes part or it happens there; one with no focal
        state in it (a war elsewhere) is everyone's context."""
        place = self.provinces[event.place].country if event.place in self.provinces else event.place
        focal = set(self.atlas.codes)
        return code in event.parties or place == code or not (focal & set(event.parties)) and place not in focal

    def view_of(self, record: Relation | Event, focus: str) -> str:
        """The focus under which a record shows: `focus` if its view holds the record, else the first
        focal state whose view does (the region's for none)."""
        def holds(code: str) -> bool:
            return code in record.parties if isinstance(record, Relation) else self.concerns(record, code)
        if focus == REGION or holds(focus):
            return focus
        return next((code for code in self.atlas.codes if holds(code)), REGION)

    @property
    def focal(self) -> FocalState | None:
        """The focal state, or None in the region view."""
        return None if self.focus == REGION else self.atlas.state(self.focus)

    @property
    def region(self) -> bool:
        return self.focus == REGION

    def holders(self, relation: Relation) -> list[str]:
        """The tie's Central Asian side as this view draws it: the focal state, or in the region view
        the focal states that are parties (only the first, for a tie among them)."""
        if self.focal is not None:
            return [self.focus]
        inside = [p for p in relation.parties if p in self.atlas.codes]
        return inside if len(inside) < len(relation.parties) else inside[:1]

    def partners(self, relation: Relation) -> list[str]:
        """The other side of a tie: whom the holders are tied to."""
        holders = self.holders(relation)
        return [p for p in relation.parties if p not in holders]

    def name(self, code: str) -> str:
        for table in (self.countries, self.organisations, self.provinces):
            if code in table:
                return table[code].name
        return self.state_names.get(code, code)

    def place(self, code: str | None, year: int | None = None) -> Point | None:
        """Where a code stands on a map: a focal state's seat of government in `year` (its latest
        without one), a country's capital, a province's centre; blocs have none."""
        if code in self.atlas.codes:
            state = self.atlas.state(code)
            return state.seat(year) if year is not None else state.seats[-1]
        if code == REGION:  # where the region view draws its ties with outside powers from
            return self.atlas.hub
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
        if source.cite_as:
            return source.cite_as
        date = source.published.date.label() + (" (date inferred)" if source.published.inferred else "")
        parts = [source.outlet or f"“{source.title}” (outlet not named)", source.author, date]
        return ", ".join(p for p in parts if p)


def load(data_dir: Path = DATA) -> Dataset:
    """Read and validate every file in data_dir; raise DataError listing every problem."""
    raw = read_all(data_dir)
    problems, texts = check(raw)
    if problems:
        raise DataError(problems)
    everything = _everything(raw, texts, data_dir)
    from geo.stories import read_stories  # a story refers to the records: read once they stand
    stories, problems = read_stories(data_dir, everything)
    if problems:
        raise DataError(problems)
    return replace(everything, stories=stories, views={}).focused(raw.atlas.default)


def _everything(raw, texts: dict[str, str], data_dir: Path) -> Dataset:
    """Every record of a validated read: the region view, from which each focal state's is taken."""
    def records(*filenames: str) -> list:
        """The records in force: a retired one stays in its file and the change log, off the map and out of exports."""
        return [item.record for filename in filenames for item in raw.records[filename]
                if getattr(item.record, "retired", None) is None]

    return Dataset(
        atlas=raw.atlas,
        focus=REGION,
        sources={s.id: s for s in records(*SOURCE_FILES)},
        texts=texts,
        countries={c.code: c for c in records("countries.yaml")},
        organisations={o.code: o for o in records("organisations.yaml")},
        provinces={p.code: p for p in records("provinces.yaml")},
        # MME's exercises and COW IGO's memberships link to no curated tie: they stand beside the rest as imported.
        relations=(merge_linked(records(RELATION_FILES[0]), records(RELATION_FILES[1])) + records(MME_RELATIONS)
                   + records(IGO_RELATIONS)),
        events=records("events.yaml"),
        claims=records("claims.yaml"),
        state_names=names_by_code(read_cow_table(data_dir / COW_TABLE)),
        igo=coding(records("igo_sources.yaml"), texts, data_dir, raw.atlas),
    )


def merge_linked(curated: list[Relation], coded: list[Relation]) -> list[Relation]:
    """A curated tie linked to an ATOP alliance (`atop: 5075`) becomes one tie carrying both
    evidences; the ATOP tie is not shown again on its own. The validator has checked that the two
    agree on parties and dates."""
    merged, absorbed = [], set()
    for relation in curated:
        linked = linked_atop(relation, coded) if relation.atop else []
        if linked:
            atop = linked[0]
            absorbed.add(atop.id)
            relation = relation.model_copy(update={"quotes": relation.quotes + atop.quotes, "coded": atop.coded})
        merged.append(relation)
    return merged + [c for c in coded if c.id not in absorbed]
