"""Alliance Atlas: Uzbekistan's alliances and security ties, 1991–2030, and who says so.

The entry script only sets the page up and routes; every page is a file in pages/.
"""
import streamlit as st

st.set_page_config(page_title="Alliance Atlas — Uzbekistan's security ties", page_icon="🗺",
                   layout="wide", initial_sidebar_state="collapsed")

navigation = st.navigation([
    st.Page("pages/map.py", title="Map", icon="🗺", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon="📅", url_path="timeline"),
    st.Page("pages/sources.py", title="Sources", icon="📄", url_path="sources"),
], position="top")
navigation.run()
