"""The view kept in the URL: the year, the picked partner, source, passage and tie, and the map's filter.

The year lives in st.session_state["year"] for the whole session, is read from `?year=` when a
link is opened, and is written back to the URL on every change, so any view can be shared. A value
the URL cannot mean opens the nearest valid view, with a notice that quotes it.
"""
from __future__ import annotations

import streamlit as st

from geo import safe
from geo.atlas import Atlas
from geo.codebook import KINDS
from geo.dataset import Dataset
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.filters import EVIDENCE_LABELS, Evidence
from geo.viewstate import parse_choice, parse_evidence, parse_kinds, parse_span, parse_year

# A filter travels as plain values (sorted kind names, evidence name) so the caches can key on it.
ShownTies = tuple[tuple[str, ...], str | None]
NO_FILTER: ShownTies = ((), None)
FILTER_PANEL = "filter-ties"  # the filter's expander: its key, and in the session whether it is open


def set_param(name: str, value: str | None) -> None:
    # Only real changes: each write sends the whole query string to the browser, which would put
    # back a URL the map's own control has moved on from.
    if value is None:
        if name in st.query_params:
            st.query_params.pop(name)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def notice(text: str | None) -> None:
    if text:
        st.warning(safe.markdown(text), icon="↪")
        st.session_state.setdefault("_notices_shown", []).append(text)


def repeat_notices() -> None:
    """Show again the notices of the last run when this run is the map fetching the rest of the
    years: that run reads an already corrected URL, and the reader must still see what changed."""
    shown, st.session_state["_notices_shown"] = st.session_state.get("_notices_shown", []), []
    if st.session_state.pop("_repeat_notices", False):
        for text in shown:
            notice(text)


def shared_year(data: Dataset) -> int:
    """The session's year, kept in the URL. A `?year=` that differs from what this session last
    wrote there (a link opened, a URL edited, the back button) wins, as the nearest valid year."""
    raw = st.query_params.get("year")
    if "year" not in st.session_state or (raw is not None and raw != st.session_state.get("_year_in_url")):
        parsed = parse_year(raw, default=data.newest_source_date.year)
        st.session_state["year"] = parsed.value
        notice(parsed.notice)
    year = st.session_state["year"]
    st.session_state["_year_in_url"] = str(year)
    set_param("year", str(year))
    return year


def shared_focus(atlas: Atlas) -> str:
    """The session's focus (`?state=`: a focal state's code, or `all` for the region), kept in the URL
    like the year: a value that differs from what this session last wrote there wins; one the atlas
    does not know opens the default state's view, with a notice."""
    raw = st.query_params.get("state")
    if "state" not in st.session_state or (raw is not None and raw != st.session_state.get("_state_in_url")):
        parsed = parse_choice(raw, atlas.focuses(), atlas.default, "focal state")
        st.session_state["state"] = parsed.value
        notice(parsed.notice)
    focus = st.session_state["state"]
    st.session_state["_state_in_url"] = focus
    set_param("state", focus)
    return focus


def focus_picker(atlas: Atlas, focus: str) -> None:
    """Which state the atlas is of, or the region; a pick is a new view: the URL changes and the page reruns."""
    names = atlas.focuses()
    choice = st.selectbox("State or region", list(names), index=list(names).index(focus), format_func=names.get,
                          key=f"_focus_picker_{focus}", label_visibility="collapsed", width=220,
                          help="Whose ties the atlas shows: one state, or Central Asia at once")
    if choice != focus:
        st.session_state["state"] = choice
        set_param("state", choice)
        set_param("focus", None)
        st.rerun()


def year_slider(data: Dataset, page: str, label: str = "Year") -> int:
    """The year slider, keyboard-steppable, synced both ways with the session and the URL."""
    year = shared_year(data)
    key = f"_year_slider_{page}"
    # Set the widget only when the year came from elsewhere (URL, another page): setting it on
    # every run would make the browser redraw the slider and drop its keyboard focus.
    if st.session_state.get("_year_slider_page") != page or st.session_state.get(key) != year:
        st.session_state[key] = year
    st.session_state["_year_slider_page"] = page
    st.slider(label, FIRST_YEAR, LAST_YEAR, key=key, on_change=_slider_moved, args=(key,),
              help="Drag, or focus and use the arrow keys. The URL follows, so the view can be shared.")
    return year


def _slider_moved(key: str) -> None:
    st.session_state["year"] = st.session_state[key]


def choice_param(name: str, choices: dict[str, str], default: str | None, what: str) -> str | None:
    """A URL choice such as `?country=RUS`, falling back with a notice when unknown."""
    parsed = parse_choice(st.query_params.get(name), choices, default, what)
    notice(parsed.notice)
    set_param(name, parsed.value)
    return parsed.value


def url_select(label: str, name: str, options: list, current, format_func, clears: tuple[str, ...] = ()) -> None:
    """A select box bound to the URL's `?name=`: a pick rewrites the URL (dropping `clears`) and reruns."""
    choice = st.selectbox(label, options, index=options.index(current), format_func=format_func)
    if choice != current:
        set_param(name, choice)
        for other in clears:
            set_param(other, None)
        st.rerun()


def span_param(length: int) -> tuple[int, int] | None:
    parsed = parse_span(st.query_params.get("at"), length)
    notice(parsed.notice)
    if parsed.value is None:
        set_param("at", None)
    return parsed.value


def _kind_labels(data: Dataset) -> dict[str, str]:
    """The label of every kind some tie in the data has, by name, in the data's order."""
    return {kind.value: KINDS[kind].label for kind in dict.fromkeys(r.kind for r in data.relations)}


def tie_filter_param(data: Dataset) -> ShownTies:
    """The map's filter from `?kinds=` and `?evidence=`, unknown values dropped with a notice."""
    kinds = _kind_labels(data)
    parsed_kinds = parse_kinds(st.query_params.get("kinds"), kinds)
    parsed_evidence = parse_evidence(st.query_params.get("evidence"), tuple(e.value for e in Evidence))
    for parsed in (parsed_kinds, parsed_evidence):
        notice(parsed.notice)
    shown = (tuple(sorted(parsed_kinds.value)), parsed_evidence.value)
    set_param("kinds", ",".join(shown[0]) or None)
    set_param("evidence", shown[1])
    return shown


def tie_filter_controls(data: Dataset, shown: ShownTies) -> None:
    """Kind and evidence pickers; a change rewrites the URL (and drops a focus the filter may hide).

    Drawn only while their expander is open: collapsed, they still cost a first visit of the map the
    browser code of both pickers (~0.2 s before the map showed). It opens by itself on a filtered
    view's first visit; its label and arguments never change (the map's subtitle says what a filter
    hides), since a change would make it a new expander, closed under the hand that changed the filter."""
    if FILTER_PANEL not in st.session_state and shown != NO_FILTER:
        st.session_state[FILTER_PANEL] = True
    box = st.expander("Filter ties", key=FILTER_PANEL, on_change="rerun")
    if not box.open:
        return
    kinds = _kind_labels(data)
    with box:
        picked = st.multiselect("Kinds shown (none picked: all)", list(kinds), default=list(shown[0]),
                                format_func=kinds.get)
        evidence_options = [None, *(e.value for e in Evidence)]
        evidence = st.radio("Evidence", evidence_options, index=evidence_options.index(shown[1]),
                            format_func=lambda e: EVIDENCE_LABELS[Evidence(e) if e else None],
                            horizontal=True)
    if (tuple(sorted(picked)), evidence) != shown:
        set_param("kinds", ",".join(sorted(picked)) or None)
        set_param("evidence", evidence)
        set_param("focus", None)
        st.rerun()


def pin_view(year: int, focus: str) -> None:
    """A view the page itself chooses (a story's step): the session's year and focus, and the URL's, as if a
    link to it had been opened."""
    st.session_state["year"], st.session_state["_year_in_url"] = year, str(year)
    st.session_state["state"], st.session_state["_state_in_url"] = focus, focus
    set_param("year", str(year))
    set_param("state", focus)
