"""Home: the map of the chosen year, and the quoted passages behind every link."""
import streamlit as st

from pages import view

data = view.data_or_stop()
year = view.year_slider(data, "map")
shown = view.tie_filter_param(data)
state = view.shown_state(year, shown)

titles = {live.id: live.relation.title for live in state.relations}
focused = view.choice_param("focus", titles, None, f"tie in {year}") if titles else None

map_column, panel = st.columns([2.1, 1], gap="medium")
with map_column:
    picked = view.show_map(year, focused, shown=shown).picked
    if picked and picked != focused and picked in titles:
        view.set_param("focus", picked)
        st.rerun()

with panel:
    st.subheader(f"{len(state.relations)} ties in {year}" + (" (projection)" if state.projection else ""))
    view.tie_filter_controls(data, shown)
    if titles:
        view.url_select("Focus on a tie", "focus", [None, *titles], focused,
                        lambda i: "All ties" if i is None else titles[i])
    else:
        st.caption("No documented security tie of Uzbekistan in this year"
                   + (" that the filter keeps." if shown != view.NO_FILTER else "."))
    view.export_buttons(year)
    view.atlas_html(view.year_panel(year, focused, shown), key="panel")
