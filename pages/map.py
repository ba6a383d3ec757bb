"""Home: the map of the chosen year, and the quoted passages behind every link."""
import streamlit as st

from pages import view

view.require_entry_script()
data = view.data_or_stop()
year = view.year_slider(data, "map")
state = view.cached_state(year)

ids = [live.id for live in state.relations]
titles = {live.id: live.relation.title for live in state.relations}
focused = view.choice_param("focus", titles, None, f"tie in {year}") if ids else None

map_column, panel = st.columns([2.1, 1], gap="medium")
with map_column:
    picked = view.show_map(year, focused).picked
    if picked and picked != focused and picked in titles:
        view.set_param("focus", picked)
        st.rerun()

with panel:
    st.subheader(f"{len(state.relations)} ties in {year}" + (" (projection)" if state.projection else ""))
    if ids:
        choice = st.selectbox("Focus on a tie", [None, *ids], index=([None, *ids].index(focused)),
                              format_func=lambda i: "All ties" if i is None else titles[i])
        if choice != focused:
            view.set_param("focus", choice)
            st.rerun()
    else:
        st.caption("No documented security tie of Uzbekistan in this year.")
    view.export_buttons(year)
    view.atlas_html(view.year_panel(year, focused), key="panel")
