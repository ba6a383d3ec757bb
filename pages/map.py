"""Home: the map of the chosen year, and the quoted passages behind every link.

The year is a browser control inside the map component: a step, a drag or a key redraws the map,
its title and the quoted panel in the browser at once; once the year stays put the browser tells
the server, so the session, the other pages' links and the exports follow.
"""
import streamlit as st

from geo.panels import STYLE as PANEL_STYLE
from pages import cache, exports, mapview, menu, urlstate

# Notices, the filter and the export buttons come and go; inside fixed containers they never shift
# the map component's place on the page, which would rebuild it (and lose the control's keyboard focus).
with st.container():
    data = cache.data_or_stop()
    year = urlstate.shared_year(data)
    shown = urlstate.tie_filter_param(data)
    titles = {live.id: live.relation.title for live in cache.shown_state(data.focus, year, shown).relations}
    focused = urlstate.choice_param("focus", titles, None, f"tie in {year}") if titles else None
with st.container():
    filter_column, export_column = st.columns([2.1, 1], gap="medium")
    with filter_column:
        urlstate.tie_filter_controls(data, shown)
    with export_column:
        exports.export_buttons(data.focus, year, shown)
st.html(PANEL_STYLE)


@st.fragment
def the_map(year: int, focused: str | None) -> None:
    """The map, rerun alone when it reports back: the browser already shows the year it settled on,
    so only what names the year outside it follows — the menu's links, and an open export panel,
    which needs the page rerun."""
    if menu.fragment_alone():
        if st.session_state["year"] != year and st.session_state.get(exports.EXPORT_PANEL):
            st.rerun(scope="app")
        year = st.session_state["year"]
        told = st.query_params.get("focus")
        focused = told if told and cache.shown_state(data.focus, year, shown).get(told) else None
    mapview.show_map(data.focus, year, focused, control=True, shown=shown)
    menu.draw_links()


the_map(year, focused)
