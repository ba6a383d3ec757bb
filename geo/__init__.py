"""Alliance Atlas core: records, timeline queries, shapes and figures. Never imports Streamlit."""

__version__ = "0.1.0"
