"""The Fergana Valley: the 2016 memorandum of the border provinces, the 1999 Batken fighting and
the other events the sources place in the valley, on the valley's own borders and enclaves."""
import streamlit as st

from geo import safe
from geo.figures import fergana_caption
from pages import cache, menu, urlstate
from pages.charts import chart
from pages.components import atlas_html

data = cache.data_or_stop()


@st.fragment
def the_year() -> None:
    """What depends on the year, rerun alone when the slider moves; the menu's links follow it."""
    year = urlstate.year_slider(data, "fergana")
    valley, passages = st.columns([1.6, 1], gap="medium")
    with valley:
        chart(cache.cached_fergana(year), key="fergana")
        st.caption(safe.markdown(fergana_caption(cache.everything())))
    with passages:
        st.subheader("What the sources say")
        atlas_html(cache.fergana_panel(year), key="fergana-panel")
    menu.draw_links()


the_year()
