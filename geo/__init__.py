"""Alliance Atlas core: records, timeline queries, shapes and figures. Never imports Streamlit."""
