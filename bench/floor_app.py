"""Streamlit's own floor for a settled year: an app whose fragment holds one component and nothing
else, its report handled by a callback that does nothing. `python -m bench.load --cost` serves it
as it serves the app (from the checkout's root, with its .streamlit/config.toml) and measures the
server's CPU per report here and per settled year on the map the same way, side by side."""
import streamlit as st

_floor = st.components.v2.component("floor", js="export default function () {}")


@st.fragment
def only_the_component() -> None:
    _floor(data=b"{}", key="floor", on_settled_change=lambda: None)


only_the_component()
