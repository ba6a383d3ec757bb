"""Home: the map of the chosen year, and the quoted passages behind every link."""
import streamlit as st

from pages import view

data = view.data_or_stop()
year = view.year_slider(data, "map")
state = view.cached_state(year)

titles = {live.id: live.relation.title for live in state.relations}
focused = view.choice_param("focus", titles, None, f"tie in {year}") if titles else None

map_column, panel = st.columns([2.1, 1], gap="medium")
with map_column:
    picked = view.show_map(year, focused).picked
    if picked and picked != focused and picked in titles:
        view.set_param("focus", picked)
        st.rerun()

with panel:
    st.subheader(f"{len(state.relations)} ties in {year}" + (" (projection)" if state.projection else ""))
    if titles:
        view.url_select("Focus on a tie", "focus", [None, *titles], focused,
                        lambda i: "All ties" if i is None else titles[i])
    else:
        st.caption("No documented security tie of Uzbekistan in this year.")
    view.export_buttons(year)
    view.atlas_html(view.year_panel(year, focused), key="panel")
