"""What every page shares: the cached dataset, and the year (and other choices) kept in the URL.

The year lives in st.session_state["year"] for the whole session, is read from `?year=` when a
link is opened, and is written back to the URL on every change, so any view can be shared.
"""
from __future__ import annotations

import gc

import streamlit as st

from geo.charts import timeline_figure
from geo.dataset import Dataset, load
from geo.handouts import images_unavailable
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.codebook import KINDS, Kind, Status
from geo.docs import method_text
from geo.figures import Scale, base_traces, fergana_figure, locator_figure, map_view
from geo import safe
from geo.filters import EVIDENCE_LABELS, Evidence, TieFilter, filtered

from geo.__main__ import BINARY_FORMATS, TEXT_FORMATS
from geo.panels import STYLE as PANEL_STYLE, event_card, quote_html, relation_card, year_panels
from geo.records import DataError
from geo.styles import definition as map_definition
from geo.timeline import Moment, YearState, key_moments, partners, ties_with, year_state
from geo.viewstate import parse_choice, parse_evidence, parse_kinds, parse_span, parse_year
from pages.components import atlas_html, atlas_map  # noqa: F401 (atlas_html is used by pages)


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    data = load()
    # Streamlit runs a full garbage collection after every script run, holding up the messages of
    # that run; walking the libraries and the dataset, which live as long as the server, took
    # longer than the rest of a year step. Frozen, they are skipped, and a collection only walks
    # what later runs allocate. (Unfrozen first, so a dataset replaced after a cache clear can go.)
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return data


SHOWN_PROBLEMS = 10


def data_or_stop() -> Dataset:
    _repeat_notices()
    try:
        return dataset()
    except DataError as exc:
        # A summary, not every line: a broken file of thousands of records would make a page of them.
        first = exc.problems[:SHOWN_PROBLEMS]
        more = len(exc.problems) - len(first)
        st.error(f"The data in data/ has {len(exc.problems):,} problem(s), so nothing is drawn until they are "
                 "fixed. `python -m geo validate` lists them all; the first:\n\n"
                 + "\n".join(f"- {safe.markdown(p)}" for p in first)
                 + (f"\n\n…and {more:,} more." if more else ""))
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=200)
def cached_state(year: int) -> YearState:
    return year_state(dataset(), year)


def _scale(projector: bool) -> tuple[Scale, int]:
    return (Scale.projector(), 820) if projector else (Scale(), 680)


# A filter travels as plain values (sorted kind names, evidence name) so the caches can key on it.
NO_FILTER: tuple[tuple[str, ...], str | None] = ((), None)


def _tie_filter(shown: tuple[tuple[str, ...], str | None]) -> TieFilter:
    kinds, evidence = shown
    return TieFilter(frozenset(Kind(k) for k in kinds), Evidence(evidence) if evidence else None)


@st.cache_resource(show_spinner=False, max_entries=400)
def shown_state(year: int, shown: tuple[tuple[str, ...], str | None] = NO_FILTER) -> YearState:
    return filtered(dataset(), cached_state(year), _tie_filter(shown))


@st.cache_resource(show_spinner=False, max_entries=400)  # shared, never mutated: no copy per step
def cached_view(year: int, selected: str | None, projector: bool,
                shown: tuple[tuple[str, ...], str | None] = NO_FILTER) -> dict:
    scale, height = _scale(projector)
    return map_view(dataset(), shown_state(year, shown), selected, scale, height)


@st.cache_resource(show_spinner=False)
def cached_base(projector: bool) -> list[dict]:
    return base_traces(dataset(), "region", _scale(projector)[0])


@st.cache_resource(show_spinner=False)
def cached_frames(projector: bool, shown: tuple[tuple[str, ...], str | None] = NO_FILTER) -> dict[int, dict]:
    return {year: cached_view(year, None, projector, shown) for year in range(FIRST_YEAR, LAST_YEAR + 1)}


@st.cache_resource(show_spinner=False, max_entries=41)
def cached_panels(year: int | None = None, shown: tuple[tuple[str, ...], str | None] = NO_FILTER) -> dict:
    """Every year's quoted panel for the map component, or (first paint) only `year`'s, of the ties the
    filter keeps."""
    years = range(FIRST_YEAR, LAST_YEAR + 1) if year is None else [year]
    return year_panels(dataset(), [shown_state(one, shown) for one in years])


def show_map(year: int, focused: str | None, projector: bool = False, key: str = "atlas-map",
             control: bool = False, presenter: bool = False, shown: tuple[tuple[str, ...], str | None] = NO_FILTER):
    """Draw the map; return what the user did on it (`step`: +1/-1 from the presenter's keys).

    With `control`, the year is a browser control beside the map and the quoted panel of every year
    goes along: the browser moves the year itself and reports where it settled (see _map_settled).
    The country outlines and every year's layers go to the browser once a session: the year shown
    first, the rest when the browser asks for them once it has drawn it. Layers and panels hold the
    ties the filter `shown` keeps, and their ids name it: a new filter sends every year anew (at
    once, if the browser already had every year of another), so scrubbing shows filtered years.
    """
    mode = "projector" if projector else "screen"
    kept = f"{','.join(shown[0])}-{shown[1] or ''}"
    ids = {"base_id": f"base-{mode}", "frames_id": f"frames-{mode}-{kept}"}
    sent = st.session_state.setdefault("_map_sent", set())
    wanted = st.session_state.setdefault("_map_wanted", {ids["base_id"]})
    if any(part.startswith(f"frames-{mode}-") for part in wanted):
        wanted.add(ids["frames_id"])
    every_year = ids["frames_id"] in wanted
    if control:  # the first paint waits only for the year shown; its panel comes alone
        ids["panels_id"] = f"panels-{kept}" if every_year else f"panels-{year}-{kept}"
        wanted.add(ids["panels_id"])
    options = {"year": year, "focus": focused, "first": FIRST_YEAR, "last": LAST_YEAR, "control": control,
               "url": True, "presenter": presenter, "ack": st.session_state.get("_map_ack", 0),
               "projectionFrom": dataset().newest_source_date.year + 1, "definition": map_definition(),
               "view": cached_view(year, focused, projector, shown)}
    parts = {"base": lambda: cached_base(projector), "frames": lambda: cached_frames(projector, shown),
             "panels": lambda: cached_panels(None if every_year else year, shown)}
    payload = {**ids, "options": options}
    for part, make in parts.items():
        part_id = ids.get(f"{part}_id")
        if part_id in wanted and part_id not in sent:
            payload[part] = make()
            sent.add(part_id)
    return atlas_map(payload, key=key, on_missing_change=lambda: _map_missing(key),
                     on_settled_change=lambda: _map_settled(key), on_step_change=lambda: None)


def _map_missing(key: str) -> None:
    """The browser lacks a part (a new page load, or it wants every year now): send it this run."""
    missing = st.session_state[key].missing
    st.session_state["_repeat_notices"] = True
    st.session_state["_map_sent"].discard(missing)
    st.session_state["_map_wanted"].add(missing)


def _map_settled(key: str) -> None:
    """The year (or focused tie) moved in the browser and stayed put: the session, the URL as the
    server knows it (the browser has already written it) and so every other page follow."""
    told = st.session_state[key].settled or {}
    if not isinstance(told.get("year"), int) or not FIRST_YEAR <= told["year"] <= LAST_YEAR:
        return
    st.session_state["year"] = told["year"]
    st.session_state["_year_in_url"] = str(told["year"])
    st.session_state["_map_ack"] = told.get("seq", 0)
    set_param("year", str(told["year"]))
    set_param("focus", told.get("focus") if isinstance(told.get("focus"), str) else None)


@st.cache_data(show_spinner=False, max_entries=200)
def cached_timeline(year: int, selected: str | None, partner: str | None = None) -> dict:
    return timeline_figure(dataset(), year, selected, partner=partner)


@st.cache_data(show_spinner=False)
def cached_locator(code: str) -> dict:
    return locator_figure(dataset(), code)


@st.cache_data(show_spinner=False, max_entries=60)
def cached_fergana(year: int) -> dict:
    return fergana_figure(dataset(), cached_state(year))


@st.cache_data(show_spinner=False)
def partner_names() -> dict[str, str]:
    return partners(dataset())


@st.cache_data(show_spinner=False, max_entries=400)
def partner_ties(year: int, code: str) -> tuple[str, str]:
    """HTML of a partner's documented ties and of what sources argue about its future."""
    data = dataset()
    cards = {False: [], True: []}
    for relation in ties_with(data, code):
        speculative = relation.kind is Kind.prospective_alliance
        cards[speculative].append(relation_card(data, relation, status_in(year, relation.id), year))
    return tuple(PANEL_STYLE + "".join(cards[flag]) if cards[flag] else "" for flag in (False, True))


@st.cache_data(show_spinner=False, max_entries=60)
def fergana_panel(year: int) -> str:
    data = dataset()
    memos = [r for r in data.relations if r.provinces]
    events = [e for e in data.events if e.place in data.provinces]
    return PANEL_STYLE + "".join([relation_card(data, r, status_in(year, r.id), year) for r in memos]
                                 + [event_card(data, e, year) for e in events])


@st.cache_data(show_spinner=False)
def method_markdown() -> str:
    return method_text(dataset())


@st.cache_data(show_spinner=False)
def moments() -> list[Moment]:
    return key_moments(dataset())


def moment_html(moment: Moment, projection: bool) -> str:
    data = dataset()
    note = "<p class='atlas-projection'>Projection: no source is newer than " \
           f"{data.newest_source_date.year}.</p>" if projection else ""
    return (f"{PANEL_STYLE}<div class='atlas-moment'><h2>{moment.year}</h2><p class='atlas-caption'>"
            f"{safe.html(moment.caption)}</p>{note}{quote_html(data, moment.quote, moment.year)}</div>")


@st.cache_data(show_spinner=False, max_entries=100)
def export_file(fmt: str, year: int) -> bytes:
    """A download of the current view, in the command line's formats."""
    data = dataset()
    if fmt in BINARY_FORMATS:
        return BINARY_FORMATS[fmt](data, year)
    return TEXT_FORMATS[fmt](data, cached_state(year)).encode("utf-8")


def status_in(year: int, relation_id: str) -> Status | None:
    live = cached_state(year).get(relation_id)
    return live.status if live else None


def set_param(name: str, value: str | None) -> None:
    # Only real changes: each write sends the whole query string to the browser, which would put
    # back a URL the map's own control has moved on from.
    if value is None:
        if name in st.query_params:
            st.query_params.pop(name)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def notice(text: str | None) -> None:
    if text:
        st.warning(safe.markdown(text), icon="↪")
        st.session_state.setdefault("_notices_shown", []).append(text)


def _repeat_notices() -> None:
    """Show again the notices of the last run when this run is the map fetching the rest of the
    years: that run reads an already corrected URL, and the reader must still see what changed."""
    shown, st.session_state["_notices_shown"] = st.session_state.get("_notices_shown", []), []
    if st.session_state.pop("_repeat_notices", False):
        for text in shown:
            notice(text)


def shared_year(data: Dataset) -> int:
    """The session's year, kept in the URL. A `?year=` that differs from what this session last
    wrote there (a link opened, a URL edited, the back button) wins, as the nearest valid year."""
    raw = st.query_params.get("year")
    if "year" not in st.session_state or (raw is not None and raw != st.session_state.get("_year_in_url")):
        parsed = parse_year(raw, default=data.newest_source_date.year)
        st.session_state["year"] = parsed.value
        notice(parsed.notice)
    year = st.session_state["year"]
    st.session_state["_year_in_url"] = str(year)
    set_param("year", str(year))
    return year


def year_slider(data: Dataset, page: str, label: str = "Year") -> int:
    """The year slider, keyboard-steppable, synced both ways with the session and the URL."""
    year = shared_year(data)
    key = f"_year_slider_{page}"
    # Set the widget only when the year came from elsewhere (URL, another page): setting it on
    # every run would make the browser redraw the slider and drop its keyboard focus.
    if st.session_state.get("_year_slider_page") != page or st.session_state.get(key) != year:
        st.session_state[key] = year
    st.session_state["_year_slider_page"] = page
    st.slider(label, FIRST_YEAR, LAST_YEAR, key=key, on_change=_slider_moved, args=(key,),
              help="Drag, or focus and use the arrow keys. The URL follows, so the view can be shared.")
    return year


def _slider_moved(key: str) -> None:
    st.session_state["year"] = st.session_state[key]


def choice_param(name: str, choices: dict[str, str], default: str | None, what: str) -> str | None:
    """A URL choice such as `?country=KAZ`, falling back with a notice when unknown."""
    parsed = parse_choice(st.query_params.get(name), choices, default, what)
    notice(parsed.notice)
    set_param(name, parsed.value)
    return parsed.value


def url_select(label: str, name: str, options: list, current, format_func, clears: tuple[str, ...] = ()) -> None:
    """A select box bound to the URL's `?name=`: a pick rewrites the URL (dropping `clears`) and reruns."""
    choice = st.selectbox(label, options, index=options.index(current), format_func=format_func)
    if choice != current:
        set_param(name, choice)
        for other in clears:
            set_param(other, None)
        st.rerun()


def span_param(length: int) -> tuple[int, int] | None:
    parsed = parse_span(st.query_params.get("at"), length)
    notice(parsed.notice)
    if parsed.value is None:
        set_param("at", None)
    return parsed.value


IMAGE_FORMATS = ("png", "svg", "pdf")
EXPORTS = [("png", "Map (PNG)", "image/png"), ("svg", "Map (SVG)", "image/svg+xml"),
           ("csv", "Ties (CSV)", "text/csv"), ("json", "Ties and quotes (JSON)", "application/json"),
           ("geojson", "Links and events (GeoJSON)", "application/geo+json"),
           ("html", "Briefing, all years (HTML, works offline)", "text/html"),
           ("pdf", "Briefing pack, key moments (PDF)", "application/pdf")]


def export_buttons(year: int) -> None:
    # Behind a toggle: eight download buttons redrawn on every slider step would slow each step.
    if not st.toggle(f"Export {year}…", key="show-exports"):
        return
    missing = images_unavailable()
    with st.container(border=True):
        if missing:
            st.caption(missing)
        for fmt, label, mime in EXPORTS:
            if missing and fmt in IMAGE_FORMATS:
                continue
            name = f"uzbekistan-security-ties-{year}.{fmt}" if fmt not in ("html", "pdf") \
                else f"uzbekistan-security-ties-briefing.{fmt}"
            st.download_button(label, data=lambda fmt=fmt: export_file(fmt, year), file_name=name, mime=mime,
                               key=f"export-{fmt}", on_click="ignore", width="stretch")


def presentation_style() -> None:
    """Projector mode: no Streamlit chrome, the page filling a 16:9 screen, large type."""
    st.html("""<style>
header[data-testid=stHeader], [data-testid=stToolbar], [data-testid=stDecoration], [data-testid=stSidebar],
[data-testid=stTopNavigation], nav, footer, .st-key-atlas-menu {display:none !important}
.block-container{padding:1rem 1.5rem 0 !important;max-width:100% !important}
.atlas-moment h2{font-size:3.2rem;margin:.2rem 0}
.atlas-moment .atlas-caption{font-size:1.7rem;line-height:1.35;font-weight:600}
.atlas-moment blockquote.atlas-quote{font-size:1.45rem;line-height:1.45}
.atlas-moment .atlas-cite{font-size:1.05rem}
.atlas-projection{font-size:1.2rem;color:#8a4b00}
.atlas-bar{font-size:1.3rem !important}
.atlas-legend{font-size:1.2rem !important}
a.atlas-leave{color:#595959;font-size:.9rem}
.stButton button p{font-size:1.35rem}
</style>""")


def tie_filter_param(data: Dataset) -> tuple[tuple[str, ...], str | None]:
    """The map's filter from `?kinds=` and `?evidence=`, unknown values dropped with a notice."""
    kinds = {kind.value: KINDS[kind].label for kind in dict.fromkeys(r.kind for r in data.relations)}
    parsed_kinds = parse_kinds(st.query_params.get("kinds"), kinds)
    parsed_evidence = parse_evidence(st.query_params.get("evidence"), tuple(e.value for e in Evidence))
    for parsed in (parsed_kinds, parsed_evidence):
        notice(parsed.notice)
    shown = (tuple(sorted(parsed_kinds.value)), parsed_evidence.value)
    set_param("kinds", ",".join(shown[0]) or None)
    set_param("evidence", shown[1])
    return shown


def tie_filter_controls(data: Dataset, shown: tuple[tuple[str, ...], str | None]) -> None:
    """Kind and evidence pickers; a change rewrites the URL (and drops a focus the filter may hide)."""
    kinds = {kind.value: KINDS[kind].label for kind in dict.fromkeys(r.kind for r in data.relations)}
    with st.expander("Filter ties" + (" (on)" if shown != NO_FILTER else ""), expanded=shown != NO_FILTER):
        picked = st.multiselect("Kinds shown (none picked: all)", list(kinds), default=list(shown[0]),
                                format_func=kinds.get)
        evidence_options = [None, *(e.value for e in Evidence)]
        evidence = st.radio("Evidence", evidence_options, index=evidence_options.index(shown[1]),
                            format_func=lambda e: EVIDENCE_LABELS[Evidence(e) if e else None],
                            horizontal=True)
    if (tuple(sorted(picked)), evidence) != shown:
        set_param("kinds", ",".join(sorted(picked)) or None)
        set_param("evidence", evidence)
        set_param("focus", None)
        st.rerun()
