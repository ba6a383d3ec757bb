"""The app's small browser components. Kept apart from the pages' other helpers, which import
the data layer, so that app.py can mount the map's preloader before any of that is imported.

Both are sent bytes (UTF-8 JSON or HTML), not Python objects: Streamlit looks for dataframes in
any other data it hands a component, and that check alone imports pandas, numpy and pyarrow,
which made the first view of a fresh server wait half a second for libraries the map never uses.
"""
import json
from pathlib import Path

import streamlit as st

from geo.paths import PLAYER_PARTS, served

# The player's parts, which the map component loads itself, in order, when the page did not run them.
PLAYER = [served(part) for part in PLAYER_PARTS]
# The player (static/player/) brings its own styles.
_atlas_map = st.components.v2.component("atlas_map", js=(Path(__file__).with_name("atlas_map.js")).read_text(),
                                       isolate_styles=False)

# The briefing's key moment changes with every step. st.html would sanitise and rebuild it each
# time, holding up the map drawn in the same update; this block swaps in HTML the panels module
# already escaped, and only when it changed.
_atlas_html = st.components.v2.component("atlas_html", isolate_styles=False, js="""
export default function ({ data: bytes, parentElement }) {
  const data = new TextDecoder().decode(bytes);
  let box = parentElement.querySelector(".atlas-html");
  if (!box) { box = document.createElement("div"); box.className = "atlas-html"; parentElement.appendChild(box); }
  if (box.__html !== data) { box.innerHTML = data; box.__html = data; }
}
""")


# The charts of the Timeline, Countries and Fergana pages (pages/charts.py).
_atlas_chart = st.components.v2.component("atlas_chart", js=(Path(__file__).with_name("atlas_chart.js")).read_text(),
                                         isolate_styles=False)


def atlas_map(payload: dict, **options):
    """The map component, sent `payload` (its fields: static/player/contract.js) and where the player's parts are."""
    return _atlas_map(data=json.dumps({**payload, "player": PLAYER}, separators=(",", ":")).encode(), **options)


def atlas_html(html: str, key: str) -> None:
    """A block of HTML that is already escaped; swapped in only when it changed."""
    _atlas_html(data=html.encode(), key=key)


def atlas_chart(data: bytes, key: str, **callbacks):
    """A chart, sent `data` (UTF-8 JSON; see atlas_chart.js for its fields)."""
    return _atlas_chart(data=data, key=key, **callbacks)


def preload_map_library() -> None:
    """Start the browser fetching and compiling plotly-basic and the player while the server still
    loads the data."""
    atlas_map({"preload": True}, key="atlas-preload", height=0)
