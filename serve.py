"""The app's server: `python -m streamlit run serve.py` (what `make run` does). app.py is the entry of
every visit; this file readies the process for a room of visitors arriving at once, before the first.
"""
from contextlib import asynccontextmanager
from importlib import import_module

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

# What the pages' charts import (plotly, numpy, pandas, pyarrow) and the app's own modules. Imported by
# the first runs of concurrent sessions instead, a module could be seen half-initialised by another
# thread ("partially initialized module 'numpy'").
STARTUP_IMPORTS = ("plotly.io", "plotly.tools", "pandas", "pyarrow", "pages.cache", "pages.exports",
                   "pages.mapview", "pages.style", "pages.urlstate")


@asynccontextmanager
async def ready_for_a_crowd(_app):
    # Streamlit takes an app with a pages/ folder beside its entry script for a pages-folder app, a
    # process-wide choice made when the first visitor connects and undone only once some visit has
    # reached st.navigation in app.py; visitors arriving before that had page scripts run on their own,
    # without the app's set-up and menu. This app always navigates with st.navigation: say so first.
    PagesManager.uses_pages_directory = False
    for module in STARTUP_IMPORTS:
        import_module(module)
    yield


app = st.App("app.py", lifespan=ready_for_a_crowd)
