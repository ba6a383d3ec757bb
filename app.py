"""Alliance Atlas: the alliances and security ties of Central Asia's states, 1991–2030, and who says so.

The entry script only sets the page up and routes; every page is a file in pages/.
"""
import streamlit as st

from pages import cache, menu, startup, urlstate
from pages.components import preload_map_library
from pages.style import page_style

st.set_page_config(page_title="Alliance Atlas — security ties in Central Asia", page_icon=None,
                   layout="wide", initial_sidebar_state="collapsed")
preload_map_library()
startup.app_modules()

PAGES = [
    st.Page("pages/map.py", title="Map", default=True),
    st.Page("pages/timeline.py", title="Timeline", url_path="timeline"),
    st.Page("pages/sources.py", title="Sources", url_path="sources"),
    st.Page("pages/countries.py", title="Countries", url_path="countries"),
    st.Page("pages/fergana.py", title="Fergana Valley", url_path="fergana"),
    st.Page("pages/codebook.py", title="Codebook & method", url_path="codebook"),
    st.Page("pages/briefing.py", title="Briefing", url_path="briefing"),
]
# Only the Sources page draws a Streamlit table, which needs numpy, pandas and pyarrow; the charts are
# drawn by the app's own component (pages/charts.py).
WITH_TABLES = {"Sources"}
top = menu.place(PAGES)
page_style()
current = st.navigation(PAGES, position="hidden")
if current.title in WITH_TABLES:
    startup.chart_libraries()
current.run()
if not menu.links_drawn():
    menu.draw_links()
if "state" in st.session_state:
    with top:
        urlstate.focus_picker(cache.everything().atlas, st.session_state["state"])
