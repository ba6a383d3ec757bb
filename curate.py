"""The curation server, for editors on this machine only: `make curate`, which runs
`python -m streamlit run curate.py --server.address 127.0.0.1 --server.port 8502`.

The served app (serve.py, app.py) has no editing page, route or widget: editing exists only here,
behind a sign-in (pages/curate_signin.py). Its pages: Curate, where a source and a tie are added; the
Map, read-only, showing the record as viewers will see it on their next page load, with "Add this view
to a story" beside it; Stories, where a story is composed of such views; and the Briefing, which plays one.
"""
from contextlib import asynccontextmanager

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from pages import incoming

if __name__ != "__main__":
    # `streamlit run curate.py` imports this file to find its server, then runs it as every visit's script.
    @asynccontextmanager
    async def navigated_pages_only(_app):
        # With pages/ beside it, Streamlit would take this script for a pages-folder app until some run
        # reached st.navigation, and serve each file in pages/ as a page of its own, sign-in or not.
        PagesManager.uses_pages_directory = False
        incoming.check_every_rerun()  # the served app's check of what browsers send (pages/incoming.py)
        yield

    app = st.App("curate.py", lifespan=navigated_pages_only)
else:
    from pages.curate_signin import sign_out_button, signed_in_editor
    from pages import cache, urlstate
    from pages.curate_view import remember_map_view

    st.set_page_config(page_title="Alliance Atlas — curation", page_icon=None, layout="wide")
    signed_in_editor()
    sign_out_button()
    stories = st.Page("pages/curate_story.py", title="Stories", url_path="stories")
    page = st.navigation([st.Page("pages/curation.py", title="Curate", default=True),
                          st.Page("pages/map.py", title="Map", url_path="map"), stories,
                          st.Page("pages/briefing.py", title="Briefing", url_path="briefing")], position="top")
    # The map is the served app's own page, unchanged: the controls about it are the curation server's.
    on_map = page.url_path == "map"
    if on_map and st.sidebar.button("Add this view to a story", key="story-add-view"):
        remember_map_view()
        st.switch_page(stories)
    page.run()
    if on_map:  # the served app's menu has the state picker; here it is beside the map
        with st.sidebar:
            urlstate.focus_picker(cache.everything().atlas, st.session_state["state"])
