"""Codebook & method: the categories, how dates and quotes are handled, and where everything
comes from — written from the definitions the code itself uses."""
import streamlit as st

from pages import view

data = view.data_or_stop()
view.shared_year(data)

st.title("Codebook & method")
st.markdown(view.method_markdown())
