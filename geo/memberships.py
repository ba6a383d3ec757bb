"""What ATOP 5.1 and COW IGO v3 say of a focal state's membership of an organisation in a year, and where
the two differ.

They code different things. ATOP codes treaties: a state belongs to a bloc while it is a party to the treaty
(an alliance and phase) that carries the bloc's obligations, from the day it entered to the day it left. COW
IGO codes organisations: a state's standing in an intergovernmental organisation, one value a calendar year
(full, associate, observer, none), whatever treaty binds it. `igo/organisations.csv` says which ATOP blocs
count as the same organisation's treaty. Where, in a year, one says member and the other not, both readings
stand as a disagreement, each with the rows that say it; the atlas picks neither. A year COW codes as missing
(-9) or with no such organisation (-1), or that ATOP's data do not reach, is no disagreement: one of the two is
silent.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.atop import COVERAGE_END
from geo.crosscheck import atop_citation
from geo.dataset import Dataset
from geo.igo import DATASET, Coding, Organisation
from geo.records import Quote, Relation
from geo.timeline import belongs

# COW IGO's values as a reading of one year: whether it makes the state a member (None: says neither), in words.
COW_SAYS = {
    1: (True, "a full member in {year} (coded 1)"),
    2: (True, "an associate member in {year} (coded 2)"),
    3: (False, "an observer, not a member, in {year} (coded 3)"),
    0: (False, "not a member in {year} (coded 0)"),
    -9: (None, "missing: no membership information for {year} (coded -9)"),
    -1: (None, "the organisation not in existence in {year} (coded -1)"),
}


@dataclass(frozen=True)
class Reading:
    """What one dataset says of a state's membership of an organisation in a year, and the rows that say it."""
    dataset: str
    member: bool | None  # None: it says neither
    says: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Disagreement:
    state: str
    organisation: str  # the organisation's code
    year: int
    readings: tuple[Reading, Reading]  # ATOP's, then COW IGO's


def cow_reading(coding: Coding, state: str, organisation: Organisation, year: int) -> Reading | None:
    """COW IGO's value for the year, quoting its row; None where the file has no row of the state that year."""
    row = coding.rows.get((state, year))
    if row is None:
        return None
    member, words = COW_SAYS[row.values[organisation.column]]
    return Reading(DATASET, member, words.format(year=year), (Quote(source=coding.source, text=row.text),))


def _rows(data: Dataset, relation: Relation) -> list[Quote]:
    """A coded tie's data rows (its quotes from a CSV file), without the coding sheet's words."""
    return [quote for quote in relation.quotes if data.sources[quote.source].file.endswith(".csv")]


def _span(relation: Relation) -> str:
    return f"from {relation.start.date.label()}" + (f" to {relation.end.date.label()}" if relation.end else "")


def atop_reading(data: Dataset, treaties: list[Relation], atop: list[Relation], state: str, year: int
                 ) -> Reading | None:
    """ATOP's word for the year from the state's memberships (`atop`) of the blocs that are an organisation's
    treaty (`treaties`: every focal state's): a party to one that held during the year, or not, with the rows of
    the nearest before and after. None where ATOP codes no such treaty or its data end before the year."""
    if not treaties or year > COVERAGE_END:
        return None
    dataset = treaties[0].coded.dataset
    live = [r for r in atop if belongs(r, year)]
    if live:
        words = "; ".join(f"a party to the {r.title} {_span(r)} ({atop_citation(r)})" for r in live)
        return Reading(dataset, True, f"a member in {year}: {words}",
                       tuple(quote for r in live for quote in _rows(data, r)))
    left = [r for r in atop if r.end and r.end.date.last_day() < dt.date(year, 1, 1)]
    joins = [r for r in atop if r.start.date.first_day() > dt.date(year, 12, 31)]
    nearest = ([max(left, key=lambda r: r.end.date.last_day())] if left else []) + \
              ([min(joins, key=lambda r: r.start.date.first_day())] if joins else [])
    words = [f"out of the {r.title} since {r.end.date.label()} ({atop_citation(r)})" if r in left else
             f"a party to the {r.title} only from {r.start.date.label()} ({atop_citation(r)})" for r in nearest]
    if not atop:
        alliances = {r.coded.atop_id: r.title for r in treaties}
        words = [f"no row of {data.name(state)} in alliance "
                 + ", ".join(f"{number} ({title})" for number, title in sorted(alliances.items()))]
    return Reading(dataset, False, f"not a member in {year}: " + "; ".join(words),
                   tuple(quote for r in nearest for quote in _rows(data, r)))


def compare(data: Dataset) -> dict[int, list[Disagreement]]:
    """Every disagreement, by year: each focal state and organisation COW IGO codes, in every year of its file."""
    coding = data.igo
    disagreements: dict[int, list[Disagreement]] = {}
    if coding is None:
        return disagreements
    coded = [r for r in (data.whole or data).relations if r.coded and r.parties[1:]]
    for organisation in coding.organisations.values():
        treaties = [r for r in coded if r.parties[1] in organisation.atop]
        for (state, year) in sorted(coding.rows):
            atop = sorted((r for r in treaties if r.parties[0] == state), key=lambda r: r.start.date.first_day())
            pair = (atop_reading(data, treaties, atop, state, year), cow_reading(coding, state, organisation, year))
            if None not in pair and None not in {reading.member for reading in pair} and \
                    pair[0].member != pair[1].member:
                disagreements.setdefault(year, []).append(Disagreement(state, organisation.code, year, pair))
    return disagreements


def concerns(data: Dataset, disagreement: Disagreement, relation: Relation) -> bool:
    """Whether a tie is the membership a disagreement is about: the state's membership of the organisation,
    as COW IGO codes it, or of a bloc that ATOP counts as its treaty."""
    if (relation.membership is None and relation.coded is None) or relation.parties[0] != disagreement.state:
        return False
    organisation = data.igo.organisations[disagreement.organisation]
    return len(relation.parties) == 2 and relation.parties[1] in (organisation.code, *organisation.atop)


def disagreements_of(data: Dataset, relation: Relation, year: int) -> list[Disagreement]:
    """The disagreements of the year about this tie, where it held during the year."""
    if not belongs(relation, year):
        return []
    return [d for d in data.disagreements.get(year, []) if concerns(data, d, relation)]


def in_view(data: Dataset, year: int) -> list[Disagreement]:
    """The year's disagreements about the focal states this view holds: the focus, or all five."""
    return [d for d in data.disagreements.get(year, []) if data.region or d.state == data.focus]
