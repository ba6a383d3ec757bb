"""Codebook & method: the categories, how dates and quotes are handled, and where everything
comes from — written from the definitions the code itself uses."""
import streamlit as st

from geo import safe
from geo.changes import dataset_version
from pages import cache, urlstate

data = cache.data_or_stop()
urlstate.shared_year(data)

st.title("Codebook & method")
st.markdown(cache.method_markdown())

st.header("Version and changes")
version = dataset_version()
st.markdown(f"The data's version is `{version[:12]}`: a hash of every curated file and archived text, so two "
            "copies with the same version hold the same record. Each change is logged in `data/changes.yaml` "
            "(`python -m geo history`); a tie is retired with a reason, never deleted.")
changes = cache.latest_changes(version)
st.markdown("\n".join(f"- {safe.markdown(line)}" for line in changes) if changes else
            "No change has been logged since the record was first assembled.")
