"""Briefing: the map full-size for a projector, stepping through a story: the key moments the atlas picks
(the default, kept by year), or a briefer's story of data/stories/ (`?story=<id>&step=N`), each step with its
heading, the briefer's note and the quotes it stands on. PageDown/PageUp (a clicker) or N/P step, and the
map travels through the years between; S shows the next step to the presenter; ▶ Play animates."""
from urllib.parse import urlencode

import streamlit as st

from geo import safe
from geo.stories import step_html
from geo.viewcontract import step as reported_step
from geo.viewstate import parse_step_number, parse_story
from pages import cache, mapview, style, urlstate
from pages.components import atlas_html

data = cache.data_or_stop()
stories = cache.everything().stories
asked = parse_story(st.query_params.get("story"), stories)
urlstate.notice(asked.notice)
urlstate.set_param("story", asked.value)
if asked.value is None:  # the key moments: the year is the URL's, as on every page
    story = cache.key_story(data.focus)
    year = urlstate.shared_year(data)
    years = [step.year for step in story.steps]
    index = years.index(year) if year in years else None
    urlstate.set_param("step", None)
else:
    story = stories[asked.value]
    number = parse_step_number(st.query_params.get("step"), len(story.steps))
    urlstate.notice(number.notice)
    index = number.value - 1
    year = story.steps[index].year
    urlstate.pin_view(year, story.steps[index].state)
    urlstate.set_param("step", str(number.value))
step = story.steps[index] if index is not None else None
view = cache.dataset(step.state) if step else data


def step_to(direction: int) -> None:
    if asked.value is not None:  # a new URL: a history entry, so the back button steps back
        if 0 <= index + direction < len(story.steps):
            st.query_params["step"] = str(index + 1 + direction)
        return
    later = [y for y in years if y > year] if direction > 0 else [y for y in reversed(years) if y < year]
    if later:
        st.session_state["year"] = later[0]


style.presentation_style()
map_column, words = st.columns([2.4, 1], gap="large")
with map_column:
    result = mapview.show_map(view.focus, year, step.tie if step else None, projector=True, key="briefing-map",
                              presenter=True, shown=step.shown if step else urlstate.NO_FILTER)
    if (direction := reported_step(result.step)) is not None:
        step_to(direction)
        st.rerun()
with words:
    at_first = index == 0 if asked.value is not None else year <= years[0]
    at_last = index == len(story.steps) - 1 if asked.value is not None else year >= years[-1]
    back, ahead = st.columns(2)
    back.button("◀ Previous", on_click=step_to, args=(-1,), width="stretch", disabled=at_first, help="PageUp or P")
    ahead.button("Next ▶", on_click=step_to, args=(1,), width="stretch", disabled=at_last, help="PageDown or N")
    where = f"{index + 1} of {len(story.steps)}" if step else "between key moments"
    st.caption(f"{'Step' if asked.value else 'Key moment'} {where} · PageDown/PageUp or N/P to step · "
               "S shows the next step (presenter's notes)")
    if step:
        following = story.steps[index + 1] if index + 1 < len(story.steps) else None
        atlas_html(step_html(view, step, following), key="moment")
    else:
        st.markdown(f"## {year}")
    options = ["", *stories]
    urlstate.url_select("Story", "story", options, asked.value or "", clears=("step",),
                        format_func=lambda key: stories[key].title if key else "Key moments (the atlas's own)")
    # The map page opens on the step's view: its year, state, tie in focus and filter.
    kinds, evidence = step.shown if step else urlstate.NO_FILTER
    leave = {"year": year, "state": view.focus, "focus": step and step.tie, "kinds": ",".join(kinds), "evidence": evidence}
    st.html(f'<a href="./?{safe.html(urlencode({k: v for k, v in leave.items() if v}))}" target="_self" '
            'class="atlas-leave">Leave briefing mode</a>')
