"""Codebook & method: the categories, how dates and quotes are handled, and where everything
comes from — written from the definitions the code itself uses."""
import streamlit as st

from pages import cache, urlstate

data = cache.data_or_stop()
urlstate.shared_year(data)

st.title("Codebook & method")
st.markdown(cache.method_markdown())
