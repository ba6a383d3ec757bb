"""Countries: one partner at a time — every tie with the focal state (or, in the region view, with any
of the five) over time, its quotes, where it
lies, and what the sources say of its prospects."""
import streamlit as st

from geo import safe
from geo.charts import year_marks
from geo.panels import bloc_words
from geo.timeline import exercise_count_line, exercises_by_partner
from pages import cache, menu, urlstate
from pages.charts import chart
from pages.components import atlas_html

data = cache.data_or_stop()
partners = cache.partner_names(data.focus)

# What does not name the year is drawn by the page, once a run (a new partner reruns the page); the
# fragment fills the places kept for the rest, so a step sends only what changed. One container holds
# them all: after a page switch, AppTest's tree puts the page's second element where the menu's box
# is, and only a container there can hold the menu's links too (tests/test_pages.py).
with st.container():
    year_place = st.container()
    code = urlstate.choice_param("country", partners, "RUS" if "RUS" in partners else next(iter(partners)), "partner")
    urlstate.url_select("Partner", "country", list(partners), code, partners.get)
    timeline, locator = st.columns([2, 1], gap="medium")
    if code not in data.countries:
        locator.info(safe.markdown(bloc_words(data, code)))
    st.subheader(f"Ties with {safe.markdown(data.name(code))}")
    exercises = exercises_by_partner(data).get(code)
    if exercises:
        st.caption(safe.markdown(exercise_count_line(data, code, exercises)))
    ties_place = st.container()
    st.subheader("What the sources say of its prospects")
    prospects_place = st.container()


@st.fragment
def the_year() -> None:
    """What names the year, rerun alone when the slider moves; the menu's links follow it."""
    with year_place:
        year = urlstate.year_slider(data, "countries")
    with timeline:
        chart(cache.cached_timeline(data.focus, None, code), key="partner-timeline", marks=year_marks(data, year, code))
    if code in data.countries:
        with locator:
            chart(cache.cached_locator(data.focus, code, year), key="locator", static=True)
    ties, prospects = cache.partner_ties(data.focus, year, code)
    with ties_place:
        atlas_html(ties or "<p>None documented.</p>", key="partner-ties")
    with prospects_place:
        atlas_html(prospects or "<p>No source speaks of this partner's future ties.</p>", key="partner-prospects")
    menu.draw_links()


the_year()
