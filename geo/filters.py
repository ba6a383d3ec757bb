"""Which ties a view shows: by kind (obligation) and by the evidence behind them.

With ATOP in, a year holds 25–40 ties; a briefing often wants only the defence pacts, or only what
the news texts report. The filter is part of the view and lives in the URL (`?kinds=`, `?evidence=`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

from geo.codebook import KINDS, Kind
from geo.dataset import Dataset
from geo.records import Relation
from geo.styles import kind_rank
from geo.timeline import YearState


class Evidence(str, Enum):
    news = "news"   # a news text speaks of it (with or without ATOP)
    atop = "atop"   # ATOP codes it (with or without a news text)
    both = "both"   # both do
    mme = "mme"     # MME codes it: a military exercise


EVIDENCE_LABELS = {None: "All ties", Evidence.news: "In the news texts", Evidence.atop: "Coded by ATOP",
                   Evidence.both: "In both", Evidence.mme: "Exercises (MME)"}
EVIDENCE_WORDS = {Evidence.news: "in the news texts", Evidence.atop: "coded by ATOP",
                  Evidence.both: "in the news texts and coded by ATOP", Evidence.mme: "exercises coded by MME"}


def has_news(data: Dataset, relation: Relation) -> bool:
    return any(data.sources[q.source].cite_as is None for q in relation.quotes)


@dataclass(frozen=True)
class TieFilter:
    kinds: frozenset[Kind] = frozenset()   # empty: every kind
    evidence: Evidence | None = None       # None: any evidence

    def keeps(self, data: Dataset, relation: Relation) -> bool:
        if self.kinds and relation.kind not in self.kinds:
            return False
        news, coded = has_news(data, relation), relation.coded is not None
        return {None: True, Evidence.news: news, Evidence.atop: coded, Evidence.both: news and coded,
                Evidence.mme: relation.exercise is not None}[self.evidence]

    @property
    def active(self) -> bool:
        return bool(self.kinds) or self.evidence is not None

    def words(self) -> str | None:
        """What the filter keeps, in words for a map's subtitle; None if it keeps every tie."""
        if not self.active:
            return None
        kept = [", ".join(KINDS[kind].label for kind in sorted(self.kinds, key=kind_rank))] if self.kinds else []
        if self.evidence is not None:
            kept.append(EVIDENCE_WORDS[self.evidence])
        return "Filtered: only " + "; ".join(kept)

    def to_json(self) -> dict:
        return {"kinds": sorted(kind.value for kind in self.kinds), "evidence": self.evidence and self.evidence.value}


def tie_filter(kinds: Iterable[str] = (), evidence: str | None = None) -> TieFilter:
    """The filter of kind and evidence names, as `?kinds=` and `?evidence=` give them."""
    return TieFilter(frozenset(Kind(kind) for kind in kinds), Evidence(evidence) if evidence else None)


EVERY_TIE = TieFilter()


def filtered(data: Dataset, state: YearState, shown: TieFilter) -> YearState:
    """The year's state with only the ties the filter keeps (events stay: they are not ties)."""
    if not shown.active:
        return state
    return replace(state, relations=[live for live in state.relations if shown.keeps(data, live.relation)])
