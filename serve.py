"""The app's server: `python -m streamlit run serve.py` (what `make run` does). app.py is the entry of
every visit; this file readies the process for a room of visitors arriving at once, before the first.
"""
from contextlib import asynccontextmanager

import streamlit as st
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from streamlit.runtime.pages_manager import PagesManager

from geo.paths import PLAYER_PARTS, served
from pages import startup

# The map's libraries: the ids of their script elements, where the app serves them, as the map component
# knows them (pages/atlas_map.js), and how they run. Plotly, the largest, runs as soon as it has arrived;
# the player's parts, each needing the ones before it, are deferred, which runs them in order.
LIBRARIES = (("atlas-plotly", "app/static/plotly-basic.min.js", "async"),
             *((f"atlas-player-{part.stem}", served(part), "defer") for part in PLAYER_PARTS))


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

    Plotly and the player are run by script elements added to the page: Plotly async, so that it runs
    while Streamlit's own scripts are still arriving (starting it takes ~0.2 s); the player's parts
    deferred, in order, right after Streamlit's own script, long before the map's data can arrive. The
    player then readies Plotly's drawing while the page waits for that data (see its warmUp), so neither
    comes between the data and the map's first drawing. A page this cannot change (compressed, or without a
    </head>) is sent as it is; the map component then loads them itself.
    """

    SCRIPTS = "".join(f'<script {how} id="{name}" src="./{path}" onload="this.dataset.done=1" '
                      f'onerror="this.dataset.done=1"></script>' for name, path, how in LIBRARIES).encode()

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
