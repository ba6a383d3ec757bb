"""Sources: each archived document with its metadata and full text, every quoted span highlighted."""
import streamlit as st

from geo import safe
from geo.sourceview import STYLE, back_link_html, focus_html, is_table, passage_list_html, source_html
from pages import cache, urlstate
from pages.components import atlas_html

data = cache.data_or_stop()
year = urlstate.shared_year(data)
# The archive is every state's: its passages are marked whichever focus the reader has.
archive = cache.everything()
titles = {sid: f"{s.title} ({s.published.date.label()})" for sid, s in data.sources.items()}
source_id = urlstate.choice_param("source", titles, next(iter(titles)), "source")
focus = urlstate.span_param(len(data.texts[source_id]))

urlstate.url_select("Source", "source", list(titles), source_id, titles.get, clears=("at",))

source = data.sources[source_id]
atlas_html(back_link_html(year, data.focus), key="back-link")
facts = {
    "Outlet": source.outlet or "not named in the text",
    "Author": source.author or "not named",
    "Published": source.published.date.label() + (" (inferred)" if source.published.inferred else " (printed)"),
    "How the date was inferred": source.published.inferred or "—",
    "URL given in the text": source.url or "none",
    "Republished from": source.republished_from or "—",
    "Accessed": source.accessed.isoformat(),
    "Archived file": f"{source.file} · sha256 {source.sha256[:16]}…",
}
if source.note:
    facts["Note"] = source.note
st.table([{"field": k, "value": safe.markdown(v)} for k, v in facts.items()])
archived = data.texts[source_id].encode("utf-8")  # byte for byte the file its sha256 names
st.download_button(f"Download the archived file ({len(archived):,} bytes)", lambda: archived,
                   file_name=source.file.rsplit("/", 1)[-1], mime="text/csv" if is_table(source) else "text/plain",
                   on_click="ignore")

if focus:
    st.subheader("The passage you followed")
    st.html(STYLE + focus_html(data, source_id, focus))

left, right = st.columns([1.6, 1], gap="large")
with left:
    if is_table(source):
        st.subheader("The rows quoted, as archived")
        st.caption("Highlighted: the rows the atlas quotes, under the file's header. Grey: how many rows lie "
                   "between them; the whole file is the download above.")
    else:
        st.subheader("Full text, as archived")
        st.caption("Highlighted: passages the atlas quotes. Grey: page furniture (menus, adverts, comments), "
                   "kept because it is part of what was archived.")
    st.html(STYLE + source_html(archive, source_id, focus))
with right:
    st.subheader("What each passage supports")
    st.html(STYLE + passage_list_html(archive, source_id, year, data.focus))
