"""The map's view, carried from the curation server's Map page to its Stories page to become a step."""
import streamlit as st

from geo.viewstate import parse_year

VIEW = "story-view"  # the view waiting to be added as a step


def remember_map_view() -> None:
    """The view the map shows when the button is pressed: the year in the page's address, which the map
    writes the moment it moves (its report to the server comes only once the year stays put, and may
    still be on its way), else the session's; the session's state; the URL's tie in focus and filter
    (the map page has already corrected any it could not mean)."""
    year = parse_year(st.query_params.get("year"), st.session_state.get("year")).value
    st.session_state[VIEW] = {"year": year, "state": st.session_state.get("state"),
                              **{name: st.query_params.get(name) for name in ("focus", "kinds", "evidence")}}


def taken_view() -> dict | None:
    """The view waiting to be added, once: taken, it is gone."""
    return st.session_state.pop(VIEW, None)
