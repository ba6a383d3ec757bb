"""The app's server: `python -m streamlit run serve.py` (what `make run` does). app.py is the entry of
every visit; this file readies the process for a room of visitors arriving at once, before the first.
"""
from contextlib import asynccontextmanager

import streamlit as st
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from streamlit.runtime.pages_manager import PagesManager

from geo.paths import player_script
from pages import startup

# Plotly, as the map component knows it (pages/atlas_map.js): the id of its script element and where the
# app serves it.
PLOTLY = ("atlas-plotly", "app/static/plotly-basic.min.js")


@asynccontextmanager
async def ready_for_a_crowd(_app):
    # Streamlit takes an app with a pages/ folder beside its entry script for a pages-folder app, a
    # process-wide choice made when the first visitor connects and undone only once some visit has
    # reached st.navigation in app.py; visitors arriving before that had page scripts run on their own,
    # without the app's set-up and menu. This app always navigates with st.navigation: say so first.
    PagesManager.uses_pages_directory = False
    startup.begin()
    yield


class MapLibrariesWithThePage:
    """Every page starts loading the map's libraries itself, rather than when the map component asks,
    which is only once Streamlit's scripts have loaded and a script run has reached the map.

    Plotly is run by a script element added to the page, async, so that it runs while Streamlit's own
    scripts are still arriving (starting it takes ~0.2 s). The player's parts are inlined, in order, as
    one script (what the offline files run too): ten requests of their own competed with Streamlit's
    scripts on a freshly started server and held its first map back. The player then readies Plotly's
    drawing while the page waits for the map's data (see its warmUp), so neither comes between that
    data and the map's first drawing. A page this cannot change (compressed, or without a </head>) is
    sent as it is; the map component then loads them itself.
    """

    SCRIPTS = (f'<script async id="{PLOTLY[0]}" src="./{PLOTLY[1]}" onload="this.dataset.done=1" '
               f'onerror="this.dataset.done=1"></script><script id="atlas-player">{player_script()}</script>').encode()

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        held = {}

        async def send_page(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html") and "content-encoding" not in headers:
                    held["start"], held["body"] = message, b""
                    return
            elif message["type"] == "http.response.body" and "start" in held:
                held["body"] += message.get("body", b"")
                if message.get("more_body"):
                    return
                body = held["body"].replace(b"</head>", self.SCRIPTS + b"</head>", 1)
                MutableHeaders(scope=held["start"])["content-length"] = str(len(body))
                await send(held.pop("start"))
                message = {"type": "http.response.body", "body": body, "more_body": False}
            await send(message)

        await self.app(scope, receive, send_page)


app = st.App("app.py", lifespan=ready_for_a_crowd, middleware=[Middleware(MapLibrariesWithThePage)])
