"""The dataset, loaded once per server, and what the pages draw from it, computed once.

Every session steps through the same forty years, so a year's state, map layers, charts and panels
are cached for all of them: st.cache_resource for what is shared and never changed (no copy per
step), st.cache_data for what Streamlit may hand out as a copy.

The data can change under a running server (`python -m geo add-tie`, the curation page, another
process behind the same proxy): each page load compares the dataset's version, a hash of the files
kept while their sizes and times stay the same, and on a new one loads the data again and drops
everything computed from the old. A run already under way keeps the dataset it started with.
"""
from __future__ import annotations

import gc

import streamlit as st

from geo import safe
from geo.charts import timeline_figure
from geo.codebook import Kind, Status
from geo.atlas import REGION
from geo.changes import dataset_version, history
from geo.curation import change_lines
from geo.dataset import Dataset, load
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.docs import method_text
from geo.figures import Scale, base_traces, fergana_figure, locator_figure, map_view
from geo.filters import filtered, tie_filter
from geo.panels import STYLE as PANEL_STYLE, event_card, relation_card, year_panels
from geo.records import DataError
from geo.stories import Story, key_moment_story
from geo.timeline import YearState, partners, ties_with, year_state
from pages.charts import Chart, encoded
from pages.urlstate import NO_FILTER, ShownTies, repeat_notices, shared_focus


LATEST_CHANGES = 10
_seen: dict[str, str] = {}


def everything() -> Dataset:
    """Every record as the files on disk now hold it: the region view, from which each focal state's
    view is taken."""
    version = dataset_version()
    if _seen.setdefault("version", version) != version:
        _seen["version"] = version
        for cached in DERIVED:
            cached.clear()
    return _everything(version)


@st.cache_resource(show_spinner=False, max_entries=1)  # one version at a time: the old one is let go
def _everything(version: str) -> Dataset:
    data = load().focused(REGION)
    # Python's full collections would walk the libraries and the dataset, which live as long as the
    # server, on the time of some visitor's step. Frozen, they are skipped, and a collection only walks
    # what later runs allocate. (Unfrozen first, so the dataset of an older version can go.)
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return data


def dataset(focus: str) -> Dataset:
    return everything().focused(focus)


SHOWN_PROBLEMS = 10


def data_or_stop() -> Dataset:
    """The dataset as the view's focus (`?state=`) sees it; a page that cannot have it says why and stops."""
    repeat_notices()
    try:
        whole = everything()
    except DataError as exc:
        # A summary, not every line: a broken file of thousands of records would make a page of them.
        first = exc.problems[:SHOWN_PROBLEMS]
        more = len(exc.problems) - len(first)
        st.error(f"The data in data/ has {len(exc.problems):,} problem(s), so nothing is drawn until they are "
                 "fixed. `python -m geo validate` lists them all; the first:\n\n"
                 + "\n".join(f"- {safe.markdown(p)}" for p in first)
                 + (f"\n\n…and {more:,} more." if more else ""))
        st.stop()
    return whole.focused(shared_focus(whole.atlas))


@st.cache_resource(show_spinner=False, max_entries=200)
def cached_state(focus: str, year: int) -> YearState:
    return year_state(dataset(focus), year)


def status_in(focus: str, year: int, relation_id: str) -> Status | None:
    live = cached_state(focus, year).get(relation_id)
    return live.status if live else None


def _scale(projector: bool) -> tuple[Scale, int]:
    return (Scale.projector(), 820) if projector else (Scale(), 680)


@st.cache_resource(show_spinner=False, max_entries=400)
def shown_state(focus: str, year: int, shown: ShownTies = NO_FILTER) -> YearState:
    return filtered(dataset(focus), cached_state(focus, year), tie_filter(*shown))


@st.cache_resource(show_spinner=False, max_entries=400)  # shared, never mutated: no copy per step
def cached_view(focus: str, year: int, selected: str | None, projector: bool, shown: ShownTies = NO_FILTER) -> dict:
    scale, height = _scale(projector)
    return map_view(dataset(focus), shown_state(focus, year, shown), selected, scale, height, tie_filter(*shown))


@st.cache_resource(show_spinner=False)
def cached_base(projector: bool) -> list[dict]:
    return base_traces("region", _scale(projector)[0])


@st.cache_resource(show_spinner=False)
def cached_frames(focus: str, projector: bool, shown: ShownTies = NO_FILTER) -> dict[int, dict]:
    return {year: cached_view(focus, year, None, projector, shown) for year in range(FIRST_YEAR, LAST_YEAR + 1)}


@st.cache_resource(show_spinner=False, max_entries=41)
def cached_panels(focus: str, year: int | None = None, shown: ShownTies = NO_FILTER) -> dict:
    """Every year's quoted panel for the map component, or (first paint) only `year`'s, of the ties the
    filter keeps."""
    years = range(FIRST_YEAR, LAST_YEAR + 1) if year is None else [year]
    return year_panels(dataset(focus), [shown_state(focus, one, shown) for one in years])


# Each figure is encoded once per server, and the year of a timeline is moved in the browser (pages/charts.py).
@st.cache_resource(show_spinner=False, max_entries=200)
def cached_timeline(focus: str, selected: str | None, partner: str | None = None) -> Chart:
    return encoded(timeline_figure(dataset(focus), FIRST_YEAR, selected, partner=partner))


@st.cache_resource(show_spinner=False, max_entries=400)
def cached_locator(focus: str, code: str, year: int) -> Chart:
    return encoded(locator_figure(dataset(focus), code, year))


# The Fergana Valley is a place, not a focus: its page shows every state's ties and events there.
@st.cache_resource(show_spinner=False, max_entries=60)
def cached_fergana(year: int) -> Chart:
    return encoded(fergana_figure(everything(), cached_state(REGION, year)))


@st.cache_data(show_spinner=False)
def partner_names(focus: str) -> dict[str, str]:
    return partners(dataset(focus))


@st.cache_data(show_spinner=False, max_entries=400)
def partner_ties(focus: str, year: int, code: str) -> tuple[str, str]:
    """HTML of a partner's documented ties and of what sources argue about its future."""
    data = dataset(focus)
    cards = {False: [], True: []}
    exercises = []  # MME's, dozens with a neighbour: folded away under one line
    for relation in ties_with(data, code):
        card = relation_card(data, relation, status_in(focus, year, relation.id), year)
        (exercises if relation.exercise else cards[relation.kind is Kind.prospective_alliance]).append(card)
    if exercises:
        cards[False].append(f"<details><summary>{len(exercises)} military exercise{'s' if len(exercises) > 1 else ''} "
                            f"(MME): open to read each</summary>{''.join(exercises)}</details>")
    return tuple(PANEL_STYLE + "".join(cards[flag]) if cards[flag] else "" for flag in (False, True))


@st.cache_data(show_spinner=False, max_entries=60)
def fergana_panel(year: int) -> str:
    data = everything()
    memos = [r for r in data.relations if r.provinces]
    events = [e for e in data.events if e.place in data.provinces]
    return PANEL_STYLE + "".join([relation_card(data, r, status_in(REGION, year, r.id), year) for r in memos]
                                 + [event_card(data, e, year) for e in events])


@st.cache_data(show_spinner=False)
def method_markdown() -> str:
    return method_text(everything())


@st.cache_resource(show_spinner=False)
def key_story(focus: str) -> Story:
    return key_moment_story(dataset(focus))


@st.cache_data(show_spinner=False, max_entries=1)
def latest_changes(version: str) -> list[str]:
    """The change log's newest entries, newest first, one line each."""
    return change_lines(history()[-LATEST_CHANGES:][::-1])


# Everything computed from the dataset, dropped when its version changes (the country outlines are not).
DERIVED = (cached_state, shown_state, cached_view, cached_frames, cached_panels, cached_timeline, cached_locator,
           cached_fergana, partner_names, partner_ties, fergana_panel, method_markdown, key_story)
