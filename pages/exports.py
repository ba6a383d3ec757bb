"""The map page's export panel: a download button for each format geo.formats lists, for the
year shown, and a speed for the animations. The files are the command line's, byte for byte."""
from __future__ import annotations

import streamlit as st

from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.filters import tie_filter
from geo.formats import FORMATS, SHOWN, SPEED, Format
from geo.handouts import images_unavailable
from geo.motion import DEFAULT_SPEED
from pages import startup
from pages.cache import dataset
from pages.urlstate import NO_FILTER, ShownTies

# Years a second the panel offers: slow enough to read a year's links, fast enough to see a decade move.
ANIMATION_SPEEDS = (0.5, 1.0, 2.0, 4.0)
EXPORT_PANEL = "show-exports"  # the export panel's expander: its key, and in the session whether it is open


@st.cache_data(show_spinner=False, max_entries=100)
def export_file(name: str, state: str, year: int, shown: ShownTies = NO_FILTER, **settings) -> bytes:
    fmt = FORMATS[name]
    if SPEED in fmt.options:  # the animations' frames are numpy arrays: imported under the pages' lock
        startup.chart_libraries()
    if SHOWN in fmt.options and shown != NO_FILTER:
        settings[SHOWN] = tie_filter(*shown)
    return fmt.write(dataset(state), year, **settings)


def export_buttons(state: str, year: int, shown: ShownTies = NO_FILTER) -> None:
    # Drawn only while their expander is open: no run draws buttons nobody asked for, and a first
    # visit of the map loads no browser code for them (a toggle alone cost it ~0.1 s before the map showed).
    # The label names no year: a new label would be a new expander, closed by every step of the year.
    box = st.expander("Export…", key=EXPORT_PANEL, on_change="rerun")
    if not box.open:
        return
    missing = images_unavailable()
    offered = [fmt for fmt in FORMATS.values() if not (missing and fmt.needs_chromium)]
    stills = [fmt for fmt in offered if SPEED not in fmt.options]
    animations = [fmt for fmt in offered if SPEED in fmt.options]
    with box:
        st.caption(f"Files of {year}, the year the map shows.")
        if missing:
            st.caption(missing)
        if shown != NO_FILTER:
            st.caption("Filtered: the maps, tables and animations hold only the ties shown; the briefings "
                       "hold every tie.")
        # Two to a row, so the open panel does not push the map below the fold.
        for row in range(0, len(stills), 2):
            for column, fmt in zip(st.columns(2, gap="small"), stills[row:row + 2]):
                with column:
                    _download(fmt, state, year, shown)
        if animations:
            speed = st.segmented_control("Animation, years a second", ANIMATION_SPEEDS, default=DEFAULT_SPEED,
                                         required=True, format_func=lambda value: f"{value:g}", key="export-speed")
            st.caption(f"All {LAST_YEAR - FIRST_YEAR + 1} years, {FIRST_YEAR}–{LAST_YEAR}; "
                       "drawing them takes about half a minute.")
            for column, fmt in zip(st.columns(len(animations), gap="small"), animations):
                with column:
                    _download(fmt, state, year, shown, **{SPEED: speed})


def _download(fmt: Format, state: str, year: int, shown: ShownTies, **settings) -> None:
    st.download_button(fmt.label, data=lambda: export_file(fmt.name, state, year, shown, **settings),
                       file_name=fmt.file_name(dataset(state), year), mime=fmt.mime, key=f"export-{fmt.name}", on_click="ignore",
                       width="stretch")
