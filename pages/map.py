"""Home: the map of the chosen year, and the quoted passages behind every link.

The year is a browser control inside the map component: a step, a drag or a key redraws the map,
its title and the quoted panel in the browser at once; once the year stays put the browser tells
the server, so the session, the other pages' links and the exports follow.
"""
import streamlit as st

from pages import view

# Notices, the filter and the export buttons come and go; inside fixed containers they never shift
# the map component's place on the page, which would rebuild it (and lose the control's keyboard focus).
with st.container():
    data = view.data_or_stop()
    year = view.shared_year(data)
    shown = view.tie_filter_param(data)
    titles = {live.id: live.relation.title for live in view.shown_state(year, shown).relations}
    focused = view.choice_param("focus", titles, None, f"tie in {year}") if titles else None
with st.container():
    filter_column, export_column = st.columns([2.1, 1], gap="medium")
    with filter_column:
        view.tie_filter_controls(data, shown)
    with export_column:
        view.export_buttons(year)
st.html(view.PANEL_STYLE)
view.show_map(year, focused, control=True, shown=shown)
