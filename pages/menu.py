"""The app's menu: our own page links rather than Streamlit's, carrying the year and the focus, so a
page switch is one history entry that already holds the whole view, and the back button returns to
it in one press.

The links are drawn once the view is known: by the page's fragment that moves the year without
rerunning the page (the map), on every run of it, or else after the page. A fragment writing into
the menu, a container outside it, gets a place of its own there (Streamlit requires it to write
there on every full run too), which its reruns alone fill anew.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_MENU = "_menu"  # in the session: the last full run's menu container, and the pages it links to
_DRAWN = "_menu_drawn"  # in the session, for one run: the page has drawn the links


def place(pages: list) -> st.delta_generator.DeltaGenerator:
    """The menu, at the top of every page; its links are drawn later, by `draw_links`."""
    box = st.container(horizontal=True, gap="medium", key="atlas-menu")
    st.session_state[_MENU] = (box, pages)
    st.session_state.pop(_DRAWN, None)
    return box


def draw_links() -> None:
    """The links, with the session's view; none where a page runs without the app's entry (app.py)."""
    if _MENU not in st.session_state:
        return
    box, pages = st.session_state[_MENU]
    view = {name: st.session_state[name] for name in ("year", "state") if name in st.session_state}
    with box:
        for page in pages:
            st.page_link(page, query_params=view or None)
    st.session_state[_DRAWN] = True


def links_drawn() -> bool:
    return st.session_state.get(_DRAWN, False)


def fragment_alone() -> bool:
    """Whether this run reruns a fragment only (a report from a component inside one), not the page."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)
