"""Which ties a view shows: by kind (obligation) and by the evidence behind them.

With ATOP in, a year holds 25–40 ties; a briefing often wants only the defence pacts, or only what
the news texts report. The filter is part of the view and lives in the URL (`?kinds=`, `?evidence=`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from geo.codebook import Kind
from geo.dataset import Dataset
from geo.records import Relation
from geo.timeline import YearState


class Evidence(str, Enum):
    news = "news"   # a news text speaks of it (with or without ATOP)
    atop = "atop"   # ATOP codes it (with or without a news text)
    both = "both"   # both do


EVIDENCE_LABELS = {None: "All ties", Evidence.news: "In the news texts", Evidence.atop: "Coded by ATOP",
                   Evidence.both: "In both"}


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
        return {None: True, Evidence.news: news, Evidence.atop: coded, Evidence.both: news and coded}[self.evidence]

    @property
    def active(self) -> bool:
        return bool(self.kinds) or self.evidence is not None


def filtered(data: Dataset, state: YearState, tie_filter: TieFilter) -> YearState:
    """The year's state with only the ties the filter keeps (events stay: they are not ties)."""
    if not tie_filter.active:
        return state
    return replace(state, relations=[live for live in state.relations if tie_filter.keeps(data, live.relation)])
