"""The map page's export panel: a download button for each format geo.formats lists, for the
year shown. The files are the command line's, byte for byte."""
from __future__ import annotations

import streamlit as st

from geo.formats import FORMATS
from geo.handouts import images_unavailable
from pages.cache import dataset


@st.cache_data(show_spinner=False, max_entries=100)
def export_file(fmt: str, year: int) -> bytes:
    return FORMATS[fmt].write(dataset(), year)


def export_buttons(year: int) -> None:
    # Behind a toggle: a row of download buttons redrawn on every slider step would slow each step.
    if not st.toggle(f"Export {year}…", key="show-exports"):
        return
    missing = images_unavailable()
    with st.container(border=True):
        if missing:
            st.caption(missing)
        for fmt in FORMATS.values():
            if missing and fmt.needs_chromium:
                continue
            st.download_button(fmt.label, data=lambda name=fmt.name: export_file(name, year),
                               file_name=fmt.file_name(year), mime=fmt.mime, key=f"export-{fmt.name}",
                               on_click="ignore", width="stretch")
