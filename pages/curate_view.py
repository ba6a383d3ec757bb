"""The map's view, carried from the curation server's Map page to its Stories page to become a step."""
import streamlit as st

VIEW = "story-view"  # the view waiting to be added as a step


def remember_map_view() -> None:
    """The view the map keeps when the button is pressed: the session's year and state, the URL's tie in
    focus and filter (the map page has already corrected any it could not mean)."""
    st.session_state[VIEW] = {"year": st.session_state.get("year"), "state": st.session_state.get("state"),
                              **{name: st.query_params.get(name) for name in ("focus", "kinds", "evidence")}}


def taken_view() -> dict | None:
    """The view waiting to be added, once: taken, it is gone."""
    return st.session_state.pop(VIEW, None)
