"""Stories: compose a briefer's story from views of the map. On the Map page, "Add this view to a story"
brings the year, the state, the filter and the tie or event in focus here as a step; each step gets its
heading, the briefer's words and which of the focused record's quotes to show, and can be moved, removed
and previewed as the Briefing page shows it. A save goes through the same checks, lock and change log as
a tie (geo.curation.save_story), against the data version the story was opened on.

The form lives in the session, not in the widgets: going to the map for another view, or a refused save,
loses nothing typed.
"""
import streamlit as st
from pydantic import ValidationError

from geo import curation, paths
from geo.codebook import KINDS, Kind
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.safe import markdown
from geo.stories import QuoteChoice, StepRecord, quote_options, step_html, step_preview, story_record
from pages.curate_data import dataset_or_stop
from pages.curate_signin import signed_in_editor
from pages.curate_view import taken_view

editor = signed_in_editor()  # also here: this page is never drawn for anyone not signed in
DATA = paths.DATA
DRAFT = "story-draft"  # the story being composed: its fields and steps (each with a uid its widgets are keyed on)
VERSION = "story-version"  # the data version the story was opened on
CHOICE = "story-choice"  # which story is open: "" for a new one
REFUSED, SAVED = "story-refused", "story-saved"
WIDGET = "story-w-"  # the prefix of every field's key: cleared when another story is opened
TEXT_LIMIT = 2_000  # characters of the briefer's words in one step: read aloud beside the map


def _blank() -> dict:
    return {"loaded": None, "id": "", "title": "", "author": editor, "description": "", "steps": [], "uids": 0}


def _opened(story_id: str) -> dict:
    record = story_record(DATA, story_id)
    draft = _blank() | {"loaded": story_id, "id": story_id, "title": record.title, "author": record.author,
                        "description": record.description or ""}
    for step in record.steps:
        chosen = step.filter
        _append(draft, {"year": step.year, "state": step.state, "focus": step.focus, "heading": step.heading,
                        "text": step.text, "kinds": [kind.value for kind in chosen.kinds] if chosen else [],
                        "evidence": chosen.evidence.value if chosen and chosen.evidence else None,
                        "quotes": [quote.model_dump(mode="json", exclude_none=True) for quote in step.quotes]})
    return draft


def _append(draft: dict, step: dict) -> None:
    draft["uids"] += 1
    draft["steps"].append(step | {"uid": draft["uids"]})


def _open() -> None:
    state = st.session_state
    for key in [key for key in state if str(key).startswith(WIDGET)]:
        del state[key]
    state[DRAFT] = _opened(state[CHOICE]) if state[CHOICE] else _blank()
    state[VERSION] = curation.dataset_version(DATA)
    state.pop(REFUSED, None)
    state.pop(SAVED, None)


def _step_from_view(view: dict) -> dict:
    """A step showing the map's view, with the first quote of the record in focus (if any) chosen."""
    first = quote_options(data, view["focus"])[:1]
    return {"year": int(view["year"]), "state": view["state"], "focus": view["focus"] or None,
            "kinds": [kind for kind in (view["kinds"] or "").split(",") if kind], "evidence": view["evidence"] or None,
            "heading": "", "text": "", "quotes": [choice.model_dump(mode="json", exclude_none=True)
                                                  for choice, _, _ in first]}


def _step_fields(step: dict) -> dict:
    """A step as its file holds it: what is empty left out."""
    fields = {"year": step["year"], "state": step["state"]}
    shown = {name: step[name] for name in ("kinds", "evidence") if step[name]}
    if shown:
        fields["filter"] = shown
    if step["focus"]:
        fields["focus"] = step["focus"]
    fields |= {"heading": step["heading"].strip(), "text": step["text"].strip()}
    if step["quotes"]:
        fields["quotes"] = step["quotes"]
    return fields


def _fields(draft: dict) -> dict:
    fields = {"title": draft["title"].strip(), "author": draft["author"].strip()}
    if draft["description"].strip():
        fields["description"] = draft["description"].strip()
    return fields | {"steps": [_step_fields(step) for step in draft["steps"]]}


def _move(uid: int, by: int) -> None:
    steps = st.session_state[DRAFT]["steps"]
    index = next(i for i, step in enumerate(steps) if step["uid"] == uid)
    steps.insert(index + by, steps.pop(index))


def _remove(uid: int) -> None:
    draft = st.session_state[DRAFT]
    draft["steps"] = [step for step in draft["steps"] if step["uid"] != uid]


def _take_newest() -> None:
    st.session_state[VERSION] = curation.dataset_version(DATA)
    st.session_state.pop(REFUSED, None)


def _save() -> None:
    state = st.session_state
    draft = state[DRAFT]
    story_id = draft["id"].strip()
    try:
        curation.save_story(DATA, story_id, _fields(draft), editor=editor, expected_version=state[VERSION],
                            new=draft["loaded"] is None)
    except curation.StaleVersion as exc:
        state[REFUSED] = (f"Not saved: {exc}. Your story is kept: press “Take in the newest data”, check the "
                          "steps, and save again.")
        return
    except curation.CurationError as exc:
        state[REFUSED] = f"Not saved: {exc}"
        return
    state.pop(REFUSED, None)
    state[VERSION] = curation.dataset_version(DATA)
    draft["loaded"] = state[CHOICE] = state[SAVED] = story_id


def _bound(widget, label: str, holder: dict, name: str, key: str, **options):
    """A field kept in the draft: the widget starts from it and writes back to it on every run."""
    if key not in st.session_state:
        st.session_state[key] = holder[name]
    holder[name] = widget(label, key=key, **options)
    return holder[name]


def _shown_filter(step: dict) -> str:
    kinds = ", ".join(KINDS[Kind(kind)].label for kind in step["kinds"] if kind in Kind.__members__)
    evidence = f"{step['evidence']} evidence" if step["evidence"] else ""
    return " · ".join(part for part in (kinds, evidence) if part) or "every tie"


now = curation.dataset_version(DATA)
data = dataset_or_stop(DATA, now)
state = st.session_state
if DRAFT not in state:
    state[DRAFT] = _blank()
    state[VERSION] = now
draft = state[DRAFT]
view = taken_view()
if view is not None and view["year"] is not None and view["state"] is not None:
    _append(draft, _step_from_view(view))
    state.pop(SAVED, None)

st.title("Compose a story")
if state[VERSION] != now:
    st.warning("The data has changed since you opened this story (another editor saved). A save made now is "
               "refused: take in the newest data first; what you typed stays.")
    st.button("Take in the newest data", on_click=_take_newest, key="story-take-newest")
if SAVED in state:
    st.success(f"Saved as **{markdown(state[SAVED])}**: the served app's Briefing page plays it from the next "
               "page load.")
    st.page_link("pages/briefing.py", label="Play it on the Briefing page",
                 query_params={"story": state[SAVED], "step": "1"})

if state.get(CHOICE) not in ("", *data.stories):
    state[CHOICE] = draft["loaded"] or ""
st.selectbox("Story", ["", *sorted(data.stories)], key=CHOICE, on_change=_open,
             format_func=lambda key: f"{data.stories[key].title} · {key}" if key else "A new story")
left, right = st.columns(2)
_bound(left.text_input, "Id (its file name)", draft, "id", f"{WIDGET}id", max_chars=80,
       disabled=draft["loaded"] is not None, help="lower-case words joined by hyphens")
_bound(right.text_input, "Author", draft, "author", f"{WIDGET}author", max_chars=200)
_bound(st.text_input, "Title", draft, "title", f"{WIDGET}title", max_chars=200)
_bound(st.text_area, "Description (optional)", draft, "description", f"{WIDGET}description", max_chars=TEXT_LIMIT,
       height=70)

st.header("Steps")
st.caption("A step is a view of the map: open the Map, set the year, the state, the filter and the tie in focus, "
           "and press “Add this view to a story” in the sidebar. The text is your own words, shown as the "
           "briefer's; the quotes are the record's.")
st.page_link("pages/map.py", label="Open the map")
count = len(draft["steps"])
for index, step in enumerate(draft["steps"]):
    uid = step["uid"]
    key = f"{WIDGET}{uid}-"
    with st.container(border=True):
        focus = step["focus"] or "no tie or event"
        st.subheader(f"Step {index + 1}")
        st.markdown(f"**{markdown(step['state'])}**, focus **{markdown(focus)}** · {markdown(_shown_filter(step))}")
        _bound(st.number_input, "Year", step, "year", f"{key}year", min_value=FIRST_YEAR, max_value=LAST_YEAR, step=1)
        _bound(st.text_input, "Heading", step, "heading", f"{key}heading", max_chars=200)
        _bound(st.text_area, "Text (your words)", step, "text", f"{key}text", max_chars=TEXT_LIMIT, height=90)
        options = quote_options(data, step["focus"], [QuoteChoice.model_validate(quote) for quote in step["quotes"]])
        if options:
            st.caption("Quotes to show beside the map")
        chosen = []
        for number, (choice, quote, on) in enumerate(options):
            if f"{key}q{number}" not in state:
                state[f"{key}q{number}"] = on
            said = quote.text[:200] + ("…" if len(quote.text) > 200 else "")
            if st.checkbox(markdown(f"{choice.source}: “{said}”"), key=f"{key}q{number}"):
                chosen.append(choice.model_dump(mode="json", exclude_none=True))
        step["quotes"] = chosen
        up, down, remove, _ = st.columns([1, 1, 1, 3])
        up.button("Move up", key=f"{key}up", on_click=_move, args=(uid, -1), disabled=index == 0)
        down.button("Move down", key=f"{key}down", on_click=_move, args=(uid, 1), disabled=index == count - 1)
        remove.button("Remove", key=f"{key}remove", on_click=_remove, args=(uid,))
        try:
            record = StepRecord.model_validate(_step_fields(step))
        except ValidationError:
            st.caption("Give the step a heading and your words to preview it.")
            continue
        shown, problems = step_preview(data, record)
        for problem in problems:
            st.warning(f"This step cannot be saved: {markdown(problem)}")
        if shown is not None:
            with st.expander("Preview, as the Briefing page shows it"):
                st.html(step_html(data.focused(shown.state), shown))
                st.page_link("pages/map.py", label=f"The map of {shown.year}",
                             query_params={name: value for name, value in (
                                 ("year", str(shown.year)), ("state", shown.state), ("focus", shown.tie),
                                 ("kinds", ",".join(shown.shown[0])), ("evidence", shown.shown[1])) if value})

st.button("Save the story", type="primary", on_click=_save, disabled=not draft["steps"], key="story-save")
if REFUSED in state:
    st.error(markdown(state[REFUSED]))
