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


@st.fragment
def the_year() -> None:
    """The page below the menu, rerun alone when the slider moves; the menu's links follow it."""
    year = urlstate.year_slider(data, "countries")
    code = urlstate.choice_param("country", partners, "RUS" if "RUS" in partners else next(iter(partners)), "partner")

    urlstate.url_select("Partner", "country", list(partners), code, partners.get)

    timeline, locator = st.columns([2, 1], gap="medium")
    with timeline:
        chart(cache.cached_timeline(data.focus, None, code), key="partner-timeline", marks=year_marks(data, year, code))
    with locator:
        if code in data.countries:
            chart(cache.cached_locator(data.focus, code, year), key="locator", static=True)
        else:
            st.info(safe.markdown(bloc_words(data, code)))

    ties, prospects = cache.partner_ties(data.focus, year, code)
    st.subheader(f"Ties with {safe.markdown(data.name(code))}")
    exercises = exercises_by_partner(data).get(code)
    if exercises:
        st.caption(safe.markdown(exercise_count_line(data, code, exercises)))
    atlas_html(ties or "<p>None documented.</p>", key="partner-ties")
    st.subheader("What the sources say of its prospects")
    atlas_html(prospects or "<p>No source speaks of this partner's future ties.</p>", key="partner-prospects")
    menu.draw_links()


the_year()
