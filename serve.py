"""The app's server: `python -m streamlit run serve.py` (what `make run` does). app.py is the entry of
every visit; this file readies the process for a room of visitors arriving at once, before the first.
"""
from contextlib import asynccontextmanager

import streamlit as st
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from streamlit.runtime.pages_manager import PagesManager

from pages import startup

# The map's libraries, as pages/atlas_map.js fetches them (same URLs, same CORS mode, so the browser
# hands that fetch the preloaded response).
MAP_LIBRARIES = ("app/static/plotly-basic.min.js", "app/static/atlas_player.js")


@asynccontextmanager
async def ready_for_a_crowd(_app):
    # Streamlit takes an app with a pages/ folder beside its entry script for a pages-folder app, a
    # process-wide choice made when the first visitor connects and undone only once some visit has
    # reached st.navigation in app.py; visitors arriving before that had page scripts run on their own,
    # without the app's set-up and menu. This app always navigates with st.navigation: say so first.
    PagesManager.uses_pages_directory = False
    startup.begin()
    yield


class PreloadMapLibraries:
    """Every page tells the browser to fetch the map's libraries with the page itself. The map
    component asks for them only once Streamlit's own scripts have loaded and the first script run
    has reached it, a second after the page was requested; by then they are here."""

    HINT = ", ".join(f"<./{path}>; rel=preload; as=fetch; crossorigin" for path in MAP_LIBRARIES)

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_hint(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.append("Link", self.HINT)
            await send(message)

        await self.app(scope, receive, send_with_hint)


app = st.App("app.py", lifespan=ready_for_a_crowd, middleware=[Middleware(PreloadMapLibraries)])
