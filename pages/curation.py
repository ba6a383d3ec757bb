"""Curate: add a source and a tie to the record. The passage is selected in the archived text, every
field is checked as it is filled, the editor sees which years' maps change before saving, and a save
is checked with the whole dataset and written whole or not at all, logged under the editor's name.

The form keeps the data version it was filled against: a save after another editor's is refused, and
nothing typed is lost.
"""
import streamlit as st

from geo import curation, paths
from geo.atlas import REGION
from geo.codebook import KINDS, Kind, Voice
from geo.safe import markdown
from geo.sourceview import is_table, source_html
from pages.curate_data import dataset_or_stop, draft_maps
from pages.curate_passage import passage_picker
from pages.curate_signin import signed_in_editor

editor = signed_in_editor()  # also here: this page is never drawn for anyone not signed in
DATA = paths.DATA  # data/, or the folder ATLAS_DATA names
VERSION = "curate-version"  # the data version the form is filled against
DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD: as precisely as the source says"
TIE_FIELDS = ("curate-quote", "curate-title", "curate-id", "curate-start", "curate-end")
QUOTE_LIMIT = 20_000  # characters: a quote is a passage, not the article


def _text(key: str) -> str:
    return st.session_state.get(key) or ""


def _draft() -> curation.TieDraft:
    return curation.TieDraft(
        source=st.session_state.get("curate-source") or "", quotes=[_text("curate-quote")],
        parties=list(st.session_state.get("curate-parties") or []), kind=st.session_state.get("curate-kind") or "",
        start=_text("curate-start").strip(), end=_text("curate-end").strip() or None,
        voice=st.session_state.get("curate-voice") or Voice.report.value, title=_text("curate-title"),
        id=_text("curate-id").strip() or None, event=bool(st.session_state.get("curate-event")))


def _map_focus(draft: curation.TieDraft, preview: curation.Preview) -> str:
    """The map that shows the tie first: one of its focal parties', else the region's."""
    return next((code for code in draft.parties if code in preview.years), REGION)


def _use_selection(chosen: str) -> None:
    if len(chosen) > QUOTE_LIMIT:
        st.session_state["curate-selection-refused"] = (f"The selection has {len(chosen):,} characters; a quote has at "
                                                        f"most {QUOTE_LIMIT:,}: select the passage itself.")
    else:
        st.session_state.pop("curate-selection-refused", None)
        st.session_state["curate-quote"] = chosen


def _take_newest() -> None:
    st.session_state[VERSION] = curation.dataset_version(DATA)
    st.session_state.pop("curate-refused", None)


def _archive_source() -> None:
    state = st.session_state
    upload = state.get("curate-file")
    if upload is None:
        state["curate-source-refused"] = "Choose the text file to archive."
        return
    try:
        new_id = curation.add_source(
            DATA, upload.getvalue(), title=_text("curate-source-title"), publisher=_text("curate-publisher"),
            published=_text("curate-published").strip(), url=_text("curate-url").strip() or None,
            accessed=_text("curate-accessed").strip() or None, author=_text("curate-author").strip() or None,
            language=_text("curate-language").strip(), excerpt=bool(state.get("curate-excerpt")),
            furniture=_text("curate-furniture").strip() or None, editor=editor, expected_version=state[VERSION])
    except curation.CurationError as exc:
        state["curate-source-refused"] = f"Not archived: {exc}"
        return
    state.pop("curate-source-refused", None)
    state[VERSION] = curation.dataset_version(DATA)
    state["curate-source"] = state["curate-source-added"] = new_id


def _save() -> None:
    state = st.session_state
    draft = _draft()
    try:
        preview = curation.preview_tie(DATA, draft)
        new_id = curation.add_tie(DATA, draft, editor=editor, expected_version=state[VERSION])
    except curation.StaleVersion as exc:
        state["curate-refused"] = (f"Not saved: {exc}. Your form is kept: press “Take in the newest data”, check "
                                   "what changes, and save again.")
        return
    except curation.CurationError as exc:
        state["curate-refused"] = f"Not saved: {exc}"
        return
    state.pop("curate-refused", None)
    state[VERSION] = curation.dataset_version(DATA)
    # An event is not a tie the map can focus: its link opens the year and the state.
    view = {"year": str(preview.first_year), "state": _map_focus(draft, preview)}
    if not draft.event:
        view["focus"] = new_id
    state["curate-saved"] = (new_id, preview.first_year, view)
    for key in TIE_FIELDS:
        state[key] = ""


now = curation.dataset_version(DATA)
st.session_state.setdefault(VERSION, now)
data = dataset_or_stop(DATA, now)

st.title("Add to the record")
if st.session_state[VERSION] != now:
    st.warning("The data has changed since you began (another editor saved). A save made now is refused: take in "
               "the newest data first; what you typed stays.")
    st.button("Take in the newest data", on_click=_take_newest, key="curate-take-newest")
if "curate-saved" in st.session_state:
    saved_id, year, view = st.session_state["curate-saved"]
    st.success(f"Saved as **{markdown(saved_id)}**" + ("." if year else ": it stands on no map of 1991–2030."))
    if year:
        st.page_link("pages/map.py", label=f"See it on the map of {year}", query_params=view)

# ---------------------------------------------------------------- 1. the source
st.header("1. The source")
# The archived news texts: coded datasets are re-imported, never quoted by hand.
texts = {sid: s for sid, s in data.sources.items() if s.cite_as is None and not is_table(s)}
if st.session_state.get("curate-source") not in texts:
    st.session_state["curate-source"] = next(reversed(texts))  # the newest
source_id = st.selectbox("Archived source", list(texts), key="curate-source",
                         format_func=lambda sid: f"{texts[sid].title} ({texts[sid].published.date.label()}) · {sid}")
if "curate-source-added" in st.session_state:
    st.success(f"Archived as **{markdown(st.session_state.pop('curate-source-added'))}**: select a passage below.")
with st.expander("Or archive a new source", expanded="curate-source-refused" in st.session_state):
    with st.form("curate-upload"):
        st.file_uploader("The text, saved as a UTF-8 text file (archived byte for byte)", key="curate-file")
        left, right = st.columns(2)
        left.text_input("Headline, as printed", key="curate-source-title", max_chars=300)
        right.text_input("Publisher (the outlet)", key="curate-publisher", max_chars=200)
        left.text_input("Published", key="curate-published", max_chars=10, help=DATE_HELP)
        right.text_input("Accessed", key="curate-accessed", max_chars=10, placeholder="today",
                         help="YYYY-MM-DD: the day the text was copied; empty for today")
        left.text_input("URL (optional)", key="curate-url", max_chars=2000)
        right.text_input("Author (optional)", key="curate-author", max_chars=200)
        left.text_input("Language", key="curate-language", value="en", max_chars=2, help="ISO 639-1: en, ru, uz …")
        right.checkbox("The text is an excerpt, not the whole page", key="curate-excerpt")
        st.text_input("Page furniture (optional): which parts are menus, adverts, comments", key="curate-furniture",
                      max_chars=500)
        st.form_submit_button("Archive the source", on_click=_archive_source)
    if "curate-source-refused" in st.session_state:
        st.error(markdown(st.session_state["curate-source-refused"]))

# ---------------------------------------------------------------- 2. the passage
st.header("2. The passage")
st.caption("Select the passage with the mouse: it becomes the quote, the archived text's own words. Highlighted: "
           "passages already quoted. Grey: page furniture.")
passage_picker(source_html(data, source_id), key="curate-passage", on_select=_use_selection)
if "curate-selection-refused" in st.session_state:
    st.error(st.session_state["curate-selection-refused"])
st.text_area("Quote", key="curate-quote", max_chars=QUOTE_LIMIT, height=110,
             help="Filled by the selection above; a pasted or edited quote must still be found verbatim.")

# ---------------------------------------------------------------- 3. the tie
st.header("3. The tie")
event = st.checkbox("An event (one dated happening), not a tie", key="curate-event")
left, right = st.columns(2)
actors = {**{c.code: c.name for c in data.countries.values()}, **{o.code: o.name for o in data.organisations.values()}}
left.multiselect("Parties", sorted(actors, key=actors.get), key="curate-parties",
                 format_func=lambda code: f"{actors[code]} ({code})")
curated = [kind.value for kind in KINDS]
right.selectbox("Kind", curated, key="curate-kind", disabled=event,
                format_func=lambda kind: f"{KINDS[Kind(kind)].label}: {KINDS[Kind(kind)].definition}")
left.text_input("Start" if not event else "Date", key="curate-start", max_chars=10, help=DATE_HELP)
right.text_input("End (optional)", key="curate-end", max_chars=10, help=DATE_HELP, disabled=event)
left.selectbox("Voice of the quote", [voice.value for voice in Voice], key="curate-voice",
               help="report: the source says it happened; opinion: the source argues or expects it")
right.text_input("Title of the tie", key="curate-title", max_chars=200,
                 placeholder="e.g. Defence cooperation with Türkiye")
st.text_input("Id (optional)", key="curate-id", max_chars=80,
              help="lower-case words joined by hyphens; made from the parties, kind and year if left empty")

draft = _draft()
started = any(_text(key).strip() for key in TIE_FIELDS) or draft.parties
problems = curation.check_tie(DATA, draft) if started else ["fill in the fields above"]

# ---------------------------------------------------------------- 4. what changes, and save
st.header("4. What changes")
preview = None
if problems:
    st.markdown("Before it can be saved:\n\n" + "\n".join(f"- {markdown(problem)}" for problem in problems))
else:
    try:
        preview = curation.preview_tie(DATA, draft)
    except curation.CurationError as exc:
        st.error(markdown(str(exc)))
if preview is not None and preview.first_year is None:
    st.write(f"**{markdown(preview.id)}** would stand on no map of the years the atlas covers.")
elif preview is not None:
    names = data.atlas.focuses()
    shown_on = "; ".join(f"{names[focus]}: " + (f"{years[0]}–{years[-1]}" if len(years) > 1 else f"{years[0]}")
                         for focus, years in preview.years.items())
    st.markdown(f"**{markdown(preview.id)}** joins the maps of {markdown(shown_on)}.")
    year, focus = preview.first_year, _map_focus(draft, preview)
    try:
        today, after = draft_maps(str(DATA), now, draft, focus, year)
    except curation.CurationError as exc:  # the data changed under the check: the next run checks again
        st.error(markdown(str(exc)))
        st.stop()
    left, right = st.columns(2)
    with left:
        st.caption(f"The map of {year} today")
        st.plotly_chart(today, key="curate-map-today", config={"displaylogo": False, "staticPlot": True})
    with right:
        st.caption(f"The map of {year} with this {'event' if event else 'tie'}")
        st.plotly_chart(after, key="curate-map-after", config={"displaylogo": False, "staticPlot": True})
st.button("Save", type="primary", on_click=_save, disabled=preview is None, key="curate-save")
if "curate-refused" in st.session_state:
    st.error(markdown(st.session_state["curate-refused"]))
