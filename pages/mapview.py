"""The map on the Map and Briefing pages: what the browser is sent, once a session, and what it
tells the server back (a part it lacks, the year it settled on).
"""
from __future__ import annotations

import streamlit as st

from geo import viewcontract
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.styles import definition as map_definition
from pages.cache import cached_base, cached_frames, cached_panels, cached_view, dataset
from pages.components import atlas_map
from pages.menu import fragment_alone
from pages.urlstate import NO_FILTER, ShownTies, set_param


def show_map(state: str, year: int, focused: str | None, projector: bool = False, key: str = "atlas-map",
             control: bool = False, presenter: bool = False, shown: ShownTies = NO_FILTER):
    """Draw the map; return what the user did on it (`step`: +1/-1 from the presenter's keys).

    With `control`, the year is a browser control beside the map and the quoted panel of every year
    goes along: the browser moves the year itself and reports where it settled (see _map_settled).
    The country outlines and every year's layers go to the browser once a session: the year shown
    first, the rest when the browser asks for them once it has drawn it. Layers and panels hold the
    ties the filter `shown` keeps, and their ids name it: a new filter sends every year anew (at
    once, if the browser already had every year of another), so scrubbing shows filtered years.
    """
    mode = "projector" if projector else "screen"
    kept = f"{state}-{','.join(shown[0])}-{shown[1] or ''}"
    ids = {"base_id": f"base-{mode}", "frames_id": f"frames-{mode}-{kept}"}
    sent = st.session_state.setdefault("_map_sent", set())
    wanted = st.session_state.setdefault("_map_wanted", {ids["base_id"]})
    if any(part.startswith(f"frames-{mode}-") for part in wanted):
        wanted.add(ids["frames_id"])
    every_year = ids["frames_id"] in wanted
    if control:  # the first paint waits only for the year shown; its panel comes alone
        ids["panels_id"] = f"panels-{kept}" if every_year else f"panels-{year}-{kept}"
        wanted.add(ids["panels_id"])
    options = {"year": year, "focus": focused, "first": FIRST_YEAR, "last": LAST_YEAR, "control": control,
               "url": True, "presenter": presenter, "travel": presenter,
               "ack": st.session_state.get("_map_ack", 0),
               "projectionFrom": dataset(state).newest_source_date.year + 1, "definition": map_definition()}
    # Every year's layers, once the browser has them, hold the year's view unless a tie is focused:
    # a settled year then sends no layers at all (encoding them was most of the map's part of the run).
    # The browser prefers the last view it was sent for its year: after a new filter it gets one anew.
    if focused or not every_year or st.session_state.get("_map_view_of") != (mode, kept):
        options["view"] = cached_view(state, year, focused, projector, shown)
        st.session_state["_map_view_of"] = (mode, kept)
    parts = {"base": lambda: cached_base(projector), "frames": lambda: cached_frames(state, projector, shown),
             "panels": lambda: cached_panels(state, None if every_year else year, shown)}
    payload = {**ids, "options": options}
    st.session_state[f"_map_offered_{key}"] = frozenset(ids.values())
    for part, make in parts.items():
        part_id = ids.get(f"{part}_id")
        if part_id in wanted and part_id not in sent:
            payload[part] = make()
            sent.add(part_id)
    return atlas_map(payload, key=key, on_missing_change=lambda: _map_missing(key),
                     on_settled_change=lambda: _map_settled(key), on_step_change=lambda: None)


def _reported(key: str, field: str) -> object:
    """What the map's last report said of `field`; None when the map has left the page since (a report
    sent just before a page switch is handled on the next page, where no map is)."""
    state = st.session_state.get(key)
    return getattr(state, field, None) if state is not None else None


def _map_missing(key: str) -> None:
    """The browser lacks a part (a new page load, or it wants every year now): send it this run. Only
    a part the last run offered is taken (geo.viewcontract): anything else a client reports is dropped, never kept.
    A rerun of the whole page shows the notices of the last again; a map in a fragment leaves them be."""
    missing = viewcontract.missing(_reported(key, "missing"), st.session_state.get(f"_map_offered_{key}", frozenset()))
    if missing is None:
        return
    if not fragment_alone():
        st.session_state["_repeat_notices"] = True
    st.session_state["_map_sent"].discard(missing)
    st.session_state["_map_wanted"].add(missing)


def _map_settled(key: str) -> None:
    """The year (or focused tie) moved in the browser and stayed put: the session, the URL as the
    server knows it (the browser has already written it) and so every other page follow."""
    told = viewcontract.settled(_reported(key, "settled"))
    if told is None:
        return
    st.session_state["year"] = told.year
    st.session_state["_year_in_url"] = str(told.year)
    st.session_state["_map_ack"] = told.seq
    set_param("year", str(told.year))
    set_param("focus", told.focus)
