"""What every page shares: the cached dataset, and the year (and other choices) kept in the URL.

The year lives in st.session_state["year"] for the whole session, is read from `?year=` when a
link is opened, and is written back to the URL on every change, so any view can be shared.
"""
from __future__ import annotations

import streamlit as st

from geo.dataset import Dataset, load
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.charts import timeline_figure
from geo.figures import Scale, map_figure
from geo.records import DataError
from geo.codebook import Status
from geo.timeline import YearState, year_state
from geo.viewstate import parse_choice, parse_span, parse_year


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    return load()


def data_or_stop() -> Dataset:
    try:
        return dataset()
    except DataError as exc:
        st.error("The data in data/ has problems, so nothing is drawn until they are fixed "
                 "(`python -m geo validate` lists them):\n\n" + "\n".join(f"- `{p}`" for p in exc.problems))
        st.stop()


@st.cache_data(show_spinner=False, max_entries=200)
def cached_state(year: int) -> YearState:
    return year_state(dataset(), year)


@st.cache_data(show_spinner=False, max_entries=400)
def cached_map(year: int, selected: str | None, projector: bool) -> dict:
    return map_figure(dataset(), cached_state(year), selected,
                      Scale.projector() if projector else Scale(), height=760 if projector else 680)


@st.cache_data(show_spinner=False, max_entries=200)
def cached_timeline(year: int, selected: str | None) -> dict:
    return timeline_figure(dataset(), year, selected)


def status_in(year: int, relation_id: str) -> Status | None:
    live = cached_state(year).get(relation_id)
    return live.status if live else None


def set_param(name: str, value: str | None) -> None:
    if value is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def notice(text: str | None) -> None:
    if text:
        st.warning(text, icon="↪")


def shared_year(data: Dataset) -> int:
    """The session's year, kept in the URL. A `?year=` that differs from what this session last
    wrote there (a link opened, a URL edited, the back button) wins, as the nearest valid year."""
    raw = st.query_params.get("year")
    if "year" not in st.session_state or (raw is not None and raw != st.session_state.get("_year_in_url")):
        parsed = parse_year(raw, default=data.newest_source_date.year)
        st.session_state["year"] = parsed.value
        notice(parsed.notice)
    year = st.session_state["year"]
    st.query_params["year"] = st.session_state["_year_in_url"] = str(year)
    return year


def _slider_moved() -> None:
    st.session_state["year"] = st.session_state["_year_slider"]


def year_slider(data: Dataset, label: str = "Year") -> int:
    """The year slider, keyboard-steppable, synced both ways with the session and the URL."""
    year = shared_year(data)
    if st.session_state.get("_year_slider") != year:
        # Only when the year came from elsewhere (URL, another page): setting a widget's value
        # on every run would make the browser redraw the slider and drop its keyboard focus.
        st.session_state["_year_slider"] = year
    st.slider(label, FIRST_YEAR, LAST_YEAR, key="_year_slider", on_change=_slider_moved,
              help="Drag, or focus and use the arrow keys. The URL follows, so the view can be shared.")
    return year


def choice_param(name: str, choices: dict[str, str], default: str | None, what: str) -> str | None:
    """A URL choice such as `?country=KAZ`, falling back with a notice when unknown."""
    parsed = parse_choice(st.query_params.get(name), choices, default, what)
    notice(parsed.notice)
    set_param(name, parsed.value)
    return parsed.value


def span_param(length: int) -> tuple[int, int] | None:
    parsed = parse_span(st.query_params.get("at"), length)
    notice(parsed.notice)
    if parsed.value is None:
        set_param("at", None)
    return parsed.value
