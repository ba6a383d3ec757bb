"""Home: the map of the chosen year, and the quoted passages behind every link."""
import streamlit as st

from geo.panels import STYLE, event_card, relation_card
from pages import view

data = view.data_or_stop()
year = view.year_slider(data)
state = view.cached_state(year)

ids = [live.id for live in state.relations]
titles = {live.id: live.relation.title for live in state.relations}
focused = view.choice_param("focus", titles, None, f"tie in {year}") if ids else None

map_column, panel = st.columns([2.1, 1], gap="medium")
with map_column:
    picked = st.plotly_chart(view.cached_map(year, focused, False), key=f"map-{year}", on_select="rerun",
                             selection_mode="points", config={"displaylogo": False, "scrollZoom": False})
    clicked = [p.get("customdata") for p in (picked.selection.points if picked else []) if p.get("customdata")]
    if clicked and clicked[0] != focused and clicked[0] in titles:
        st.query_params["focus"] = clicked[0]
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
    shown = [live for live in state.relations if focused in (None, live.id)]
    cards = [relation_card(data, live.relation, live.status, year, focused == live.id) for live in shown]
    if focused is None:
        cards += [event_card(data, event, year) for event in state.events]
    st.html(STYLE + "".join(cards))
