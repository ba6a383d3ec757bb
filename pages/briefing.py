"""Briefing: the map full-size for a projector, stepping through the key moments with their
caption and the quote that carries each. PageDown/PageUp (a clicker) or N/P step; ▶ Play animates."""
import streamlit as st

from geo.viewstate import parse_step
from pages import cache, mapview, style, urlstate
from pages.components import atlas_html

data = cache.data_or_stop()
year = urlstate.shared_year(data)
moments = cache.moments(data.focus)
years = [m.year for m in moments]


def go_to(target: int) -> None:
    st.session_state["year"] = target


def step(direction: int) -> None:
    later = [y for y in years if y > year] if direction > 0 else [y for y in reversed(years) if y < year]
    if later:
        go_to(later[0])


style.presentation_style()
map_column, words = st.columns([2.4, 1], gap="large")
with map_column:
    result = mapview.show_map(data.focus, year, None, projector=True, key="briefing-map", presenter=True)
    if (direction := parse_step(result.step)) is not None:
        step(direction)
        st.rerun()
with words:
    moment = next((m for m in moments if m.year == year), None)
    position = f"{years.index(year) + 1} of {len(years)}" if moment else "between key moments"
    back, ahead = st.columns(2)
    back.button("◀ Previous", on_click=step, args=(-1,), width="stretch", disabled=year <= years[0],
                help="PageUp or P")
    ahead.button("Next ▶", on_click=step, args=(1,), width="stretch", disabled=year >= years[-1],
                 help="PageDown or N")
    st.caption(f"Key moment {position} · PageDown/PageUp or N/P to step")
    if moment:
        atlas_html(cache.moment_html(data.focus, moment, cache.cached_state(data.focus, year).projection), key="moment")
    else:
        st.markdown(f"## {year}")
    st.html(f'<a href="./?year={year}&amp;state={data.focus}" target="_self" class="atlas-leave">Leave briefing mode</a>')
