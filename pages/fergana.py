"""The Fergana Valley: the 2016 memorandum of the border provinces, the 1999 Batken fighting and
the other events the sources place in the valley, on the valley's own borders and enclaves."""
import streamlit as st

from geo import safe
from geo.figures import fergana_caption
from pages import cache, menu, urlstate
from pages.charts import chart
from pages.components import atlas_html

data = cache.data_or_stop()

# What does not name the year is drawn by the page; the fragment fills the places kept for the rest,
# so a step sends only what changed.
year_place = st.container()
valley, passages = st.columns([1.6, 1], gap="medium")
chart_place = valley.container()
valley.caption(safe.markdown(fergana_caption(cache.everything())))
passages.subheader("What the sources say")


@st.fragment
def the_year() -> None:
    """What names the year, rerun alone when the slider moves; the menu's links follow it."""
    with year_place:
        year = urlstate.year_slider(data, "fergana")
    with chart_place:
        chart(cache.cached_fergana(year), key="fergana")
    with passages:
        atlas_html(cache.fergana_panel(year), key="fergana-panel")
    menu.draw_links()


the_year()
